/**
 * Messages that were wrong or unreadable: a NUL byte (said what was found and where, instead of
 * "looks like UTF-16" for every binary file), mixed CRLF / LF line endings (read as they look),
 * huge header names (cut, not echoed whole), the --cv hint's grammar, and stdin named twice.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { run, tempDir, tempFile } from '../helpers/cli.js';

async function errorLines(argv: string[], stdin?: Buffer | string): Promise<{ code: number; lines: string[] }> {
  const { code, stderr } = await run(argv, stdin === undefined ? {} : { stdin });
  return { code, lines: stderr.split('\n').filter((l) => l.startsWith('calib: error:') || l.startsWith('  hint:')) };
}

describe('a NUL byte says what the file looks like, and where', () => {
  it.each([
    ['random bytes', () => Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919 + 3) % 256)),
      /^F:\d+: a NUL byte \(0x00\) at column \d+: this looks like binary data, not text\. A CSV file holds no NUL bytes\.$/, /not a binary file/],
    ['gzip inside gzip', () => gzipSync(gzipSync('p_a,p_b,label\n0.5,0.5,0\n')),
      /^F:1: a NUL byte \(0x00\) at column 4: the data is gzip-compressed twice \(gzip inside gzip\)\. A CSV file holds no NUL bytes\.$/, /gunzip -c FILE/],
    ['a ZIP archive', () => Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x00\x00'), Buffer.alloc(40)]),
      /^F:1: a NUL byte \(0x00\) at column 6: this is a ZIP archive, not a CSV file\./, /unzip FILE/],
    ['UTF-16 LE without a byte order mark', () => Buffer.from('p_a,p_b,label\n0.5,0.5,0\n', 'utf16le'),
      /^F:1: a NUL byte \(0x00\) at column 2: every other byte is 0, as in UTF-16 LE text without a byte order mark\./, /iconv -f UTF-16LE/],
    ['UTF-16 BE without a byte order mark', () => Buffer.from('p_a,p_b,label\n0.5,0.5,0\n', 'utf16le').swap16(),
      /^F:1: a NUL byte \(0x00\) at column 1: every other byte is 0, as in UTF-16 BE text/, /iconv -f UTF-16BE/],
    ['a NUL deep in the file (line 3002, column 5)', () => Buffer.from('p_a,p_b,label\n' + '0.5,0.5,0\n'.repeat(3000) + '0.5,\x000.5,1\n'),
      /^F:3002: a NUL byte \(0x00\) at column 5: this looks like binary data, not text\./, /prediction CSV/],
    // A binary file's label cell with a NUL far from the start: the byte-level reader must not
    // take "1\0" for a second class (it did, exit 0, past its first KiB).
    ['a NUL in a binary label cell on line 1002', () => Buffer.from('p,label\n' + '0.5,1\n'.repeat(1000) + '0.5,1\x00\n' + '0.4,0\n'.repeat(10)),
      /^F:1002: a NUL byte \(0x00\) at column 6: this looks like binary data, not text\./, /prediction CSV/],
    ['a NUL in the second half of a file read on two threads (over 16 MiB)', () => Buffer.from('p,label\n' + '0.5,1\n0.4,0\n'.repeat(1_500_000) + '0.5,\x000\n'),
      /^F:3000002: a NUL byte \(0x00\) at column 5: this looks like binary data, not text\./, /prediction CSV/],
    ['a NUL after a UTF-8 byte order mark (columns count from after it)', () => Buffer.from('\uFEFFp_a\x00,p_b,label\n'),
      /^F:1: a NUL byte \(0x00\) at column 4: /, /prediction CSV/],
  ])('%s', async (_name, bytes, error, hint) => {
    const path = tempFile('preds.csv', bytes());
    const { code, lines } = await errorLines(['report', path]);
    expect(code).toBe(2);
    expect(lines[0]!.replace(`calib: error: ${path}`, 'F')).toMatch(error);
    expect(lines[1]).toMatch(hint);
  });

  it('through stdin too, and inside a gzip file: the line and column of the decompressed text', async () => {
    const text = 'p_a,p_b,label\n0.5,0.5,0\n0.5,0.5\x00,1\n';
    expect((await errorLines(['report', '-'], text)).lines[0]).toBe('calib: error: -:3: a NUL byte (0x00) at column 8: this looks like binary data, not text. A CSV file holds no NUL bytes.');
    const gz = tempFile('preds.csv.gz', gzipSync(text));
    expect((await errorLines(['report', gz])).lines[0]).toBe(`calib: error: ${gz}:3: a NUL byte (0x00) at column 8: this looks like binary data, not text. A CSV file holds no NUL bytes.`);
  });

  it.each([
    ['UTF-16 LE', Buffer.from('\uFEFFp_a,label\n', 'utf16le'), 'UTF-16 LE text (it starts with the byte order mark FF FE)', 'UTF-16'],
    ['UTF-16 BE', Buffer.from('\uFEFFp_a,label\n', 'utf16le').swap16(), 'UTF-16 BE text (it starts with the byte order mark FE FF)', 'UTF-16'],
    ['UTF-32 LE', Buffer.from([0xff, 0xfe, 0, 0, 0x70, 0, 0, 0]), 'UTF-32 LE text (it starts with the byte order mark FF FE 00 00)', 'UTF-32LE'],
    ['UTF-32 BE', Buffer.from([0, 0, 0xfe, 0xff, 0, 0, 0, 0x70]), 'UTF-32 BE text (it starts with the byte order mark 00 00 FE FF)', 'UTF-32BE'],
  ])('a %s byte order mark is named as such', async (_name, bytes, found, iconv) => {
    const path = tempFile('preds.csv', bytes);
    const { code, lines } = await errorLines(['report', path]);
    expect(code).toBe(2);
    expect(lines).toEqual([`calib: error: ${path}: looks like ${found}; calib reads UTF-8.`,
      `  hint: Re-save the file as UTF-8 (e.g. \`iconv -f ${iconv} -t UTF-8 in.csv > out.csv\`).`]);
  });
});

describe('mixed CRLF and LF line endings are read as they look', () => {
  const rows = ['1,0.9', '0,0.25', '1,0.75', '0,0.35', '1,0.6', '0,0.1'];
  it.each([
    ['a CRLF header, LF rows', 'label,p\r\n' + rows.join('\n') + '\n'],
    ['an LF header, every other row CRLF (the score last)', 'label,p\n' + rows.map((r, i) => r + (i % 2 ? '\r\n' : '\n')).join('')],
    ['CRLF rows appended to an LF file', 'label,p\n' + rows.slice(0, 3).join('\n') + '\n' + rows.slice(3).map((r) => r + '\r\n').join('')],
    ['CR, CRLF and LF', 'label,p\r' + rows.map((r, i) => r + ['\n', '\r\n', '\r'][i % 3]).join('')],
  ])('%s: the same numbers as the LF file', async (_name, text) => {
    const lf = text.replace(/\r\n?/g, '\n');
    const expected = JSON.parse((await run(['report', tempFile('lf.csv', lf), '--format', 'json', '-q'])).stdout) as { metrics: unknown };
    const { code, stdout, stderr } = await run(['report', tempFile('mixed.csv', text), '--format', 'json', '-q']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { metrics: unknown }).metrics).toEqual(expected.metrics);
  });

  it('class names in the last column are not kept with a CR, and line numbers still count every line ending', async () => {
    const path = tempFile('mixed.csv', 'p_cat,p_dog,label\r\n0.2,0.8,dog\n0.6,0.4,cat\r\n0.5,0.5,wolf\n');
    const { code, lines } = await errorLines(['report', path]);
    expect(code).toBe(2);
    expect(lines[0]).toBe(`calib: error: ${path}:4: column "label": label "wolf" is not one of the classes ("cat", "dog"; or indices 0..1).`);
  });
});

describe('long names are cut in messages', () => {
  const big = 'x'.repeat(200_000);
  it.each([
    ['a long label column named by --label that is missing', `label,${big},p_b\n0,abc,0.5\n`, ['--label', 'nope']],
    ['two long duplicate header names', `${big},${big},label\n0.5,0.5,0\n`, []],
    ['a long header with no label column', `${big},p_b\n0.5,0.5\n`, []],
    ['a bad cell under a long column name', `label,${big},p_b\n0,0.4,0.6\n1,abc,0.7\n`, ['--scores', `${big},p_b`]],
    ['a long bad cell', `label,p_a,p_b\n0,${'1'.repeat(100_000)}x,0.5\n`, ['--scores', 'p_a,p_b']],
  ])('%s: every stderr line is short', async (_name, text, extra) => {
    const { code, stderr } = await run(['report', tempFile('preds.csv', text), ...extra]);
    expect(code).toBe(2);
    for (const line of stderr.split('\n')) expect(line.length).toBeLessThan(400);
    expect(stderr).toContain('...');
  });

  it('the notes about the columns cut them too (stdout keeps the full name: it is data)', async () => {
    const { code, stderr, stdout } = await run(['report', tempFile('preds.csv', `label,p_${big},p_b\n0,0.4,0.6\n1,0.3,0.7\n`), '--format', 'json']);
    expect(code).toBe(0);
    expect(stderr.length).toBeLessThan(1000);
    expect(stderr).toContain(`"p_${'x'.repeat(35)}..."`);
    expect(stdout).toContain(big);
  });
});

describe('--cv hint and stdin named twice', () => {
  it('one row: no "at most 1 folds"', async () => {
    const { code, lines } = await errorLines(['temperature', tempFile('one.csv', 'label,p\n1,0.7\n'), '-q']);
    expect(code).toBe(2);
    expect(lines).toEqual(['calib: error: cannot split 1 row into 5 folds: some folds would be empty.',
      '  hint: Cross-fitting needs at least 2 rows: evaluate the temperature on a second file instead (--apply FILE).']);
  });
  it('three rows: "at most 3 folds"', async () => {
    const { lines } = await errorLines(['temperature', tempFile('three.csv', 'label,p\n1,0.7\n0,0.2\n1,0.6\n'), '-q']);
    expect(lines[1]).toBe('  hint: Use at most 3 folds (--cv 3), or evaluate the temperature on a second file instead (--apply FILE).');
  });
  it.each([
    ['compare - -', ['compare', '-', '-']],
    ['compare a - -', ['compare', 'a.csv', '-', '-']],
    ['temperature - --apply -', ['temperature', '-', '--apply', '-']],
  ])('%s: says stdin can be read once, before reading anything', async (_name, argv) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.csv'), 'label,p\n1,0.7\n0,0.2\n');
    const { code, lines } = await errorLines(argv.map((a) => (a === 'a.csv' ? join(dir, a) : a)), 'label,p\n1,0.7\n0,0.2\n');
    expect(code).toBe(2);
    expect(lines).toEqual(['calib: error: two of the input files are - (stdin), and stdin can be read only once.',
      '  hint: Save one of them to a file and name it instead (e.g. `cat > a.csv`).']);
  });
});
