import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { DEFAULT_READ_OPTIONS, readPredictions } from '../../src/io/read-predictions.js';
import { expectCalibError, expectReadError, readStdin, readText, rowsOf, tempDir, writeTemp } from './helpers.js';

const CSV = 'p_cat,p_dog,label\n0.25,0.75,dog\n1,0,0\n';
// Expected log-space rows: (log 0.25, log 0.75) and (0, log 1e-12): the exact 0 gets the floor.
const EXPECTED = [[Math.log(0.25), Math.log(0.75)], [0, Math.log(1e-12)]];

describe('CSV dialects', () => {
  test.each([
    ['comma', CSV],
    ['tab', CSV.replaceAll(',', '\t')],
    ['semicolon', CSV.replaceAll(',', ';')],
    ['CRLF', CSV.replaceAll('\n', '\r\n')],
    ['CR only', CSV.replaceAll('\n', '\r')],
    ['UTF-8 BOM', '\uFEFF' + CSV],
    ['quoted fields', '"p_cat","p_dog","label"\n"0.25",0.75,"dog"\n1,"0","0"\n'],
    ['no final newline', CSV.trimEnd()],
    ['blank lines', '\n' + CSV.replace('\n1', '\n\n  \n1') + '\n\n'],
    ['spaces around numbers', 'p_cat, p_dog , label\n 0.25 ,0.75, dog \n1,0,0\n'],
  ])('%s', async (_, text) => {
    const result = await readText(text);
    expect(result.scoreColumns).toEqual(['p_cat', 'p_dog']);
    expect(result.labelColumn).toBe('label');
    expect(result.predictions.classNames).toEqual(['cat', 'dog']);
    expect(Array.from(result.predictions.labels)).toEqual([1, 0]);
    expect(rowsOf(result)).toEqual(EXPECTED);
    expect(result.floorHits).toBe(0);
  });

  test('the delimiter is sniffed outside quotes: a quoted header with commas in a semicolon file', async () => {
    const result = await readText('"p,a";"p,b";label\n0,5;0,5;0\n'.replace(/0,5/g, '0.5'));
    expect(result.scoreColumns).toEqual(['p,a', 'p,b']);
  });

  test('a quoted field spanning lines (CRLF) keeps physical line numbers for later rows', async () => {
    const text = 'note,p0,p1,label\r\n"multi\r\nline\r\nnote",0.5,0.5,0\r\nok,0.5,0.5,1\r\n\r\nbad,0.5,x,1\r\n';
    // Lines: 1 header, 2-4 the quoted note, 5 "ok", 6 blank, 7 "bad".
    await expectReadError(text, { line: 7, column: 'p1', message: ['"x" is not a number'] });
  });

  test('a quoted field spanning lines (LF) inside a score row', async () => {
    const text = 'id,p0,p1,label\n"a\nb",0.5,0.5,0\n"c",0.5,0.5,7\n';
    await expectReadError(text, { line: 4, column: 'label', message: ['label "7"'] });
  });
});

describe('gzip', () => {
  test('a .gz file is read transparently', async () => {
    const result = await readText(gzipSync(CSV), {}, 'preds.csv.gz');
    expect(rowsOf(result)).toEqual(EXPECTED);
  });

  test('gzip is detected by its magic bytes, not the extension', async () => {
    const result = await readText(gzipSync(CSV), {}, 'preds.csv');
    expect(rowsOf(result)).toEqual(EXPECTED);
  });

  test('a large gzip file streams through in many chunks', async () => {
    const rows = Array.from({ length: 20000 }, (_, i) => `${(i % 100) / 100},${1 - (i % 100) / 100},${i % 2}`);
    const result = await readText(gzipSync(['p0,p1,label', ...rows].join('\n')), {}, 'big.gz');
    expect(result.predictions.rows).toBe(20000);
    expect(result.predictions.labels[19999]).toBe(1);
    // Row 19999 has p0 = 0.99, p1 = 1 - 0.99.
    expect(result.predictions.scores[2 * 19999]).toBeCloseTo(Math.log(0.99), 12);
  });

  test('a truncated gzip file -> badGzip', async () => {
    const whole = gzipSync(CSV + '0.5,0.5,1\n'.repeat(500));
    await expectReadError(whole.subarray(0, whole.length - 12), { message: ['damaged or truncated'], hint: /gzip -t/ });
  });

  test('gzip magic followed by garbage -> badGzip', async () => {
    await expectReadError(Buffer.from([0x1f, 0x8b, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88]),
      { message: ['gzip data is damaged'] });
  });
});

describe('stdin', () => {
  test('- reads the given stdin stream, plain or gzipped', async () => {
    const plain = await readStdin(CSV);
    expect(plain.file).toBe('-');
    expect(rowsOf(plain)).toEqual(EXPECTED);
    expect(rowsOf(await readStdin(gzipSync(CSV)))).toEqual(EXPECTED);
  });

  test('errors from stdin name the file "-"', async () => {
    await expectCalibError(readStdin('p0,p1,label\n0.5,0.5,9\n'), { file: '-', line: 2, column: 'label', message: ['"9"'] });
  });
});

describe('encodings and files', () => {
  const utf16le = Buffer.from('\uFEFFp0,p1,label\n0.5,0.5,0\n', 'utf16le');
  test.each([
    ['UTF-16 LE with BOM', utf16le],
    ['UTF-16 BE with BOM', Buffer.from(utf16le).swap16()],
    ['gzipped UTF-16', gzipSync(utf16le)],
  ])('%s -> utf16 error', async (_, bytes) => {
    await expectReadError(bytes, { message: ['UTF-16'], hint: /iconv/ });
  });
  test('UTF-16 LE without BOM -> the first NUL byte, line 1, and what it looks like', async () => {
    await expectReadError(Buffer.from('p0,p1,label\n0.5,0.5,0\n', 'utf16le'), { line: 1,
      message: ['a NUL byte (0x00) at column 2: every other byte is 0, as in UTF-16 LE text without a byte order mark.'], hint: /iconv -f UTF-16LE/ });
  });

  test('an empty directory (or one of bookkeeping only) -> emptyDirectory, naming what was skipped', async () => {
    const dir = join(tempDir(), 'a-directory');
    mkdirSync(join(dir, '_temporary'), { recursive: true });
    writeFileSync(join(dir, '_SUCCESS'), '');
    writeFileSync(join(dir, '.part-0.crc'), '');
    await expectCalibError(readPredictions(dir, DEFAULT_READ_OPTIONS), { file: dir, message: ['the directory holds no prediction files', 'skipped as bookkeeping'], hint: /glob/ });
  });

  test('a missing file -> cannotRead', async () => {
    const path = join(tempDir(), 'missing.csv');
    await expectCalibError(readPredictions(path, DEFAULT_READ_OPTIONS), { file: path, message: ['cannot read the file: no such file'] });
  });

  test('a path through a regular file -> cannotRead', async () => {
    const path = join(writeTemp(CSV), 'inner.csv');
    await expectCalibError(readPredictions(path, DEFAULT_READ_OPTIONS), { file: path, message: ['cannot read the file'] });
  });

  // Root ignores file permissions, so this case can only be observed as another user.
  test.skipIf(process.getuid?.() === 0)('an unreadable file -> cannotRead (permission denied)', async () => {
    const path = writeTemp(CSV);
    chmodSync(path, 0o000);
    await expectCalibError(readPredictions(path, DEFAULT_READ_OPTIONS), { file: path, message: ['permission denied'] });
  });
});

describe('delimiter sniffing skips leading blank lines', () => {
  test('a tab file that starts with blank lines', async () => {
    const result = await readText('\n\r\n' + CSV.replaceAll(',', '\t'));
    expect(rowsOf(result)).toEqual(EXPECTED);
  });

  test('the header line may be longer than one read chunk', async () => {
    const k = 12000; // about 110 kB of header, more than a 64 kB stream chunk
    const header = [...Array.from({ length: k }, (_, i) => `logit_${i}`), 'label'].join(';');
    const row = [...Array.from({ length: k }, (_, i) => String((i % 7) - 3)), '5'].join(';');
    const result = await readText(`${header}\n${row}\n`);
    expect(result.predictions.classes).toBe(k);
    expect(result.predictions.labels[0]).toBe(5);
    expect(result.predictions.scores[k - 1]).toBe(((k - 1) % 7) - 3);
  });
});
