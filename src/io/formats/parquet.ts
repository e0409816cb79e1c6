import { readFile } from 'node:fs/promises';
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type FileMetaData, type SchemaTree } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { CalibError, errors } from '../../core/errors.js';
import type { InputColumn } from '../typed-table.js';
import { directLeaf, readFlatColumn, readFlatMatrix, readListColumn } from './parquet-direct.js';

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

export async function readParquetColumns(file: string): Promise<ParquetColumns> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw errors.cannotRead(file, (error as Error).message);
  }
  const tail = bytes.subarray(bytes.length - 4).toString('latin1');
  if (bytes.length < 12 || tail !== 'PAR1') {
    throw errors.truncatedArray(file, 'Parquet', 'its footer (the metadata and the closing PAR1 bytes) is missing');
  }
  // hyparquet's general reader copies out only the byte ranges it asks for (the footer, a column chunk).
  const source: AsyncBuffer = {
    byteLength: bytes.length,
    slice: (start, end) => bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + (end ?? bytes.length)) as ArrayBuffer,
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
  // row-major matrix, which is the score matrix itself when they are the scores, in order.
  const direct = { bytes, metadata, compressors };
  const floats = scalars.filter((s) => s.numeric && isFloat(tree, s.name) && directLeaf(nodeOf(tree, s.name)));
  const decoded = new Map<string, { data: Float64Array; width: number; index: number; nulls: Uint8Array | undefined }>();
  const listed = new Map<string, { data: Float64Array; width: number }>();
  try {
    const matrix = readFlatMatrix(direct, floats.map((s) => [tree, nodeOf(tree, s.name)]), rows);
    floats.forEach((s, index) => {
      const read = matrix.columns[index];
      if (read !== undefined) decoded.set(s.name, { data: matrix.data, width: matrix.width, index, nulls: read.nulls });
    });
    for (const node of tree.children) {
      const name = node.element.name;
      const scalar = scalars.find((s) => s.name === name);
      if (scalar !== undefined) {
        if (!scalar.numeric || !directLeaf(node) || floats.includes(scalar)) continue;
        const target = { data: new Float64Array(rows), width: 1, index: 0 };
        const read = readFlatColumn(direct, [tree, node], target);
        if (read !== undefined) decoded.set(name, { ...target, nulls: read.nulls });
      } else if (lists.includes(name)) {
        const read = readListColumn(direct, listPath(tree, node), rows);
        if (read !== undefined) listed.set(name, read);
      }
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
      const { data, width, index, nulls } = fast;
      columns.push({
        name, rows,
        text: (r) => (nulls?.[r] === 1 ? '' : String(data[r * width + index]!)),
        value: (r) => data[r * width + index]!,
        matrix: { data, width, index },
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
