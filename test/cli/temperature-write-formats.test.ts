/**
 * `temperature --write` in the input's format, chosen by the output's extension: an .npy that
 * numpy reads back (header, dtype, shape, every value) and a Parquet file that DuckDB reads back,
 * both holding the very doubles the CSV output holds, and both read again by calib itself.
 */
import { describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { repoRoot, run, tempDir } from '../helpers/cli.js';
import { python } from '../helpers/numpy.js';

const F = `${repoRoot}fixtures/formats/`;

/** The CSV output's probability columns, row-major, parsed back to the doubles they print. */
function csvValues(path: string): { header: string[]; labels: string[]; values: number[] } {
  const [head, ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n');
  const header = head!.split(',');
  const rows = lines.map((l) => l.split(','));
  return { header, labels: rows.map((r) => r[header.indexOf('label')]!), values: rows.flatMap((r) => header.flatMap((h, j) => (h.startsWith('p_') ? [Number(r[j])] : []))) };
}

async function temperature(args: string[]): Promise<void> {
  const { code, stderr } = await run(['temperature', ...args, '--in-sample', '-q']);
  expect(code, stderr).toBe(0);
}

describe.skipIf(python === undefined)('temperature --write .npy (read back with numpy)', () => {
  test('numpy reads a (N, K) float64 C-order array with the CSV output\'s values', async () => {
    const dir = tempDir();
    const input = [`${F}digits-logits.npy`, '--labels', `${F}digits-labels.npy`];
    await temperature([...input, '--write', join(dir, 'out.csv')]);
    await temperature([...input, '--write', join(dir, 'out.npy')]);
    const csv = csvValues(join(dir, 'out.csv'));
    const bytes = readFileSync(join(dir, 'out.npy'));
    expect((10 + bytes.readUInt16LE(8)) % 64).toBe(0);
    const py = execFileSync(python!, ['-c', [
      'import sys, json, numpy as np',
      'a = np.load(sys.argv[1], allow_pickle=False)',
      'print(json.dumps({"dtype": a.dtype.str, "shape": a.shape, "fortran": bool(np.isfortran(a)), "values": [float(x) for x in a.ravel()]}))',
    ].join('\n'), join(dir, 'out.npy')], { encoding: 'utf8' });
    const array = JSON.parse(py) as { dtype: string; shape: number[]; fortran: boolean; values: number[] };
    expect(array.dtype).toBe('<f8');
    expect(array.shape).toEqual([csv.labels.length, 10]);
    expect(array.fortran).toBe(false);
    expect(array.values).toEqual(csv.values);
    const back = await run(['report', join(dir, 'out.npy'), '--labels', `${F}digits-labels.npy`, '--format', 'json', '--kind', 'probs']);
    expect(back.code, back.stderr).toBe(0);
    expect((JSON.parse(back.stdout) as { rows: number }).rows).toBe(csv.labels.length);
  });

  test('binary input writes P(y = 1) alone, shape (N,)', async () => {
    const dir = tempDir();
    await temperature([`${F}breast-cancer.parquet`, '--write', join(dir, 'out.csv')]);
    await temperature([`${F}breast-cancer.parquet`, '--write', join(dir, 'out.npy')]);
    const py = execFileSync(python!, ['-c', 'import sys, json, numpy as np; a = np.load(sys.argv[1]); print(json.dumps({"shape": a.shape, "values": a.tolist()}))', join(dir, 'out.npy')], { encoding: 'utf8' });
    const array = JSON.parse(py) as { shape: number[]; values: number[] };
    const csv = csvValues(join(dir, 'out.csv'));
    expect(array.shape).toEqual([csv.labels.length]);
    expect(array.values).toEqual(csv.values);
  });
});

describe('temperature --write .parquet', () => {
  test('DuckDB reads the label and p_<class> columns with the CSV output\'s values, and calib reads the file again', async () => {
    const dir = tempDir();
    await temperature([`${F}digits-snappy.parquet`, '--write', join(dir, 'out.csv')]);
    await temperature([`${F}digits-snappy.parquet`, '--write', join(dir, 'out.parquet')]);
    const csv = csvValues(join(dir, 'out.csv'));
    const db = await DuckDBInstance.create(':memory:');
    const sql = await db.connect();
    const reader = await sql.runAndReadAll(`SELECT * FROM read_parquet('${join(dir, 'out.parquet')}')`);
    const names = reader.columnNames();
    expect(names).toEqual(csv.header);
    const rows = reader.getRows();
    expect(rows.map((r) => String(r[names.indexOf('label')]))).toEqual(csv.labels);
    expect(rows.flatMap((r) => names.flatMap((n, j) => (n.startsWith('p_') ? [Number(r[j])] : [])))).toEqual(csv.values);
    sql.closeSync();
    const back = await run(['report', join(dir, 'out.parquet'), '--format', 'json']);
    expect(back.code, back.stderr).toBe(0);
    expect((JSON.parse(back.stdout) as { rows: number }).rows).toBe(csv.labels.length);
  });
});
