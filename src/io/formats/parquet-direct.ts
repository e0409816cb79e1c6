import { parquetHeader } from 'hyparquet/src/column.js';
import { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { readPlain } from 'hyparquet/src/plain.js';
import type { Compressors, DecodedArray, FileMetaData, SchemaTree } from 'hyparquet';

type ColumnDecoder = Parameters<typeof readDataPageV2>[2];

/**
 * Numeric Parquet columns decoded page by page straight into Float64Arrays, with hyparquet's own
 * page primitives (page headers, decompression, level and PLAIN decoding) but without its
 * assembly into JS arrays of values and nulls, which is most of its time on wide or long files.
 *
 * It handles the layouts score files have: a flat INT32/INT64/FLOAT/DOUBLE column (optional or
 * required; PLAIN, dictionary, byte-stream-split or delta encoded; data pages v1 or v2), and a list of such numbers whose
 * rows all hold the same count of non-null values. Anything else (a null list, a ragged row, a
 * converted or logical type, an integer past 2^53, an encoding it does not know) returns
 * `undefined`, and the caller reads that column through hyparquet's general reader, which gives
 * the same values and the messages about rows.
 */

/** Where a flat column's values go: `data[row * width + index]`. */
export interface FlatTarget {
  readonly data: Float64Array;
  readonly width: number;
  readonly index: number;
}

export interface ColumnSource {
  readonly bytes: Uint8Array;
  readonly metadata: FileMetaData;
  readonly compressors: Compressors;
}

class Unsupported extends Error {}

/** Encodings whose values hyparquet hands back as a typed array of the column's type. */
const VALUE_ENCODINGS = new Set(['PLAIN', 'BYTE_STREAM_SPLIT', 'DELTA_BINARY_PACKED']);

const TYPES = new Set(['DOUBLE', 'FLOAT', 'INT32', 'INT64']);
const INTEGER_CONVERSIONS = new Set([undefined, 'INT_8', 'INT_16', 'INT_32', 'INT_64']);

/** Whether a leaf's values are numbers read as they are stored (no date, decimal, unsigned or float16 conversion). */
export function directLeaf(leaf: SchemaTree): boolean {
  const e = leaf.element;
  if (!TYPES.has(e.type ?? '') || !INTEGER_CONVERSIONS.has(e.converted_type)) return false;
  const logical = e.logical_type;
  return logical === undefined || (logical.type === 'INTEGER' && logical.isSigned);
}

function maxLevels(path: readonly SchemaTree[]): { def: number; rep: number } {
  let def = 0;
  let rep = 0;
  for (const node of path.slice(1)) {
    if (node.element.repetition_type !== 'REQUIRED') def++;
    if (node.element.repetition_type === 'REPEATED') rep++;
  }
  return { def, rep };
}

/** A page's values (PLAIN typed arrays, or dictionary indices) as numbers, through the dictionary when there is one. */
function valueAt(values: DecodedArray, dictionary: Float64Array | undefined, dictionaryEncoded: boolean): (i: number) => number {
  if (dictionaryEncoded) {
    if (dictionary === undefined) throw new Unsupported('dictionary page missing');
    const indices = values as ArrayLike<number>;
    return (i) => {
      const v = dictionary[indices[i]!];
      if (v === undefined) throw new Unsupported('dictionary index out of range');
      return v;
    };
  }
  if (values instanceof BigInt64Array) {
    return (i) => {
      const v = Number(values[i]!);
      if (!Number.isSafeInteger(v)) throw new Unsupported('integer past 2^53');
      return v;
    };
  }
  if (values instanceof Float64Array || values instanceof Float32Array || values instanceof Int32Array) return (i) => values[i]!;
  throw new Unsupported('values of an unexpected kind');
}

function toDictionary(values: DecodedArray): Float64Array {
  const out = new Float64Array(values.length);
  if (values instanceof BigInt64Array) {
    for (let i = 0; i < values.length; i++) {
      const v = Number(values[i]!);
      if (!Number.isSafeInteger(v)) throw new Unsupported('integer past 2^53');
      out[i] = v;
    }
    return out;
  }
  if (values instanceof Float64Array || values instanceof Float32Array || values instanceof Int32Array) {
    out.set(values);
    return out;
  }
  throw new Unsupported('dictionary of an unexpected kind');
}

/**
 * A v1 PLAIN page of a flat column whose definition levels are one run of "present" (no nulls,
 * the usual case), read without building the levels: the values as a typed array over the page
 * (or a copy, when the page's values are not aligned). Undefined for any other page.
 */
function plainWithoutNulls(page: Uint8Array, count: number, maxDef: number, type: string): DecodedArray | undefined {
  let offset = 0;
  if (maxDef > 0) {
    if (maxDef > 255 || page.length < 5) return undefined;
    const length = (page[0]! | (page[1]! << 8) | (page[2]! << 16) | (page[3]! << 24)) >>> 0;
    let header = 0;
    let shift = 0;
    let at = 4;
    for (;;) {
      const byte = page[at++];
      if (byte === undefined || shift > 28) return undefined;
      header |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) break;
      shift += 7;
    }
    // An RLE run (low bit 0) of at least `count` levels whose value is the maximum level.
    if ((header & 1) !== 0 || header >>> 1 < count || page[at] !== maxDef) return undefined;
    offset = 4 + length;
  }
  const size = type === 'DOUBLE' || type === 'INT64' ? 8 : 4;
  if (offset + count * size > page.length) return undefined;
  const start = page.byteOffset + offset;
  const buffer = start % size === 0 ? page.buffer : page.slice(offset, offset + count * size).buffer;
  const at = start % size === 0 ? start : 0;
  if (type === 'DOUBLE') return new Float64Array(buffer, at, count);
  if (type === 'FLOAT') return new Float32Array(buffer, at, count);
  if (type === 'INT32') return new Int32Array(buffer, at, count);
  return new BigInt64Array(buffer, at, count);
}

interface Page {
  definitionLevels: readonly number[];
  repetitionLevels: readonly number[];
  values: DecodedArray;
  dictionaryEncoded: boolean;
  count: number;
}

/** Every data page of one column chunk, in order, after its dictionary page. */
function* pages(source: ColumnSource, path: readonly SchemaTree[], group: number, pathInSchema: string): Generator<Page & { dictionary?: Float64Array }> {
  const chunk = source.metadata.row_groups[group]!.columns.find((c) => c.meta_data?.path_in_schema.join('.') === pathInSchema)?.meta_data;
  if (chunk === undefined) throw new Unsupported('column chunk missing');
  const start = Number(chunk.dictionary_page_offset ?? chunk.data_page_offset);
  const end = start + Number(chunk.total_compressed_size);
  const { bytes } = source;
  if (start < 0 || end > bytes.length) throw new RangeError(`column chunk ${pathInSchema} ends past the end of the file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, end - start);
  const reader = { view, offset: 0 };
  const leaf = path[path.length - 1]!;
  const decoder: ColumnDecoder = {
    pathInSchema: chunk.path_in_schema, type: chunk.type, element: leaf.element, schemaPath: path as SchemaTree[],
    codec: chunk.codec, compressors: source.compressors, parsers: undefined as never,
  };
  const levels = maxLevels(path);
  let dictionary: Float64Array | undefined;
  let seen = 0;
  const total = Number(chunk.num_values);
  while (seen < total && reader.offset < view.byteLength) {
    const header = parquetHeader(reader);
    const body = new Uint8Array(view.buffer, view.byteOffset + reader.offset, header.compressed_page_size);
    reader.offset += header.compressed_page_size;
    if (header.type === 'DICTIONARY_PAGE') {
      const page = decompressPage(body, Number(header.uncompressed_page_size), chunk.codec, source.compressors);
      const count = header.dictionary_page_header?.num_values ?? 0;
      dictionary = toDictionary(readPlain({ view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 }, chunk.type, count, undefined));
      continue;
    }
    let page;
    let encoding: string;
    let count: number;
    if (header.type === 'DATA_PAGE' && header.data_page_header !== undefined) {
      encoding = header.data_page_header.encoding;
      count = header.data_page_header.num_values;
      const bytes = decompressPage(body, Number(header.uncompressed_page_size), chunk.codec, source.compressors);
      const plain = encoding === 'PLAIN' && levels.rep === 0 && header.data_page_header.definition_level_encoding === 'RLE'
        ? plainWithoutNulls(bytes, count, levels.def, chunk.type) : undefined;
      page = plain !== undefined ? { definitionLevels: [], repetitionLevels: [], dataPage: plain } : readDataPage(bytes, header.data_page_header, decoder);
    } else if (header.type === 'DATA_PAGE_V2' && header.data_page_header_v2 !== undefined) {
      encoding = header.data_page_header_v2.encoding;
      count = header.data_page_header_v2.num_values;
      page = readDataPageV2(body, header, decoder);
    } else {
      continue; // an index page
    }
    const dictionaryEncoded = encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY';
    if (!dictionaryEncoded && !VALUE_ENCODINGS.has(encoding)) throw new Unsupported(`encoding ${encoding}`);
    seen += count;
    yield {
      definitionLevels: page.definitionLevels ?? [], repetitionLevels: page.repetitionLevels, values: page.dataPage,
      dictionaryEncoded, count, ...(dictionary !== undefined ? { dictionary } : {}),
    };
  }
  if (seen !== total) throw new RangeError(`column chunk ${pathInSchema} holds ${seen} of its ${total} values`);
}

/**
 * A flat column into `target` (rows in file order); nulls become NaN and are marked in the
 * returned array (undefined when there are none). Undefined when the column needs the general reader.
 */
export function readFlatColumn(source: ColumnSource, path: readonly SchemaTree[], target: FlatTarget): { nulls: Uint8Array | undefined } | undefined {
  const { def, rep } = maxLevels(path);
  if (rep !== 0 || !directLeaf(path[path.length - 1]!)) return undefined;
  const name = path.slice(1).map((n) => n.element.name).join('.');
  const { data, width, index } = target;
  const rows = data.length / width;
  let nulls: Uint8Array | undefined;
  let row = 0;
  try {
    for (let g = 0; g < source.metadata.row_groups.length; g++) {
      for (const page of pages(source, path, g, name)) {
        if (row + page.count > rows) throw new RangeError(`column ${name} holds more values than the file's ${rows} rows`);
        const defs = page.definitionLevels;
        const values = page.values;
        if (defs.length === 0 && !page.dictionaryEncoded && (values instanceof Float64Array || values instanceof Float32Array || values instanceof Int32Array)) {
          if (width === 1) data.set(values.subarray(0, page.count), row);
          else for (let i = 0, o = row * width + index; i < page.count; i++, o += width) data[o] = values[i]!;
          row += page.count;
          continue;
        }
        const at = valueAt(values, page.dictionary, page.dictionaryEncoded);
        if (defs.length === 0) {
          for (let i = 0, o = row * width + index; i < page.count; i++, o += width) data[o] = at(i);
        } else {
          let v = 0;
          for (let i = 0; i < page.count; i++) {
            const o = (row + i) * width + index;
            if (defs[i] === def) {
              data[o] = at(v++);
            } else {
              data[o] = NaN;
              nulls ??= new Uint8Array(rows);
              nulls[row + i] = 1;
            }
          }
        }
        row += page.count;
      }
    }
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
  if (row !== rows) throw new RangeError(`column ${name} holds ${row} values for the file's ${rows} rows`);
  return { nulls };
}

/**
 * A list column whose rows all hold `width` non-null numbers, as one row-major (rows x width)
 * Float64Array: the list's child values in file order. Undefined when a row is null, empty,
 * holds a null or a different count (the general reader names the row), or the layout is not
 * a plain list of numbers.
 */
export function readListColumn(source: ColumnSource, path: readonly SchemaTree[], rows: number): { data: Float64Array; width: number } | undefined {
  const { def, rep } = maxLevels(path);
  if (rep !== 1 || !directLeaf(path[path.length - 1]!) || rows === 0) return undefined;
  const name = path.slice(1).map((n) => n.element.name).join('.');
  let total = 0;
  for (const group of source.metadata.row_groups) {
    const chunk = group.columns.find((c) => c.meta_data?.path_in_schema.join('.') === name)?.meta_data;
    if (chunk === undefined) return undefined;
    total += Number(chunk.num_values);
  }
  const width = total / rows;
  if (!Number.isInteger(width) || width === 0) return undefined;
  const data = new Float64Array(total);
  let filled = 0;
  let row = -1;
  let inRow = 0;
  try {
    for (let g = 0; g < source.metadata.row_groups.length; g++) {
      for (const page of pages(source, path, g, name)) {
        const defs = page.definitionLevels;
        const reps = page.repetitionLevels;
        // A definition level below the maximum is a null list, an empty list or a null element.
        for (let i = 0; i < defs.length; i++) if (defs[i] !== def) return undefined;
        for (let i = 0; i < page.count; i++) {
          if (reps[i] === 0) {
            if (row >= 0 && inRow !== width) return undefined;
            row++;
            inRow = 0;
          }
          inRow++;
        }
        if (filled + page.count > total) return undefined;
        const values = page.values;
        if (!page.dictionaryEncoded && (values instanceof Float64Array || values instanceof Float32Array || values instanceof Int32Array)) {
          data.set(values.subarray(0, page.count), filled);
        } else {
          const at = valueAt(values, page.dictionary, page.dictionaryEncoded);
          for (let i = 0; i < page.count; i++) data[filled + i] = at(i);
        }
        filled += page.count;
      }
    }
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
  if (row + 1 !== rows || inRow !== width || filled !== total) return undefined;
  return { data, width };
}

/** Columns decoded at once before they are interleaved into the matrix: the block's buffers stay small, the writes sequential. */
const BLOCK = 32;

/**
 * Flat columns into one row-major (rows x columns) matrix. Each block of columns is decoded into
 * column buffers and then interleaved row by row, which writes the matrix in order instead of
 * one strided value per cache line. Per column: its nulls, or undefined when that column needs
 * the general reader (its place in the matrix is then left as zeros).
 */
export function readFlatMatrix(source: ColumnSource, paths: readonly (readonly SchemaTree[])[], rows: number):
  { data: Float64Array; width: number; columns: ({ nulls: Uint8Array | undefined } | undefined)[] } {
  const width = paths.length;
  const data = new Float64Array(rows * width);
  const columns: ({ nulls: Uint8Array | undefined } | undefined)[] = [];
  const buffers = Array.from({ length: Math.min(BLOCK, width) }, () => new Float64Array(rows));
  for (let first = 0; first < width; first += BLOCK) {
    const count = Math.min(BLOCK, width - first);
    const block: Float64Array[] = [];
    for (let b = 0; b < count; b++) {
      const read = readFlatColumn(source, paths[first + b]!, { data: buffers[b]!, width: 1, index: 0 });
      columns.push(read);
      if (read !== undefined) block.push(buffers[b]!);
      else block.push(new Float64Array(0));
    }
    for (let r = 0; r < rows; r++) {
      const base = r * width + first;
      for (let b = 0; b < count; b++) {
        const column = block[b]!;
        if (column.length !== 0) data[base + b] = column[r]!;
      }
    }
  }
  return { data, width, columns };
}
