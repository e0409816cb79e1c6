import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { CalibError, errors } from '../../core/errors.js';
import { buildTypedTable, relocate, type InputColumn, type TypedInput, type TypedTable } from '../typed-table.js';
import type { BuildOptions } from '../table-builder.js';
import { detectFormat, FORMAT_LABELS, type InputFormat } from './detect.js';
import { arrayColumns, readNpy, type NdArray } from './npy.js';
import { readNpz, wholeFile } from './npz.js';
import { LABEL_NAMES } from '../select-columns.js';
import type { ParquetThreads } from './parquet-direct.js';

/** What the typed readers take beyond the column selection. */
export interface TypedReadOptions extends BuildOptions {
  /** `--labels FILE.npy`: the labels, one per row, in a file of their own. */
  readonly labels?: string;
  /** `--key NAME`: the .npz key (or JSON field, Parquet column) that holds the scores. */
  readonly key?: string;
  /** Float data in shared memory (a second thread reads it). */
  readonly shared?: boolean;
  /** Parquet column chunks decoded on other threads too (ReadThreads.parquet). */
  readonly parquet?: ParquetThreads;
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

/**
 * Labels saved as a column vector, shape (N, 1) (Keras' `y`, `y[:, None]`), are the labels (N,):
 * the same values, one per row.
 */
function columnVectorAsLabels(array: NdArray): NdArray {
  return array.shape.length === 2 && array.shape[1] === 1 ? { ...array, shape: [array.shape[0]!] } : array;
}

/** An .npz array that is the labels by its name (or --label): a column vector of them is read as (N,). */
function npzLabels(array: NdArray, label: string | undefined): NdArray {
  return array.name === label || LABEL_NAMES.includes(array.name.toLowerCase()) ? columnVectorAsLabels(array) : array;
}

/** The columns of `--labels FILE.npy`: one column named after the file, rank 1 (or a column vector (N, 1)). */
async function labelColumns(path: string): Promise<InputColumn[]> {
  const name = basename(path);
  const array = columnVectorAsLabels(await readNpyFile(path, name, false));
  if (array.shape.length !== 1) throw errors.arrayRank(path, name, array.shape);
  return arrayColumns(path, array, `--labels ${path}`);
}

/** One file's columns, before the plan. */
type FileColumns = Omit<TypedInput, 'label'>;

/** The columns of one file of a typed format (or of a CSV file that is part of a set). */
async function fileColumns(path: string, format: InputFormat, options: TypedReadOptions): Promise<FileColumns> {
  if (format === 'npy' || format === 'npz') {
    const arrays = format === 'npy' ? [await readNpyFile(path, stem(path), options.shared === true)]
      : (await withFile(path, (handle, size) => readNpz(path, handle, size, { shared: options.shared === true }))).map((a) => npzLabels(a, options.label));
    return {
      file: path, unit: 'row', positionOf: (row) => row + 1,
      columns: arrays.flatMap((a) => arrayColumns(path, a)),
      vectors: arrays.filter((a) => a.shape.length === 2).map((a) => a.name),
    };
  }
  if (format === 'jsonl' || format === 'json') {
    const { readRecordColumns } = await import('./jsonl.js');
    const records = await readRecordColumns(path, format === 'json');
    return {
      file: path, columns: records.columns, vectors: records.vectors,
      ...(format === 'jsonl' ? { unit: 'line' as const, positionOf: (row: number) => records.positions[row]! } : { unit: 'row' as const, positionOf: (row: number) => row + 1 }),
    };
  }
  if (format === 'csv') {
    const { csvColumns } = await import('./csv-columns.js');
    const csv = await csvColumns(path);
    return { file: path, columns: csv.columns, vectors: [], unit: 'line', positionOf: (row) => csv.lines[row]! };
  }
  const { readParquetColumns } = await import('./parquet.js');
  try {
    const parquet = await readParquetColumns(path, { shared: options.shared === true, ...(options.parquet !== undefined ? { threads: options.parquet } : {}) });
    return { file: path, columns: parquet.columns, vectors: parquet.vectors, unit: 'row', positionOf: (row) => row + 1 };
  } catch (error) {
    throw relocate(error, { unit: 'row' }, 'rows');
  }
}

/**
 * Reads a file of a typed format, or a set of files (a glob, a directory of part-files) as one
 * data set, into the table every reader ends in (typed-table.ts). `locate` turns an error about
 * a row of the set into one about that row of its file.
 */
export async function readTypedTable(path: string, format: InputFormat, options: TypedReadOptions, files: readonly string[] = [path]):
  Promise<TypedTable & { format: InputFormat; locate: (error: unknown) => unknown }> {
  let input: FileColumns;
  let locate = (error: unknown): unknown => error;
  if (files.length === 1) {
    input = await fileColumns(files[0]!, format, options);
  } else {
    const parts: FileColumns[] = [];
    for (const file of files) {
      const partFormat = await detectFormat(file);
      if (partFormat !== format) throw errors.mixedInputFormats(path, files[0]!, FORMAT_LABELS[format], file, FORMAT_LABELS[partFormat]);
      parts.push(await fileColumns(file, format, options));
    }
    const joined = joinParts(path, parts, options.shared === true);
    input = joined.input;
    locate = joined.locate;
  }
  if (format === 'npy' && options.labels === undefined && options.label === undefined) throw errors.scoresWithoutLabels(path);
  let columns = input.columns;
  if (options.key !== undefined && !input.vectors.includes(options.key) && !columns.some((c) => c.name === options.key)) {
    throw relocate(errors.unknownColumn(path, '--key', options.key, columns.map((c) => c.name)), { unit: 'row' }, 'header');
  }
  let label: string | undefined;
  if (options.labels !== undefined) {
    const extra = await labelColumns(options.labels);
    columns = [...columns, ...extra];
    label = extra[0]?.name;
  }
  const scores = options.scores ?? (options.key !== undefined ? [options.key] : undefined);
  try {
    const built = buildTypedTable({ ...input, columns, ...(label !== undefined ? { label } : {}) },
      { ...options, ...(scores !== undefined ? { scores } : {}) });
    return { ...built, format, locate };
  } catch (error) {
    throw locate(error);
  }
}

/**
 * Parts of one data set, in the order given (sorted by path): the same columns in the same
 * order (vector widths included), rows one after the other. Positions in the joined set are
 * rows; `locate` maps them back to the file and its own line or row.
 */
function joinParts(path: string, parts: readonly FileColumns[], shared = false): { input: FileColumns; locate: (error: unknown) => unknown } {
  const first = parts[0]!;
  const names = first.columns.map((c) => c.name);
  for (const part of parts.slice(1)) {
    const other = part.columns.map((c) => c.name);
    const differ = other.findIndex((name, i) => name !== names[i]);
    if (differ >= 0 || other.length !== names.length) {
      const at = differ >= 0 ? differ : Math.min(other.length, names.length);
      throw errors.shardHeader(part.file, first.file,
        `column ${at + 1} is ${other[at] === undefined ? 'missing' : JSON.stringify(other[at])}, there ${names[at] === undefined ? 'none' : JSON.stringify(names[at])}`);
    }
  }
  const starts: number[] = [];
  let total = 0;
  for (const part of parts) {
    starts.push(total);
    // A part's rows: its label-length columns (all columns of a part agree but for --labels, joined later).
    total += Math.max(0, ...part.columns.map((c) => c.rows));
  }
  const partOf = (row: number): number => {
    let lo = 0;
    let hi = parts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  // Columns that share a matrix in every part (`logits.0 .. logits.K-1`, a Parquet file's float
  // columns) share one joined matrix.
  const matrices = new Map<string, Float64Array>();
  const ids = new Map<Float64Array, number>();
  const idOf = (data: Float64Array): number => {
    let id = ids.get(data);
    if (id === undefined) ids.set(data, (id = ids.size));
    return id;
  };
  const columns: InputColumn[] = names.map((name, i) => {
    const pieces = parts.map((p) => p.columns[i]!);
    const at = (row: number): [InputColumn, number] => {
      const p = partOf(row);
      return [pieces[p]!, row - starts[p]!];
    };
    const column: InputColumn = {
      name,
      rows: total,
      text: (row) => { const [c, r] = at(row); return r < c.rows ? c.text(r) : ''; },
      ...(pieces.every((c) => c.value !== undefined) ? { value: (row: number) => { const [c, r] = at(row); return c.value!(r); } } : {}),
    };
    const m = pieces[0]!.matrix;
    if (m !== undefined && pieces.every((c) => c.matrix !== undefined && c.matrix.width === m.width && c.matrix.index === m.index)) {
      const key = pieces.map((c) => idOf(c.matrix!.data)).join(',');
      let data = matrices.get(key);
      if (data === undefined) {
        data = shared ? new Float64Array(new SharedArrayBuffer(total * m.width * 8)) : new Float64Array(total * m.width);
        pieces.forEach((c, p) => data!.set(c.matrix!.data.subarray(0, c.rows * m.width), starts[p]! * m.width));
        matrices.set(key, data);
      }
      return { ...column, matrix: { data, width: m.width, index: m.index } };
    }
    return column;
  });
  const locate = (error: unknown): unknown => {
    if (!(error instanceof CalibError) || error.where?.row === undefined) return error;
    const { row, ...rest } = error.where;
    const p = partOf(row - 1);
    const part = parts[p]!;
    const local = part.positionOf(row - 1 - starts[p]!);
    const where = part.unit === 'line' ? { ...rest, file: part.file, line: local } : { ...rest, file: part.file, row: local };
    return new CalibError(error.kind, error.message, where, error.hint);
  };
  return { input: { file: path, columns, vectors: first.vectors, unit: 'row', positionOf: (row) => row + 1 }, locate };
}

/**
 * For `calib inspect`: hands the header and every row of a file of a typed format (or of a set
 * of files) to `sink` as text cells, as the CSV reader hands it a CSV file's records, and returns
 * the format; returns undefined, having read nothing, for a single CSV file (the caller reads it as CSV).
 */
export async function typedRecords(path: string, sink: { header(fields: string[]): void; row(fields: string[], line: number): void },
  options: TypedReadOptions = {}): Promise<InputFormat | undefined> {
  const { inputFiles } = await import('../input-set.js');
  const files = path === '-' ? [path] : await inputFiles(path);
  const format = await detectFormat(files[0]!);
  if (files.length === 1 && format === 'csv') return undefined;
  const parts = await Promise.all(files.map(async (file) => fileColumns(file, format, options)));
  const { input } = parts.length === 1 ? { input: parts[0]! } : joinParts(path, parts);
  const columns = input.columns;
  sink.header(columns.map((c) => c.name));
  const rows = Math.max(0, ...columns.map((c) => c.rows));
  for (let r = 0; r < rows; r++) sink.row(columns.map((c) => (r < c.rows ? c.text(r) : '')), input.positionOf(r));
  return format;
}
