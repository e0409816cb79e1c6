/**
 * The direct Parquet decoder (src/io/formats/parquet-direct.ts) against hyparquet's general
 * reader on files DuckDB writes in a setup step: nulls, several row groups, dictionary and PLAIN
 * pages, v1 and v2 data pages, float/int32/int64 columns, an integer past 2^53 (left to the
 * general reader), and list columns with a null list or a null element (the general reader names
 * the row).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { readParquetColumns } from '../../src/io/formats/parquet.js';
import { run, tempDir } from '../helpers/cli.js';

const dir = tempDir();
const file = (name: string): string => join(dir, name);
const ROWS = 1000;

beforeAll(async () => {
  const db = await DuckDBInstance.create(':memory:');
  const sql = await db.connect();
  await sql.run(`CREATE TABLE t AS SELECT
      CASE WHEN i % 97 = 5 THEN NULL ELSE (i * 0.37)::DOUBLE % 11 - 3.5 END AS d,
      ((i * 7) % 13)::FLOAT / 4 AS f,
      CASE WHEN i % 101 = 7 THEN NULL ELSE (i % 5)::INTEGER END AS n,
      CASE WHEN i = 500 THEN 1152921504606846977 ELSE i END::BIGINT AS big,
      (i % 3)::BIGINT AS label
    FROM range(${ROWS}) r(i)`);
  for (const version of ['V1', 'V2']) {
    await sql.run(`COPY t TO '${file(`mixed-${version}.parquet`)}' (FORMAT parquet, ROW_GROUP_SIZE 300, PARQUET_VERSION ${version})`);
  }
  const logits = 'CAST(i % 7 AS DOUBLE) / 3, CAST(i % 5 AS DOUBLE) - 1, CAST(i % 3 AS DOUBLE)';
  await sql.run(`COPY (SELECT [${logits}] AS logits, (i % 3)::BIGINT AS label FROM range(${ROWS}) r(i)) TO '${file('list.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 300)`);
  await sql.run(`COPY (SELECT CASE WHEN i = 41 THEN NULL ELSE [${logits}] END AS logits, (i % 3)::BIGINT AS label FROM range(${ROWS}) r(i)) TO '${file('null-list.parquet')}' (FORMAT parquet)`);
  await sql.run(`COPY (SELECT CASE WHEN i = 41 THEN [1.0, NULL, 2.0] ELSE [${logits}] END AS logits, (i % 3)::BIGINT AS label FROM range(${ROWS}) r(i)) TO '${file('null-element.parquet')}' (FORMAT parquet)`);
  await sql.run(`COPY (SELECT CASE WHEN i = 41 THEN NULL ELSE CAST(i % 7 AS DOUBLE) END AS logit_0, CAST(i % 5 AS DOUBLE) AS logit_1, (i % 2)::BIGINT AS label FROM range(${ROWS}) r(i)) TO '${file('null-score.parquet')}' (FORMAT parquet)`);
  sql.closeSync();
});

async function general(path: string): Promise<Record<string, unknown>[]> {
  const bytes = readFileSync(path);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
  return parquetReadObjects({ file: buffer, compressors }) as Promise<Record<string, unknown>[]>;
}

describe('the direct decoder reads what the general reader reads', () => {
  for (const version of ['V1', 'V2']) {
    test(`scalar columns with nulls, in row groups, data pages ${version}`, async () => {
      const path = file(`mixed-${version}.parquet`);
      const { columns, rows } = await readParquetColumns(path);
      const objects = await general(path);
      expect(rows).toBe(ROWS);
      expect(columns.map((c) => c.name)).toEqual(['d', 'f', 'n', 'big', 'label']);
      // Decoded directly (a matrix view) but for the integer past 2^53, left to the general reader.
      expect(columns.map((c) => c.matrix !== undefined)).toEqual([true, true, true, false, true]);
      let nulls = 0;
      for (const column of columns) {
        for (let r = 0; r < rows; r++) {
          const v = objects[r]![column.name];
          if (v === null || v === undefined) nulls++;
          expect(column.text(r), `${column.name} row ${r}`).toBe(v === null || v === undefined ? '' : String(v));
          const value = column.value!(r);
          if (v === null || v === undefined) expect(value).toBeNaN();
          else expect(value).toBe(Number(v));
        }
      }
      expect(nulls).toBe(11 + 10);
    });
  }

  test('a list<double> column is one row-major matrix of the child values', async () => {
    const { columns, vectors } = await readParquetColumns(file('list.parquet'));
    const objects = await general(file('list.parquet'));
    expect(vectors).toEqual(['logits']);
    const first = columns[0]!.matrix!;
    expect(first.width).toBe(3);
    expect(first.data.length).toBe(ROWS * 3);
    const expected = objects.flatMap((o) => (o.logits as number[]));
    expect(Array.from(first.data)).toEqual(expected);
  });
});

describe('nulls reach the messages with their row', () => {
  test('a null list', async () => {
    const { code, stderr } = await run(['report', file('null-list.parquet')]);
    expect(code).toBe(2);
    expect(stderr).toContain('null-list.parquet: row 42');
    expect(stderr).toContain('is empty (null)');
  });

  test('a null element of a list', async () => {
    const { code, stderr } = await run(['report', file('null-element.parquet')]);
    expect(code).toBe(2);
    expect(stderr).toContain('null-element.parquet: row 42: column "logits.1": the cell is empty.');
  });

  test('a null score', async () => {
    const { code, stderr } = await run(['report', file('null-score.parquet')]);
    expect(code).toBe(2);
    expect(stderr).toContain('null-score.parquet: row 42: column "logit_0": the cell is empty.');
  });
});
