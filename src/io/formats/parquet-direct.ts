import { parquetHeader } from 'hyparquet/src/column.js';
import { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { readPlain } from 'hyparquet/src/plain.js';
import type { ColumnMetaData, Compressors, DecodedArray, FileMetaData, SchemaTree } from 'hyparquet';
import { snappyInto } from './snappy.js';

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

/**
 * How a Parquet read may use other threads (ReadThreads.parquet; src/parallel implements it):
 * files of at least `minBytes` bytes are read into shared memory after `start` (which may start
 * the threads while the file is read), and `decode` runs `mine` (this thread's share of the
 * task's jobs) while other threads take jobs of the same task.
 */
export interface ParquetThreads {
  readonly minBytes: number;
  start(): void;
  decode(task: DecodeTask, mine: () => void): void;
}

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
 * the usual case), read without building the levels: a DOUBLE page's value bytes, or the values
 * as a typed array over the page (or a copy, when they are not aligned). Undefined for any other page.
 */
function plainWithoutNulls(page: Uint8Array, count: number, maxDef: number, type: string): DecodedArray | Uint8Array | undefined {
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
  if (type === 'DOUBLE') return page.subarray(offset, offset + count * size);
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
  /** The values (or dictionary indices); undefined when `raw` holds them. */
  values: DecodedArray | undefined;
  /** A PLAIN DOUBLE page without nulls: its values' bytes, little-endian, as stored. */
  raw: Uint8Array | undefined;
  dictionaryEncoded: boolean;
  count: number;
}

/**
 * One buffer that decompressed pages go into, reused from page to page: a page is consumed
 * (its values copied out) before the next one is decompressed.
 */
export class Scratch {
  private buffer = new Uint8Array(0);

  take(length: number): Uint8Array {
    if (this.buffer.length < length) this.buffer = new Uint8Array(Math.max(length, Math.ceil(this.buffer.length * 1.5)));
    return this.buffer.subarray(0, length);
  }
}

/** A page's bytes uncompressed: snappy into the scratch buffer (snappy.ts), other codecs through hyparquet's. */
function decompress(body: Uint8Array, size: number, codec: string, compressors: Compressors, scratch: Scratch): Uint8Array {
  if (codec === 'SNAPPY') {
    const out = scratch.take(size);
    snappyInto(body, out);
    return out;
  }
  return decompressPage(body, size, codec as Parameters<typeof decompressPage>[2], compressors);
}

/** A page's values as a typed array: `raw` bytes copied out when they are not aligned. */
function pageValues(page: Page): DecodedArray {
  if (page.values !== undefined) return page.values;
  const raw = page.raw!;
  return raw.byteOffset % 8 === 0 ? new Float64Array(raw.buffer, raw.byteOffset, page.count) : new Float64Array(raw.slice().buffer, 0, page.count);
}

/** The chunk of column `pathInSchema` in row group `group`. */
function chunkOf(source: ColumnSource, group: number, pathInSchema: string): ColumnMetaData {
  const chunk = source.metadata.row_groups[group]!.columns.find((c) => c.meta_data?.path_in_schema.join('.') === pathInSchema)?.meta_data;
  if (chunk === undefined) throw new Unsupported('column chunk missing');
  return chunk;
}

/** Every data page of one column chunk, in order, after its dictionary page. */
function* pages(source: ColumnSource, path: readonly SchemaTree[], group: number, pathInSchema: string, scratch: Scratch): Generator<Page & { dictionary?: Float64Array }> {
  const chunk = chunkOf(source, group, pathInSchema);
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
    if (reader.offset + header.compressed_page_size > view.byteLength) throw new RangeError(`a page of column chunk ${pathInSchema} ends past the chunk`);
    const body = new Uint8Array(view.buffer, view.byteOffset + reader.offset, header.compressed_page_size);
    reader.offset += header.compressed_page_size;
    if (header.type === 'DICTIONARY_PAGE') {
      const page = decompress(body, Number(header.uncompressed_page_size), chunk.codec, source.compressors, scratch);
      const count = header.dictionary_page_header?.num_values ?? 0;
      dictionary = toDictionary(readPlain({ view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 }, chunk.type, count, undefined));
      continue;
    }
    let encoding: string;
    let count: number;
    let page: { definitionLevels: readonly number[] | undefined; repetitionLevels: readonly number[]; dataPage: DecodedArray | undefined; raw?: Uint8Array };
    if (header.type === 'DATA_PAGE' && header.data_page_header !== undefined) {
      encoding = header.data_page_header.encoding;
      count = header.data_page_header.num_values;
      const bytes = decompress(body, Number(header.uncompressed_page_size), chunk.codec, source.compressors, scratch);
      const plain = encoding === 'PLAIN' && levels.rep === 0 && header.data_page_header.definition_level_encoding === 'RLE'
        ? plainWithoutNulls(bytes, count, levels.def, chunk.type) : undefined;
      page = plain instanceof Uint8Array ? { definitionLevels: [], repetitionLevels: [], dataPage: undefined, raw: plain }
        : plain !== undefined ? { definitionLevels: [], repetitionLevels: [], dataPage: plain } : readDataPage(bytes, header.data_page_header, decoder);
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
      definitionLevels: page.definitionLevels ?? [], repetitionLevels: page.repetitionLevels, values: page.dataPage, raw: page.raw,
      dictionaryEncoded, count, ...(dictionary !== undefined ? { dictionary } : {}),
    };
  }
  if (seen !== total) throw new RangeError(`column chunk ${pathInSchema} holds ${seen} of its ${total} values`);
}

/** The dotted path of a column (its chunks' `path_in_schema`). */
function pathName(path: readonly SchemaTree[]): string {
  return path.slice(1).map((n) => n.element.name).join('.');
}

/**
 * One column chunk of a flat column (row group `group`) into `out`, which holds exactly the row
 * group's rows; a null becomes NaN and is passed to `onNull`. Returns whether there was one.
 * Throws `Unsupported` for what the general reader must read, RangeError for a damaged chunk.
 */
function decodeChunk(source: ColumnSource, path: readonly SchemaTree[], group: number, out: Float64Array,
  onNull: ((row: number) => void) | undefined, scratch: Scratch): boolean {
  const { def, rep } = maxLevels(path);
  if (rep !== 0 || !directLeaf(path[path.length - 1]!)) throw new Unsupported('not a flat column of numbers');
  const name = pathName(path);
  const rows = out.length;
  let row = 0;
  let nulls = false;
  for (const page of pages(source, path, group, name, scratch)) {
    if (row + page.count > rows) throw new RangeError(`column ${name} holds more values than its row group's ${rows} rows`);
    if (page.raw !== undefined) {
      // The stored bytes are the doubles (little-endian, as typed arrays are here): one native copy.
      new Uint8Array(out.buffer, out.byteOffset + row * 8, page.count * 8).set(page.raw.subarray(0, page.count * 8));
      row += page.count;
      continue;
    }
    const defs = page.definitionLevels;
    const values = page.values!;
    if (defs.length === 0 && !page.dictionaryEncoded && (values instanceof Float64Array || values instanceof Float32Array || values instanceof Int32Array)) {
      out.set(values.subarray(0, page.count), row);
      row += page.count;
      continue;
    }
    const at = valueAt(values, page.dictionary, page.dictionaryEncoded);
    if (defs.length === 0) {
      for (let i = 0; i < page.count; i++) out[row + i] = at(i);
    } else {
      let v = 0;
      for (let i = 0; i < page.count; i++) {
        if (defs[i] === def) {
          out[row + i] = at(v++);
        } else {
          out[row + i] = NaN;
          nulls = true;
          onNull?.(row + i);
        }
      }
    }
    row += page.count;
  }
  if (row !== rows) throw new RangeError(`column ${name} holds ${row} values in row group ${group + 1}, which has ${rows} rows`);
  return nulls;
}

/** Where each row group starts, and the file's rows at the end. */
function groupStarts(metadata: FileMetaData): number[] {
  const starts = [0];
  for (const group of metadata.row_groups) starts.push(starts[starts.length - 1]! + Number(group.num_rows));
  return starts;
}

/**
 * A flat column into `target` (rows in file order); nulls become NaN and are marked in the
 * returned array (undefined when there are none). Undefined when the column needs the general reader.
 */
export function readFlatColumn(source: ColumnSource, path: readonly SchemaTree[], target: FlatTarget,
  scratch = new Scratch()): { nulls: Uint8Array | undefined } | undefined {
  const { rep } = maxLevels(path);
  if (rep !== 0 || !directLeaf(path[path.length - 1]!)) return undefined;
  const name = pathName(path);
  const { data, width, index } = target;
  const rows = data.length / width;
  const starts = groupStarts(source.metadata);
  let nulls: Uint8Array | undefined;
  try {
    for (let g = 0; g < source.metadata.row_groups.length; g++) {
      const from = starts[g]!;
      const to = starts[g + 1]!;
      if (to > rows) throw new RangeError(`column ${name} holds more values than the file's ${rows} rows`);
      const out = width === 1 ? data.subarray(from, to) : new Float64Array(to - from);
      decodeChunk(source, path, g, out, (r) => { (nulls ??= new Uint8Array(rows))[from + r] = 1; }, scratch);
      if (width !== 1) for (let r = 0, o = from * width + index; r < out.length; r++, o += width) data[o] = out[r]!;
    }
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
  if (starts[starts.length - 1] !== rows) throw new RangeError(`column ${name} holds ${starts[starts.length - 1]} values for the file's ${rows} rows`);
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
  const scratch = new Scratch();
  let filled = 0;
  let row = -1;
  let inRow = 0;
  try {
    for (let g = 0; g < source.metadata.row_groups.length; g++) {
      for (const page of pages(source, path, g, name, scratch)) {
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
        const values = pageValues(page);
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

/** Columns decoded at once before they are interleaved into their targets: the block's buffers stay small, the writes sequential. */
const BLOCK = 32;

/** Half the largest double: values within it are finite, and two of them differ by a finite amount. */
const HALF_MAX = Number.MAX_VALUE / 2;

function isBounded(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v <= HALF_MAX && v >= -HALF_MAX)) return false;
  }
  return true;
}

/** Rows interleaved at a time: a tile of a block's rows in the matrix stays in the cache while its columns are written. */
const TILE = 256;

/** A flat column of a `DecodeTask` and where its values go: `data[row * width + index]`. */
export interface TaskColumn extends FlatTarget {
  readonly path: readonly SchemaTree[];
}

/**
 * Flat columns to decode, cut into jobs that any thread can take: job `g * blocks + b` is block
 * `b` of the columns (`blocks[2b] .. blocks[2b + 1] - 1`) in row group `g`. Each job decodes its
 * columns' chunks into buffers and interleaves them, tile by tile, into their targets, so every
 * value has one place, whichever thread writes it: the result is the same on any number of
 * threads. Everything in it can be posted to a worker thread (the arrays in shared memory then).
 */
export interface DecodeTask {
  /** The whole file. */
  readonly bytes: Uint8Array;
  readonly metadata: FileMetaData;
  readonly columns: readonly TaskColumn[];
  readonly blocks: Int32Array;
  /** [0]: the next job to take (Atomics.add). */
  readonly next: Int32Array;
  /** Per job: 1 once done. */
  readonly done: Int32Array;
  /**
   * Per column, flags set by the jobs: 1 some row group held nulls (NaN written, the calling
   * thread marks them), 2 a chunk needs the calling thread (the general reader, or an error to
   * report), 4 a value is not a number within half the largest double (a null, NaN, an infinity,
   * a huge value: the table's checks find and name it; without it the column is `bounded`).
   */
  readonly status: Int32Array;
}

/** A task over these columns: the columns of one matrix in blocks of about BLOCK, each other column a block of its own. */
export function decodeTask(bytes: Uint8Array, metadata: FileMetaData, columns: readonly TaskColumn[], shared: boolean): DecodeTask {
  const ints = (length: number): Int32Array => (shared ? new Int32Array(new SharedArrayBuffer(length * 4)) : new Int32Array(length));
  const bounds: number[] = [];
  let first = 0;
  while (first < columns.length) {
    const { data } = columns[first]!;
    let end = first + 1;
    while (end < columns.length && columns[end]!.data === data) end++;
    // Blocks of one matrix of nearly equal size (100 columns: 4 of 25, not 3 of 32 and one of 4).
    const count = Math.ceil((end - first) / BLOCK);
    for (let b = 0; b < count; b++) bounds.push(first + Math.floor((b * (end - first)) / count), first + Math.floor(((b + 1) * (end - first)) / count));
    first = end;
  }
  const blocks = Int32Array.from(bounds);
  const jobs = metadata.row_groups.length * (blocks.length / 2);
  return { bytes, metadata, columns, blocks, next: ints(1), done: ints(jobs), status: ints(columns.length) };
}

export function jobCount(task: DecodeTask): number {
  return task.done.length;
}

/** Takes jobs of `task` until none is left (any number of threads may do this at once). */
export function decodeJobs(task: DecodeTask, compressors: Compressors): void {
  const work = new JobWork(task, compressors);
  for (;;) {
    const job = Atomics.add(task.next, 0, 1);
    if (job >= task.done.length) return;
    work.run(job);
  }
}

/** The jobs a failed thread left undone, done here. */
export function finishJobs(task: DecodeTask, compressors: Compressors): void {
  let work: JobWork | undefined;
  for (let job = 0; job < task.done.length; job++) {
    if (Atomics.load(task.done, job) !== 1) (work ??= new JobWork(task, compressors)).run(job);
  }
}

/** One thread's buffers for a task's jobs. */
class JobWork {
  private readonly source: ColumnSource;
  private readonly starts: number[];
  private readonly buffers: Float64Array[] = [];
  private readonly scratch = new Scratch();

  constructor(private readonly task: DecodeTask, compressors: Compressors) {
    this.source = { bytes: task.bytes, metadata: task.metadata, compressors };
    this.starts = groupStarts(task.metadata);
  }

  run(job: number): void {
    const { task, starts } = this;
    const blockCount = task.blocks.length / 2;
    const group = Math.floor(job / blockCount);
    const block = job - group * blockCount;
    const first = task.blocks[2 * block]!;
    const end = task.blocks[2 * block + 1]!;
    const from = starts[group]!;
    const rows = starts[group + 1]! - from;
    const decoded: (Float64Array | undefined)[] = [];
    for (let c = first; c < end; c++) {
      const column = task.columns[c]!;
      const b = c - first;
      let out: Float64Array | undefined;
      if (column.width === 1) {
        out = from + rows <= column.data.length ? column.data.subarray(from, from + rows) : undefined;
      } else {
        if ((this.buffers[b]?.length ?? 0) < rows) this.buffers[b] = new Float64Array(rows);
        out = this.buffers[b]!.subarray(0, rows);
      }
      try {
        if (out === undefined || (from + rows) * column.width > column.data.length) throw new RangeError('more rows than the file');
        if (decodeChunk(this.source, column.path, group, out, undefined, this.scratch)) Atomics.or(task.status, c, 1);
        if (column.width === 1 && !isBounded(out)) Atomics.or(task.status, c, 4);
        decoded.push(column.width === 1 ? undefined : out);
      } catch {
        // Unsupported or damaged: the calling thread reads the column again and decides.
        Atomics.or(task.status, c, 2);
        decoded.push(undefined);
      }
    }
    for (let r0 = 0; r0 < rows; r0 += TILE) {
      const r1 = Math.min(rows, r0 + TILE);
      for (let c = first; c < end; c++) {
        const values = decoded[c - first];
        if (values === undefined) continue;
        const { data, width, index } = task.columns[c]!;
        let bounded = true;
        for (let r = r0, o = (from + r0) * width + index; r < r1; r++, o += width) {
          const v = values[r]!;
          data[o] = v;
          if (!(v <= HALF_MAX && v >= -HALF_MAX)) bounded = false;
        }
        if (!bounded) Atomics.or(task.status, c, 4);
      }
    }
    Atomics.store(task.done, job, 1);
  }
}
