import { open } from 'node:fs/promises';
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type FileMetaData, type SchemaTree } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { CalibError, errors } from '../../core/errors.js';
import type { InputColumn } from '../typed-table.js';
import {
  decodeJobs, decodeTask, directLeaf, finishJobs, readFlatColumn, readListColumn, type ParquetThreads, type TaskColumn,
} from './parquet-direct.js';

/**
 * Parquet through hyparquet (plain, dictionary and the delta encodings; snappy, gzip, zstd,
 * brotli and lz4 through hyparquet-compressors), as pandas/pyarrow, Spark, DuckDB and Hugging
 * Face datasets write it. Top-level scalar columns become columns of the plan; a list or
 * fixed-size list of numbers (`logits: list<float>`) becomes a vector column, `logits.0 ..
 * logits.K-1`, which `--scores logits` names whole. Nested structs are left out.
 */

export interface ParquetColumns {
  readonly columns: InputColumn[];
  readonly vectors: string[];
  readonly rows: number;
}

type Scalar = number | bigint | string | boolean | null | undefined;

const NUMERIC = new Set(['DOUBLE', 'FLOAT', 'INT32', 'INT64', 'BOOLEAN']);

/** A list column's element: LIST > repeated group > one primitive element (the standard layout), or a legacy repeated primitive. */
function listElement(node: SchemaTree): SchemaTree | undefined {
  const child = node.children[0];
  if (node.children.length !== 1 || child === undefined) return undefined;
  if (child.children.length === 0) return child.element.repetition_type === 'REPEATED' ? child : undefined;
  const element = child.children[0];
  return child.children.length === 1 && element !== undefined && element.children.length === 0 ? element : undefined;
}

function damaged(file: string, error: unknown): CalibError {
  const message = (error as Error).message ?? String(error);
  if (/end of file|out of bounds|offset|invalid|unexpected|length/i.test(message) || error instanceof RangeError) {
    return errors.badArrayFile(file, 'Parquet', `it cannot be decoded (${message}); it may be truncated`);
  }
  return errors.badArrayFile(file, 'Parquet', `it cannot be decoded (${message})`);
}

export interface ParquetReadOptions {
  /** The float columns (and the file, when other threads decode it) in shared memory: other threads read them. */
  readonly shared?: boolean;
  /** Other threads that decode column chunks too (parquet-direct.ts); without it, all on the calling thread. */
  readonly threads?: ParquetThreads;
}

/** Codecs the other threads decompress without hyparquet-compressors (snappy.ts, or nothing to do). */
const THREAD_CODECS = new Set(['SNAPPY', 'UNCOMPRESSED']);

/** The file's bytes: into shared memory when other threads will read them. */
async function readBytes(file: string, threads: ParquetThreads | undefined): Promise<{ bytes: Uint8Array; shared: boolean }> {
  let handle;
  try {
    handle = await open(file, 'r');
    const size = (await handle.stat()).size;
    if (threads === undefined || size < threads.minBytes) return { bytes: await handle.readFile(), shared: false };
    threads.start(); // the threads start while the file is read
    const bytes = new Uint8Array(new SharedArrayBuffer(size));
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(bytes, at, size - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return { bytes: at === size ? bytes : bytes.subarray(0, at), shared: true };
  } catch (error) {
    throw errors.cannotRead(file, (error as Error).message);
  } finally {
    await handle?.close();
  }
}

export async function readParquetColumns(file: string, options: ParquetReadOptions = {}): Promise<ParquetColumns> {
  const { bytes, shared: sharedBytes } = await readBytes(file, options.threads);
  const n = bytes.length;
  if (n < 12 || bytes[n - 4] !== 0x50 || bytes[n - 3] !== 0x41 || bytes[n - 2] !== 0x52 || bytes[n - 1] !== 0x31) {
    throw errors.truncatedArray(file, 'Parquet', 'its footer (the metadata and the closing PAR1 bytes) is missing');
  }
  // hyparquet's general reader copies out only the byte ranges it asks for (the footer, a column chunk).
  const source: AsyncBuffer = {
    byteLength: n,
    slice: (start, end) => new Uint8Array(bytes.subarray(start, end ?? n)).buffer,
  };
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(source);
  } catch (error) {
    throw damaged(file, error);
  }
  const rows = Number(metadata.num_rows);
  const tree = parquetSchema(metadata);
  const scalars: { name: string; numeric: boolean }[] = [];
  const lists: string[] = [];
  for (const node of tree.children) {
    const name = node.element.name;
    if (node.children.length === 0) {
      scalars.push({ name, numeric: NUMERIC.has(node.element.type ?? '') && node.element.converted_type !== 'UTF8' });
      continue;
    }
    const element = listElement(node);
    if (element !== undefined && NUMERIC.has(element.element.type ?? '')) lists.push(name);
  }
  // Numbers first straight into Float64Arrays (parquet-direct.ts): the float columns into one
  // row-major matrix, which is the score matrix itself when they are the scores, in order; the
  // other numeric columns each into its own. Their chunks are decoded on the run's threads when
  // the file is large and compressed with snappy (or not at all).
  const shared = options.shared === true;
  const floatArray = (length: number): Float64Array => (shared ? new Float64Array(new SharedArrayBuffer(length * 8)) : new Float64Array(length));
  const direct = { bytes, metadata, compressors };
  const floats = scalars.filter((s) => s.numeric && isFloat(tree, s.name) && directLeaf(nodeOf(tree, s.name)));
  const others = scalars.filter((s) => s.numeric && !floats.includes(s) && directLeaf(nodeOf(tree, s.name)));
  const matrix = floatArray(rows * floats.length);
  const taskColumns: (TaskColumn & { name: string })[] = [
    ...floats.map((s, index) => ({ name: s.name, path: [tree, nodeOf(tree, s.name)], data: matrix, width: floats.length, index })),
    ...others.map((s) => ({ name: s.name, path: [tree, nodeOf(tree, s.name)], data: floatArray(rows), width: 1, index: 0 })),
  ];
  const threads = sharedBytes && metadata.row_groups.every((g) => g.columns.every((c) => THREAD_CODECS.has(c.meta_data?.codec ?? '')))
    ? options.threads : undefined;
  const decoded = new Map<string, { data: Float64Array; width: number; index: number; nulls: Uint8Array | undefined; bounded: boolean }>();
  const listed = new Map<string, { data: Float64Array; width: number }>();
  try {
    const task = decodeTask(bytes, metadata, taskColumns, threads !== undefined);
    if (threads !== undefined) threads.decode(task, () => decodeJobs(task, compressors));
    else decodeJobs(task, compressors);
    finishJobs(task, compressors); // left by a thread that failed
    taskColumns.forEach((column, c) => {
      let nulls: Uint8Array | undefined;
      const status = task.status[c]!;
      if ((status & 3) !== 0) {
        // Nulls to mark, or a chunk the jobs could not read: the whole column again, here, which
        // gives its nulls, leaves it to the general reader, or reports the damage.
        const read = readFlatColumn(direct, column.path, column);
        if (read === undefined) return;
        nulls = read.nulls;
      }
      decoded.set(column.name, { data: column.data, width: column.width, index: column.index, nulls, bounded: status === 0 });
    });
    for (const node of tree.children) {
      const name = node.element.name;
      if (!lists.includes(name)) continue;
      const read = readListColumn(direct, listPath(tree, node), rows);
      if (read !== undefined) listed.set(name, read);
    }
  } catch (error) {
    throw damaged(file, error);
  }
  const wanted = [...scalars.map((s) => s.name), ...lists].filter((name) => !decoded.has(name) && !listed.has(name));
  const chunks = new Map<string, { start: number; data: ArrayLike<unknown> }[]>();
  if (wanted.length > 0) {
    try {
      await parquetRead({
        file: source, metadata, compressors, columns: wanted,
        onChunk: (chunk) => {
          const list = chunks.get(chunk.columnName) ?? [];
          list.push({ start: chunk.rowStart, data: chunk.columnData as ArrayLike<unknown> });
          chunks.set(chunk.columnName, list);
        },
      });
    } catch (error) {
      throw damaged(file, error);
    }
  }
  const whole = (name: string): unknown[] => {
    const out = new Array<unknown>(rows);
    for (const { start, data } of chunks.get(name) ?? []) {
      for (let i = 0; i < data.length && start + i < rows; i++) out[start + i] = data[i];
    }
    return out;
  };
  const columns: InputColumn[] = [];
  const vectors: string[] = [];
  for (const node of tree.children) {
    const name = node.element.name;
    const scalar = scalars.find((s) => s.name === name);
    const fast = decoded.get(name);
    if (fast !== undefined) {
      const { data, width, index, nulls, bounded } = fast;
      columns.push({
        name, rows,
        text: (r) => (nulls?.[r] === 1 ? '' : String(data[r * width + index]!)),
        value: (r) => data[r * width + index]!,
        matrix: { data, width, index, ...(bounded ? { bounded } : {}) },
      });
      continue;
    }
    if (scalar !== undefined) {
      const cells = whole(name) as Scalar[];
      const text = (r: number): string => {
        const v = cells[r];
        return v === null || v === undefined ? '' : String(v);
      };
      columns.push(scalar.numeric
        ? { name, rows, text, value: (r) => { const v = cells[r]; return v === null || v === undefined ? NaN : Number(v); } }
        : { name, rows, text });
      continue;
    }
    if (!lists.includes(name)) continue;
    const { data, width, present }: { data: Float64Array; width: number; present?: (r: number, j: number) => boolean } =
      listed.get(name) ?? listMatrix(file, name, whole(name) as (ArrayLike<number> | null | undefined)[], rows);
    vectors.push(name);
    for (let j = 0; j < width; j++) {
      columns.push({
        name: `${name}.${j}`, rows,
        text: (r) => { const v = data[r * width + j]!; return present !== undefined && !present(r, j) ? '' : String(v); },
        value: (r) => data[r * width + j]!,
        matrix: { data, width, index: j },
      });
    }
  }
  return { columns, vectors, rows };
}

function nodeOf(tree: SchemaTree, name: string): SchemaTree {
  return tree.children.find((n) => n.element.name === name)!;
}

function isFloat(tree: SchemaTree, name: string): boolean {
  const type = tree.children.find((n) => n.element.name === name)?.element.type;
  return type === 'DOUBLE' || type === 'FLOAT';
}

/** The schema nodes from the root to a list column's numbers. */
function listPath(tree: SchemaTree, node: SchemaTree): SchemaTree[] {
  const child = node.children[0]!;
  return child.children.length === 0 ? [tree, node, child] : [tree, node, child, child.children[0]!];
}

/** A list column read by the general reader, as a row-major matrix: every row of the first row's length, or an error naming the row. */
function listMatrix(file: string, name: string, values: (ArrayLike<number> | null | undefined)[], rows: number):
  { data: Float64Array; width: number; present: (r: number, j: number) => boolean } {
  const width = values[0]?.length ?? 0;
  const data = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) {
    const list = values[r];
    if (list === null || list === undefined) throw errors.recordShape(file, r + 1, name, `column ${JSON.stringify(name)} is empty (null)`);
    if (list.length !== width) throw errors.recordShape(file, r + 1, name, `column ${JSON.stringify(name)} holds ${list.length} values, the first row's holds ${width}`);
    const base = r * width;
    for (let j = 0; j < width; j++) {
      const v = list[j];
      data[base + j] = v === null || v === undefined ? NaN : Number(v);
    }
  }
  return { data, width, present: (r, j) => !(Number.isNaN(data[r * width + j]!) && values[r]?.[j] == null) };
}
