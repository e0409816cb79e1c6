import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { errors } from '../../core/errors.js';
import { buildTypedTable, relocate, type InputColumn, type TypedInput, type TypedTable } from '../typed-table.js';
import type { BuildOptions } from '../table-builder.js';
import type { InputFormat } from './detect.js';
import { arrayColumns, readNpy, type NdArray } from './npy.js';
import { readNpz, wholeFile } from './npz.js';

/** What the typed readers take beyond the column selection. */
export interface TypedReadOptions extends BuildOptions {
  /** `--labels FILE.npy`: the labels, one per row, in a file of their own. */
  readonly labels?: string;
  /** `--key NAME`: the .npz key (or JSON field, Parquet column) that holds the scores. */
  readonly key?: string;
  /** Float data in shared memory (a second thread reads it). */
  readonly shared?: boolean;
}

/** The stem a .npy file's array is named by in the column plan (`val_logits.npy` -> `val_logits`). */
function stem(path: string): string {
  return basename(path).replace(/\.npy$/i, '') || 'scores';
}

async function withFile<T>(path: string, body: (handle: Awaited<ReturnType<typeof open>>, size: number) => Promise<T>): Promise<T> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw errors.cannotRead(path, (error as Error).message);
  }
  try {
    return await body(handle, (await handle.stat()).size);
  } finally {
    await handle.close();
  }
}

/** Reads a .npy file's one array. */
export async function readNpyFile(path: string, name: string, shared: boolean): Promise<NdArray> {
  return withFile(path, (handle, size) => readNpy(path, name, wholeFile(handle, size), { shared }));
}

/** The columns of `--labels FILE.npy`: one column named after the file, rank 1. */
async function labelColumns(path: string): Promise<InputColumn[]> {
  const name = basename(path);
  const array = await readNpyFile(path, name, false);
  if (array.shape.length !== 1) throw errors.arrayRank(path, name, array.shape);
  return arrayColumns(path, array, `--labels ${path}`);
}

/** Reads a file of a typed format into the table every reader ends in (typed-table.ts). */
export async function readTypedTable(path: string, format: Exclude<InputFormat, 'csv'>, options: TypedReadOptions): Promise<TypedTable & { format: InputFormat }> {
  let columns: InputColumn[];
  let vectors: string[];
  let unit: TypedInput['unit'] = 'row';
  let positionOf = (row: number): number => row + 1;
  if (format === 'npy' || format === 'npz') {
    const arrays = format === 'npy' ? [await readNpyFile(path, stem(path), options.shared === true)]
      : await withFile(path, (handle, size) => readNpz(path, handle, size, { shared: options.shared === true }));
    if (format === 'npy' && options.labels === undefined && options.label === undefined) throw errors.scoresWithoutLabels(path);
    columns = arrays.flatMap((a) => arrayColumns(path, a));
    vectors = arrays.filter((a) => a.shape.length === 2).map((a) => a.name);
  } else if (format === 'jsonl' || format === 'json') {
    const { readRecordColumns } = await import('./jsonl.js');
    const records = await readRecordColumns(path, format === 'json');
    columns = records.columns;
    vectors = records.vectors;
    if (format === 'jsonl') {
      unit = 'line';
      positionOf = (row) => records.positions[row]!;
    }
  } else {
    const { readParquetColumns } = await import('./parquet.js');
    let parquet;
    try {
      parquet = await readParquetColumns(path);
    } catch (error) {
      throw relocate(error, { unit: 'row' }, 'rows');
    }
    columns = parquet.columns;
    vectors = parquet.vectors;
  }
  if (options.key !== undefined && !vectors.includes(options.key) && !columns.some((c) => c.name === options.key)) {
    throw relocate(errors.unknownColumn(path, '--key', options.key, columns.map((c) => c.name)), { unit: 'row' }, 'header');
  }
  let label: string | undefined;
  if (options.labels !== undefined) {
    const extra = await labelColumns(options.labels);
    columns = [...columns, ...extra];
    label = extra[0]?.name;
  }
  const scores = options.scores ?? (options.key !== undefined ? [options.key] : undefined);
  const built = buildTypedTable({ file: path, columns, vectors, unit, positionOf, ...(label !== undefined ? { label } : {}) },
    { ...options, ...(scores !== undefined ? { scores } : {}) });
  return { ...built, format };
}
