/**
 * A Parquet file's column chunks decoded on several threads (src/parallel/parquet-decode.ts,
 * io/formats/parquet-direct.ts DecodeTask): the same columns, values and nulls as on one
 * thread, on 2, 3 and 4 threads, for a file of 40 float columns in row groups of 300 rows (two
 * blocks of columns, four row groups) with nulls, an integer column and an integer past 2^53 (left
 * to the general reader); and a helper that does every job (the calling thread none) writes
 * the matrix the calling thread writes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetMetadata, parquetSchema } from 'hyparquet';
import { readParquetColumns } from '../../src/io/formats/parquet.js';
import { decodeJobs, decodeTask } from '../../src/io/formats/parquet-direct.js';
import { parquetOnThreads } from '../../src/parallel/parquet-decode.js';
import { run, tempDir } from '../helpers/cli.js';
import { eagerRuntime, pool, THREAD_COUNTS } from '../helpers/threads.js';

const ROWS = 1000;
const dir = tempDir();
const path = join(dir, 'wide.parquet');
const span = join(dir, 'span.parquet');
const infinite = join(dir, 'infinite.parquet');

beforeAll(async () => {
  const db = await DuckDBInstance.create(':memory:');
  const sql = await db.connect();
  const floats = Array.from({ length: 40 }, (_, j) => j === 7
    ? `CASE WHEN i % 89 = 3 THEN NULL ELSE sin(i * ${j + 1}.5) END AS logit_${j}`
    : `sin(i * ${j + 1}.5) * ${j + 1} AS logit_${j}`);
  await sql.run(`COPY (SELECT ${floats.join(', ')}, (i % 40)::BIGINT AS label,
      CASE WHEN i = 500 THEN 1152921504606846977 ELSE i END::BIGINT AS big
    FROM range(${ROWS}) r(i)) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 300)`);
  // Row 642: logits 1e308 and -1e308 (a span no double holds); row 642 of the other: an infinity.
  await sql.run(`COPY (SELECT CASE WHEN i = 641 THEN 1e308 ELSE sin(i) END::DOUBLE AS logit_0, CASE WHEN i = 641 THEN -1e308 ELSE cos(i) END::DOUBLE AS logit_1,
      (i % 2)::BIGINT AS label FROM range(${ROWS}) r(i)) TO '${span}' (FORMAT parquet, ROW_GROUP_SIZE 300)`);
  await sql.run(`COPY (SELECT CASE WHEN i = 641 THEN 'Infinity'::DOUBLE ELSE sin(i) END AS logit_0, cos(i) AS logit_1,
      (i % 2)::BIGINT AS label FROM range(${ROWS}) r(i)) TO '${infinite}' (FORMAT parquet, ROW_GROUP_SIZE 300)`);
  sql.closeSync();
});

type Columns = Awaited<ReturnType<typeof readParquetColumns>>['columns'];
const cells = (columns: Columns): unknown[] =>
  columns.map((c) => ({ name: c.name, direct: c.matrix !== undefined, text: Array.from({ length: c.rows }, (_, r) => c.text(r)), value: Array.from({ length: c.rows }, (_, r) => c.value?.(r)) }));

describe('parquetOnThreads', () => {
  it('reads the same columns, values and nulls as one thread, on 2, 3 and 4 threads', async () => {
    const one = await readParquetColumns(path);
    expect(one.columns.map((c) => c.matrix !== undefined)).toEqual([...Array.from({ length: 41 }, () => true), false]);
    expect(one.columns[7]!.text(3)).toBe('');
    const want = cells(one.columns);
    for (const threads of THREAD_COUNTS) {
      const many = await readParquetColumns(path, { shared: true, threads: eagerRuntime(threads).read.parquet! });
      expect(many.columns[0]!.matrix!.data.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(cells(many.columns), `${threads} threads`).toEqual(want);
    }
  });

  it('a helper that takes every job writes what the calling thread writes', () => {
    const file = readFileSync(path);
    const bytes = new Uint8Array(new SharedArrayBuffer(file.length));
    bytes.set(file);
    const metadata = parquetMetadata(bytes.slice().buffer);
    const tree = parquetSchema(metadata);
    const floats = tree.children.filter((n) => n.element.type === 'DOUBLE');
    const task = (shared: boolean): ReturnType<typeof decodeTask> => {
      const data = shared ? new Float64Array(new SharedArrayBuffer(ROWS * floats.length * 8)) : new Float64Array(ROWS * floats.length);
      return decodeTask(bytes, metadata, floats.map((n, index) => ({ path: [tree, n], data, width: floats.length, index })), shared);
    };
    const here = task(false);
    decodeJobs(here, {});
    const there = task(true);
    parquetOnThreads(pool(2), 0).decode(there, () => undefined);
    expect(Array.from(there.done)).toEqual(Array.from(here.done, () => 1));
    expect(Array.from(there.status)).toEqual(Array.from(here.status));
    expect(Array.from(there.status).filter((s) => s !== 0)).toEqual([1 | 4]); // the column with nulls (NaN: not bounded)
    expect(there.columns[0]!.data).toEqual(here.columns[0]!.data);
  });
});

describe('values the decoder finds out of bounds reach the checks (one thread and several)', () => {
  it.each([
    ['a row of logits spanning more than a double holds', span, 'span.parquet: row 642: the logits of this row span more than the largest double'],
    ['an infinite logit', infinite, 'infinite.parquet: row 642: column "logit_0": "Infinity" is not a finite number.'],
  ])('%s', async (_name, file, message) => {
    for (const runtime of [undefined, eagerRuntime(2)]) {
      const { code, stderr } = await run(['report', file], runtime === undefined ? {} : { runtime });
      expect(code).toBe(2);
      expect(stderr).toContain(message);
    }
  });
});
