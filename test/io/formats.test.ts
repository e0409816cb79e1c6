/**
 * .npy, .npz, Parquet and JSON Lines (fixtures/formats/, written by numpy, pandas, Python's json
 * and DuckDB from the CSV fixtures): every metric, bin and class must be identical, bit for bit,
 * to calib's on the CSV, and broken files must exit 2 naming the file and the row.
 */
import { describe, expect, test } from 'vitest';
import { readPredictions, DEFAULT_READ_OPTIONS } from '../../src/io/read-predictions.js';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { repoRoot, run, tempDir } from '../helpers/cli.js';

const F = `${repoRoot}fixtures/formats/`;
const CSV = `${repoRoot}fixtures/`;

interface Doc { rows: number; classes: number; class_names: string[]; kind: string; metrics: unknown; bins: unknown; details: unknown; floor_hits: unknown }

async function report(args: string[]): Promise<Doc> {
  const { code, stdout, stderr } = await run(['report', ...args, '--format', 'json']);
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout) as Doc;
}

/** The parts of a report that depend on the numbers only (not on file or column names). */
const numbers = (d: Doc): string => JSON.stringify([d.rows, d.classes, d.class_names, d.kind, d.metrics, d.bins, d.details, d.floor_hits]);

const labels = ['--labels', `${F}digits-labels.npy`];
const same: [string, string[], string, string[]][] = [
  ['.npy float64 + --labels .npy (int64)', [`${F}digits-logits.npy`, ...labels], 'digits-logreg-logits.csv', []],
  ['.npy big-endian, Fortran order', [`${F}digits-logits-fortran-be.npy`, '--labels', `${F}digits-labels-int16.npy`], 'digits-logreg-logits.csv', []],
  ['.npz (np.savez), keys by name', [`${F}digits.npz`], 'digits-logreg-logits.csv', []],
  ['.npz (np.savez_compressed), targets', [`${F}digits-compressed.npz`], 'digits-logreg-logits.csv', []],
  ['.npz --key logits', [`${F}digits.npz`, '--key', 'logits'], 'digits-logreg-logits.csv', []],
  ['.npz labels of shape (N, 1), as (N,)', [`${F}digits-labels-column.npz`], 'digits-logreg-logits.csv', []],
  ['--labels .npy of shape (N, 1), as (N,)', [`${F}digits-logits.npy`, '--labels', `${F}digits-labels-column.npy`], 'digits-logreg-logits.csv', []],
  ['.npz binary, boolean labels', [`${F}breast-cancer.npz`], 'breast-cancer-logreg-probs.csv', []],
  ['.npz binary P(y = 1) of shape (N, 1) (Keras sigmoid), as (N,)', [`${F}breast-cancer-column.npz`], 'breast-cancer-logreg-probs.csv', []],
  ['.npz string labels with --classes', [`${F}wine.npz`, '--classes', 'class_0,class_1,class_2'], 'wine-logreg-probs.csv', []],
  ['.npz float16, widened exactly', [`${F}hand-f16.npz`], 'formats/hand-f16-widened.csv', []],
  ['JSON Lines, an array field', [`${F}digits-logits.jsonl`], 'digits-logreg-logits.csv', []],
  ['JSON Lines, nested --scores resps.logits', [`${F}digits-nested.jsonl`, '--scores', 'resps.logits'], 'digits-logreg-logits.csv', []],
  ['JSON Lines (pandas), per-class fields', [`${F}digits-forest.jsonl`], 'formats/digits-forest-15dp.csv', []],
  ['JSON array (pandas)', [`${F}digits-forest.json`], 'formats/digits-forest-15dp.csv', []],
  ['Parquet snappy', [`${F}digits-snappy.parquet`], 'digits-logreg-logits.csv', []],
  ['Parquet gzip', [`${F}digits-gzip.parquet`], 'digits-logreg-logits.csv', []],
  ['Parquet zstd', [`${F}digits-zstd.parquet`], 'digits-logreg-logits.csv', []],
  ['Parquet list<double>', [`${F}digits-list.parquet`], 'digits-logreg-logits.csv', []],
  ['Parquet fixed-size list, text labels', [`${F}digits-array.parquet`], 'digits-logreg-logits.csv', []],
  ['Parquet binary', [`${F}breast-cancer.parquet`], 'breast-cancer-logreg-probs.csv', []],
];

describe('every format gives the CSV\'s numbers, bit for bit', () => {
  test.each(same)('%s', async (_, args, csv, extra) => {
    const [mine, theirs] = await Promise.all([report([...args, ...extra]), report([`${CSV}${csv}`, ...extra])]);
    expect(numbers(mine)).toBe(numbers(theirs));
  });

  test('float32 scores are widened exactly (the float32 roundings of the CSV values)', async () => {
    const csv = await readPredictions(`${CSV}digits-logreg-logits.csv`, DEFAULT_READ_OPTIONS);
    const npy = await readPredictions(`${F}digits-logits-f32.npy`, { ...DEFAULT_READ_OPTIONS, labels: `${F}digits-labels.npy` });
    expect(npy.format).toBe('npy');
    expect(Array.from(npy.predictions.scores)).toEqual(Array.from(csv.predictions.scores, Math.fround));
    expect(Array.from(npy.predictions.labels)).toEqual(Array.from(csv.predictions.labels));
  });

  test('the column decisions are recorded as for CSV', async () => {
    const read = await readPredictions(`${F}digits.npz`, DEFAULT_READ_OPTIONS);
    expect(read.columns.map((c) => [c.name, c.role])).toEqual([
      ...Array.from({ length: 10 }, (_, j) => [`logits.${j}`, 'score']), ['labels', 'label']]);
    const withFile = await readPredictions(`${F}digits-logits.npy`, { ...DEFAULT_READ_OPTIONS, labels: `${F}digits-labels.npy` });
    expect(withFile.columns.at(-1)).toMatchObject({ name: 'digits-labels.npy', role: 'label', reason: `--labels ${F}digits-labels.npy` });
    const jsonl = await readPredictions(`${F}digits-logits.jsonl`, DEFAULT_READ_OPTIONS);
    expect(jsonl.columns[0]).toMatchObject({ name: 'idx', role: 'id' });
  });
});

const broken: [string, string[], string[]][] = [
  ['truncated .npy', [`${F}broken-truncated.npy`, ...labels], ['broken-truncated.npy: row 887:', 'truncated']],
  ['rank 3', [`${F}broken-rank3.npy`, ...labels], ['broken-rank3.npy:', 'rank 3']],
  ['complex dtype', [`${F}broken-complex.npy`, ...labels], ['broken-complex.npy:', '"<c16"']],
  ['pickled objects', [`${F}broken-object.npy`, ...labels], ['"|O"', 'pickled']],
  ['label count mismatch', [`${F}digits-logits.npy`, '--labels', `${F}broken-labels-short.npy`], ['899 rows', 'has 898']],
  ['NaN in an .npz', [`${F}broken-nan.npz`], ['broken-nan.npz: row 42: column "logits.3":', 'not a finite number']],
  ['infinity in an .npy', [`${F}broken-inf.npy`, ...labels], ['broken-inf.npy: row 8: column "broken-inf.0":', '"Infinity"']],
  ['truncated .npz', [`${F}broken-truncated.npz`], ['broken-truncated.npz:', 'truncated']],
  ['.npy without labels', [`${F}digits-logits.npy`], ['--labels FILE.npy']],
  ['--labels on a CSV', [`${CSV}digits-logreg-logits.csv`, ...labels], ['--labels']],
  ['truncated JSON line', [`${F}broken-truncated.jsonl`], ['broken-truncated.jsonl:10:', 'malformed']],
  ['JSON row of the wrong length', [`${F}broken-short-row.jsonl`], ['broken-short-row.jsonl:5: column "logits":', 'has 9 values']],
  ['NaN in Parquet', [`${F}broken-nan.parquet`], ['broken-nan.parquet: row 10: column "logit_0":', 'not a finite number']],
  ['Parquet list of the wrong length', [`${F}broken-ragged-list.parquet`], ['broken-ragged-list.parquet: row 17:', 'holds 9 values']],
  ['truncated Parquet', [`${F}broken-truncated.parquet`], ['broken-truncated.parquet:', 'truncated']],
];

describe('several files as one data set', () => {
  test('a directory of part-files and a glob read in sorted order give the whole file\'s numbers', async () => {
    const whole = await report([`${CSV}digits-logreg-logits.csv`]);
    expect(numbers(await report([`${F}digits-parts`]))).toBe(numbers(whole));
    expect(numbers(await report([`${F}digits-parts/part-*.parquet`]))).toBe(numbers(whole));
  });

  test('a glob such as dir/* skips Spark\'s _SUCCESS and .crc files, as the directory does', async () => {
    const dir = tempDir();
    for (const part of ['part-00000', 'part-00001', 'part-00002']) {
      copyFileSync(`${F}digits-parts/${part}.parquet`, join(dir, `${part}.parquet`));
      writeFileSync(join(dir, `.${part}.parquet.crc`), 'crc');
      writeFileSync(join(dir, `${part}.parquet.crc`), 'crc');
    }
    writeFileSync(join(dir, '_SUCCESS'), '');
    const whole = numbers(await report([`${CSV}digits-logreg-logits.csv`]));
    expect(numbers(await report([join(dir, '*')]))).toBe(whole);
    expect(numbers(await report([dir]))).toBe(whole);
    // A pattern that spells the bookkeeping names still matches them.
    expect((await run(['report', join(dir, '*.crc')])).stderr).not.toContain('no file matches');
  });

  test('CSV shards are one data set, and an error names the shard and its line', async () => {
    const dir = tempDir();
    const lines = readFileSync(`${CSV}digits-logreg-logits.csv`, 'utf8').trimEnd().split('\n');
    writeFileSync(join(dir, 'part-1.csv'), [lines[0], ...lines.slice(1, 301)].join('\n') + '\n');
    writeFileSync(join(dir, 'part-2.csv'), [lines[0], ...lines.slice(301)].join('\n') + '\n');
    expect(numbers(await report([join(dir, 'part-*.csv')]))).toBe(numbers(await report([`${CSV}digits-logreg-logits.csv`])));
    const bad = [lines[0], ...lines.slice(301)];
    bad[9] = bad[9]!.replace(/^[^,]*/, 'inf');
    writeFileSync(join(dir, 'part-2.csv'), bad.join('\n') + '\n');
    const { code, stderr } = await run(['report', join(dir, 'part-*.csv')]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${join(dir, 'part-2.csv')}:10: column "logit_0": "inf" is not a finite number.`);
  });

  test('a row error in a Parquet part names that part and its row', async () => {
    const dir = tempDir();
    copyFileSync(`${F}digits-snappy.parquet`, join(dir, 'a.parquet'));
    copyFileSync(`${F}broken-nan.parquet`, join(dir, 'b.parquet'));
    const { code, stderr } = await run(['report', dir]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${join(dir, 'b.parquet')}: row 10: column "logit_0"`);
  });

  test('no match, mixed formats and parts with other columns exit 2', async () => {
    expect((await run(['report', `${F}nothing-*.parquet`])).stderr).toContain('no file matches');
    // A bracket class is not one of calib's wildcards: the hint says so instead of "check the pattern".
    const bracket = await run(['report', `${F}digits-[sz]*.parquet`]);
    expect(bracket.code).toBe(2);
    expect(bracket.stderr).toContain("calib's own wildcards are * and ? only");
    const dir = tempDir();
    copyFileSync(`${F}digits-snappy.parquet`, join(dir, 'a.parquet'));
    copyFileSync(`${F}digits-logits.jsonl`, join(dir, 'b.jsonl'));
    expect((await run(['report', dir])).stderr).toContain('not all in one format');
    const other = tempDir();
    copyFileSync(`${F}digits-snappy.parquet`, join(other, 'a.parquet'));
    copyFileSync(`${F}digits-list.parquet`, join(other, 'b.parquet'));
    const mixed = await run(['report', other]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('its columns differ from those of');
  });
});

describe('broken files exit 2 naming the file and the row, with no stack trace', () => {
  test.each(broken)('%s', async (_, args, parts) => {
    const { code, stdout, stderr } = await run(['report', ...args]);
    expect(code, stderr).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).not.toMatch(/\n\s+at /);
    for (const part of parts) expect(stderr).toContain(part);
  });
});

describe('gzipped JSON Lines and JSON', () => {
  test('.jsonl.gz and .json.gz (and a gzipped file of any name) read as their text would', async () => {
    const dir = tempDir();
    const cases: [string, string, string][] = [
      ['digits.jsonl.gz', 'digits-logits.jsonl', 'jsonl'], ['forest.json.gz', 'digits-forest.json', 'json'], ['forest-lines.gz', 'digits-forest.jsonl', 'jsonl']];
    for (const [name, plain, format] of cases) {
      writeFileSync(join(dir, name), gzipSync(readFileSync(`${F}${plain}`)));
      const [mine, theirs] = await Promise.all([report([join(dir, name)]), report([`${F}${plain}`])]);
      expect(numbers(mine)).toBe(numbers(theirs));
      expect((mine as unknown as { format: string }).format).toBe(format);
    }
  });

  test('a damaged .jsonl.gz exits 2 naming the file, with no stack trace', async () => {
    const whole = gzipSync(readFileSync(`${F}digits-logits.jsonl`));
    const path = join(tempDir(), 'cut.jsonl.gz');
    writeFileSync(path, whole.subarray(0, whole.length - 200));
    const { code, stdout, stderr } = await run(['report', path]);
    expect(code, stderr).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${path}: the gzip data is damaged or truncated`);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('a JSON object that is not records (pandas\' other orients) exits 2 naming the orient to use', () => {
  const records = readFileSync(`${F}digits-forest.jsonl`, 'utf8').trim().split('\n').slice(0, 20).map((l) => JSON.parse(l) as Record<string, unknown>);
  const names = Object.keys(records[0]!);
  // df.to_json(orient='columns'), orient='index' and orient='split', as pandas writes them.
  const columns = Object.fromEntries(names.map((n) => [n, Object.fromEntries(records.map((r, i) => [String(i), r[n]]))]));
  const index = Object.fromEntries(records.map((r, i) => [String(i), r]));
  const split = { columns: names, index: records.map((_, i) => i), data: records.map((r) => names.map((n) => r[n])) };
  const cases: [string, unknown, string, string][] = [
    ['columns.json', columns, '', "orient='columns' or 'index'"], ['columns.jsonl', columns, '', "orient='columns' or 'index'"],
    ['index.json', index, '', "orient='columns' or 'index'"],
    ['split.json', split, '', "orient='split'"], ['split-indented.json', split, '  ', "orient='split'"],
    ['records-indented.jsonl', records[0], '  ', 'one JSON object over several lines'],
  ];
  test.each(cases)('%s', async (name, value, indent, what) => {
    const path = join(tempDir(), name);
    writeFileSync(path, JSON.stringify(value, null, indent || undefined) + '\n');
    const { code, stdout, stderr } = await run(['report', path]);
    expect(code, stderr).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${path}: expected one JSON object per line or an array of objects`);
    expect(stderr).toContain(what);
    expect(stderr).toContain('orient="records", lines=True');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test('a JSON Lines file of one record still reads', async () => {
    const path = join(tempDir(), 'one.jsonl');
    writeFileSync(path, JSON.stringify(records[0]) + '\n');
    const { stderr } = await run(['report', path]);
    expect(stderr).not.toContain('expected one JSON object per line');
  });
});

describe('every command\'s JSON says which format it read', () => {
  const json = async (args: string[]): Promise<Record<string, any>> => {
    const { code, stdout, stderr } = await run([...args, '--format', 'json', '-q']);
    expect(code, stderr).toBe(0);
    return JSON.parse(stdout) as Record<string, any>;
  };

  test('report, smoothing, check and inspect: `format` next to `file`', async () => {
    const [rep, smooth, check, inspect] = await Promise.all([
      json(['report', `${F}digits.npz`]),
      json(['smoothing', `${F}digits-snappy.parquet`]),
      json(['check', `${F}digits-logits.jsonl`, '--max-ece', '1']),
      json(['inspect', `${F}digits-forest.json`]),
    ]);
    expect([rep.format, smooth.format, check.format, inspect.format]).toEqual(['npz', 'parquet', 'jsonl', 'json']);
    expect(Object.keys(rep).indexOf('format')).toBe(Object.keys(rep).indexOf('file') + 1);
    expect((await json(['report', `${CSV}digits-logreg-logits.csv`])).format).toBe('csv');
  });

  test('temperature: the fit file\'s and the evaluated file\'s; compare: every model\'s', async () => {
    const temp = await json(['temperature', `${F}digits.npz`, '--apply', `${F}digits-snappy.parquet`]);
    expect([temp.fit.format, temp.evaluation_detail.format]).toEqual(['npz', 'parquet']);
    const cmp = await json(['compare', `${F}digits.npz`, `${F}digits-logits.jsonl`, '--temperature']);
    expect(cmp.models.map((m: { format: string }) => m.format)).toEqual(['npz', 'jsonl']);
    expect(cmp.after_temperature.models.map((m: { format: string }) => m.format)).toEqual(['npz', 'jsonl']);
  });

  test('check --baseline: the baseline\'s format next to its file, as the candidate\'s', async () => {
    const check = await json(['check', `${F}digits.npz`, '--baseline', `${F}digits-snappy.parquet`, '--max-ece-increase', '1']);
    expect([check.format, check.baseline.format]).toEqual(['npz', 'parquet']);
    expect(Object.keys(check.baseline).indexOf('format')).toBe(Object.keys(check.baseline).indexOf('file') + 1);
    const csv = await json(['check', `${CSV}digits-logreg-logits.csv`, '--baseline', `${F}digits-logits.jsonl`, '--max-ece-increase', '1']);
    expect([csv.format, csv.baseline.format]).toEqual(['csv', 'jsonl']);
  });
});

describe('the README\'s formats table', () => {
  const readme = readFileSync(`${repoRoot}README.md`, 'utf8');
  const table = readme.slice(readme.indexOf('### Formats: CSV, NumPy, Parquet, JSON Lines'), readme.indexOf('### Which column is what'));
  const examples = [...table.matchAll(/^\|[^|]+\|[^|]+\| `calib (report [^`]+)` \|$/gm)].map((m) => m[1]!);
  test('has an example for every format', () => expect(examples.length).toBe(7));
  test.each(examples)('calib %s runs as written', async (example) => {
    const args = example.split(' ').map((word) => word.replace(/^'(.*)'$/, '$1'));
    const { code, stderr } = await run(args.map((a) => (a.startsWith('fixtures/') ? `${repoRoot}${a}` : a)));
    expect(code, stderr).toBe(0);
  });
});
