import { errors } from '../../core/errors.js';
import type { InputColumn } from '../typed-table.js';

/**
 * NumPy's `.npy` format (numpy.lib.format, versions 1 to 3): the magic `\x93NUMPY`, a version,
 * the header's length, a Python dict literal (`{'descr': '<f8', 'fortran_order': False,
 * 'shape': (N, K), }`) padded to a multiple of 64 bytes, then the raw elements. Float arrays
 * (float16, float32, float64, either byte order, C or Fortran order) are widened exactly to one
 * row-major Float64Array; a little-endian float64 C-order array is read straight into it, with no
 * copy. Integer, boolean and string arrays serve as labels. Object arrays (pickles) are refused.
 */

/** Where an array's bytes are: a region of a file, or bytes in memory (an inflated .npz entry). */
export interface ByteSource {
  readonly size: number;
  /** Fills `into` from `offset` on; returns the bytes read (fewer at the end). */
  read(into: Uint8Array, offset: number): Promise<number>;
}

export interface NdArray {
  readonly name: string;
  readonly descr: string;
  readonly shape: readonly number[];
  /** Float arrays, widened to float64 and row-major. */
  readonly floats?: Float64Array;
  /** Integer, boolean and string arrays: the elements as text. */
  readonly element?: (i: number) => string;
}

export const NPY_MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY

export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: async (into, offset) => {
      const part = bytes.subarray(offset, offset + into.length);
      into.set(part);
      return part.length;
    },
  };
}

interface Header {
  descr: string;
  fortran: boolean;
  shape: number[];
  dataOffset: number;
}

async function readHeader(file: string, label: string, source: ByteSource): Promise<Header> {
  const head = new Uint8Array(12);
  const got = await source.read(head, 0);
  if (got < 10 || !NPY_MAGIC.equals(head.subarray(0, 6))) {
    if (got < 10 && NPY_MAGIC.subarray(0, got).equals(head.subarray(0, got))) throw errors.truncatedArray(file, label, `it ends inside the header (${got} bytes)`);
    throw errors.badArrayFile(file, label, 'it does not start with the .npy magic bytes (\\x93NUMPY)');
  }
  const major = head[6]!;
  if (major < 1 || major > 3) throw errors.badArrayFile(file, label, `format version ${major}.${head[7]!} is not one calib knows (1.0 to 3.0)`);
  const view = new DataView(head.buffer);
  const lengthBytes = major === 1 ? 2 : 4;
  if (got < 8 + lengthBytes) throw errors.truncatedArray(file, label, 'it ends inside the header');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lengthBytes;
  const text = new Uint8Array(headerLength);
  const read = await source.read(text, start);
  if (read < headerLength) throw errors.truncatedArray(file, label, `it ends inside the header (${start + read} of ${start + headerLength} bytes)`);
  const dict = Buffer.from(text).toString(major === 3 ? 'utf8' : 'latin1');
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(dict)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(dict)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(dict)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    // A structured dtype's descr is a list: no plain array of scores.
    if (/'descr'\s*:\s*\[/.test(dict)) throw errors.arrayDtype(file, label, 'a structured (record) dtype', 'float16/32/64 scores and integer, boolean or string labels');
    throw errors.badArrayFile(file, label, `its header is not a NumPy array header (${JSON.stringify(dict.trim().slice(0, 60))})`);
  }
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (!shape.every((n) => Number.isSafeInteger(n) && n >= 0)) throw errors.badArrayFile(file, label, `its shape (${shapeText}) is not a list of sizes`);
  return { descr, fortran: fortran === 'True', shape, dataOffset: start + headerLength };
}

/** What calib reads, for messages. */
const WANTED = 'float16/32/64 scores and integer, boolean or string labels';

/**
 * Reads one array. `name` names it in messages and in the column plan (the file's stem, or the
 * .npz key). `shared` puts float data in shared memory (a second thread reads it).
 */
export async function readNpy(file: string, name: string, source: ByteSource, options: { shared?: boolean } = {}): Promise<NdArray> {
  const { descr, fortran, shape, dataOffset } = await readHeader(file, name, source);
  const dtype = /^([<>|=])([a-zA-Z])(\d+)$/.exec(descr);
  if (dtype === null) throw errors.arrayDtype(file, name, descr, WANTED);
  const order = dtype[1]!;
  const kind = dtype[2]!;
  const size = Number(dtype[3]);
  const little = order !== '>';
  const count = shape.reduce((a, b) => a * b, 1);
  const supported = (kind === 'f' && (size === 2 || size === 4 || size === 8)) || ((kind === 'i' || kind === 'u') && [1, 2, 4, 8].includes(size))
    || (kind === 'b' && size === 1) || ((kind === 'U' || kind === 'S') && size > 0);
  if (!supported) throw errors.arrayDtype(file, name, descr, WANTED);
  if (shape.length > 2) throw errors.arrayRank(file, name, shape);
  const itemBytes = kind === 'U' ? 4 * size : size;
  const dataBytes = count * itemBytes;
  const available = Math.max(0, source.size - dataOffset);
  if (available < dataBytes) {
    const perRow = itemBytes * (shape.length === 2 && !fortran ? shape[1]! : 1);
    const rows = shape[0] ?? 1;
    const complete = Math.floor(available / Math.max(1, perRow));
    throw errors.truncatedArray(file, '.npy', `array ${JSON.stringify(name)} of shape (${shape.join(', ')}) needs ${dataBytes} bytes of data, the file holds ${available}`,
      fortran ? undefined : Math.min(rows, (complete % Math.max(1, rows)) + 1));
  }
  const rows = shape[0] ?? 1;
  const width = shape.length === 2 ? shape[1]! : 1;
  if (kind === 'f') {
    const floats = new Float64Array(options.shared ? new SharedArrayBuffer(count * 8) : new ArrayBuffer(count * 8));
    if (size === 8 && little && (!fortran || width === 1 || rows === 1)) {
      // The common case: the file's bytes are the matrix, read straight into it.
      await readFully(source, new Uint8Array(floats.buffer, 0, dataBytes), dataOffset);
      return { name, descr, shape, floats };
    }
    const raw = new Uint8Array(dataBytes);
    await readFully(source, raw, dataOffset);
    if (!little && size > 1) swapBytes(raw, size);
    const narrow = size === 8 ? new Float64Array(raw.buffer, 0, count) : size === 4 ? new Float32Array(raw.buffer, 0, count) : halfToDouble(new Uint16Array(raw.buffer, 0, count));
    if (fortran && shape.length === 2) {
      for (let j = 0; j < width; j++) {
        const base = j * rows;
        for (let r = 0; r < rows; r++) floats[r * width + j] = narrow[base + r]!;
      }
    } else {
      floats.set(narrow);
    }
    return { name, descr, shape, floats };
  }
  const raw = new Uint8Array(dataBytes);
  await readFully(source, raw, dataOffset);
  if (!little && size > 1 && kind !== 'S') swapBytes(raw, kind === 'U' ? 4 : size);
  // Labels are one-dimensional; a 2-D integer array is read element by element in C order.
  const at = fortran && shape.length === 2 ? (i: number): number => (i % width) * rows + Math.floor(i / width) : (i: number): number => i;
  return { name, descr, shape, element: elementText(kind, size, raw, count, at) };
}

function elementText(kind: string, size: number, raw: Uint8Array, count: number, at: (i: number) => number): (i: number) => string {
  if (kind === 'b') return (i) => (raw[at(i)] !== 0 ? 'true' : 'false');
  if (kind === 'i' || kind === 'u') {
    const view = kind === 'i'
      ? size === 1 ? new Int8Array(raw.buffer, 0, count) : size === 2 ? new Int16Array(raw.buffer, 0, count) : size === 4 ? new Int32Array(raw.buffer, 0, count) : new BigInt64Array(raw.buffer, 0, count)
      : size === 1 ? raw : size === 2 ? new Uint16Array(raw.buffer, 0, count) : size === 4 ? new Uint32Array(raw.buffer, 0, count) : new BigUint64Array(raw.buffer, 0, count);
    return (i) => String(view[at(i)]!);
  }
  if (kind === 'U') {
    const points = new Uint32Array(raw.buffer, 0, count * size);
    return (i) => {
      let text = '';
      const base = at(i) * size;
      for (let c = 0; c < size; c++) {
        const point = points[base + c]!;
        if (point === 0) break;
        text += String.fromCodePoint(point);
      }
      return text;
    };
  }
  return (i) => {
    const base = at(i) * size;
    let end = base;
    while (end < base + size && raw[end] !== 0) end++;
    return Buffer.from(raw.buffer, base, end - base).toString('utf8');
  };
}

async function readFully(source: ByteSource, into: Uint8Array, offset: number): Promise<void> {
  let done = 0;
  // Reads of at most 256 MiB: node refuses larger single reads.
  const step = 1 << 28;
  while (done < into.length) {
    const got = await source.read(into.subarray(done, Math.min(into.length, done + step)), offset + done);
    if (got <= 0) break;
    done += got;
  }
}

function swapBytes(raw: Uint8Array, size: number): void {
  for (let i = 0; i + size <= raw.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = raw[a]!;
      raw[a] = raw[b]!;
      raw[b] = t;
    }
  }
}

/** IEEE half precision to double, exactly (every half is a double). */
function halfToDouble(bits: Uint16Array): Float64Array {
  const out = new Float64Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i]!;
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const fraction = h & 0x3ff;
    out[i] = exponent === 0 ? sign * fraction * 2 ** -24
      : exponent === 31 ? (fraction === 0 ? sign * Infinity : NaN)
        : sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
  }
  return out;
}

/**
 * The columns an array gives the column plan: a (N,) array is one column named after it; a
 * (N, K) array is K columns `name.0 .. name.K-1` over one row-major matrix. A (N, 1) array (a
 * Keras sigmoid's `model.predict(x)`) is one column named after the array, as a (N,) one: the
 * `.0` would be an index calib made up, and a column named for class 0 holds P(y = 0).
 */
export function arrayColumns(file: string, array: NdArray, reason?: string): InputColumn[] {
  const { name, shape } = array;
  if (shape.length === 0) return [];
  if (shape.length > 2) throw errors.arrayRank(file, name, shape);
  const rows = shape[0]!;
  const width = shape.length === 2 ? shape[1]! : 1;
  const floats = array.floats;
  const element = array.element;
  const column = (j: number, columnName: string): InputColumn => {
    const base = {
      name: columnName,
      rows,
      ...(reason !== undefined ? { reason } : {}),
    };
    if (floats !== undefined) {
      return {
        ...base,
        text: (r: number) => String(floats[r * width + j]!),
        value: (r: number) => floats[r * width + j]!,
        ...(shape.length === 2 ? { matrix: { data: floats, width, index: j } } : {}),
      };
    }
    return { ...base, text: (r: number) => element!(r * width + j) };
  };
  if (shape.length === 1 || width === 1) return [column(0, name)];
  return Array.from({ length: width }, (_, j) => column(j, `${name}.${j}`));
}
