import { createReadStream } from 'node:fs';
import { parseScore } from './parse-score.js';
import { sniffDelimiter } from './sniff-delimiter.js';
import type { TableBuilder } from './table-builder.js';

/**
 * Thrown when the fast path meets anything it does not handle (a quote, a bad cell, a ragged
 * row, an unusual line ending...). The caller then reads the file again with the general path,
 * which handles it, or reports it with the exact message, line and column: so the fast path never
 * decides an error itself, and never changes a number.
 */
export class FastPathBail extends Error {
  constructor(readonly reason: string) {
    super(`fast path not applicable: ${reason}`);
  }
}

const COMMA = 0x2c, TAB = 0x09, QUOTE = 0x22, CR = 0x0d, LF = 0x0a, SPACE = 0x20;
const MINUS = 0x2d, PLUS = 0x2b, DOT = 0x2e, ZERO = 0x30, NINE = 0x39;
/** 10^d is exact in a double for d <= 22, so mantissa / 10^d is correctly rounded. */
const EXACT_POWERS = Array.from({ length: 23 }, (_, d) => 10 ** d);
/** Mantissas below 2^53 are exact; 15 digits always are. */
const MAX_FAST_DIGITS = 15;

/**
 * Reads the data rows of an unquoted, uncompressed CSV file straight from bytes: each score is
 * parsed into the table's Float64Array without making a string, as an integer mantissa divided
 * once by an exact power of ten. That equals `Number(text)` (and so `parseScore`) bit for bit
 * when the mantissa has at most 15 digits and there are at most 22 decimals: both operands are
 * exact doubles and IEEE division rounds correctly. Exponents and longer numbers go through
 * `parseScore` on the field's text. The header and the first data row go through the builder's
 * general methods (they decide the columns). Reads in 1 MiB chunks; only the current line is kept
 * across a chunk boundary.
 */
export async function readBodyFast(path: string, builder: TableBuilder, chunkSize = 1 << 20): Promise<void> {
  let carry: Buffer | undefined;
  let line = 0;
  let delimiter = COMMA;
  let sawHeader = false;
  let sawFirstRow = false;
  let width = 0;
  let labelIndex = 0;
  let scoreSlot: Int32Array = new Int32Array(0);

  const handleLine = (bytes: Buffer, start: number, end: number): void => {
    line++;
    if (end > start && bytes[end - 1] === CR) end--;
    if (isBlank(bytes, start, end)) return;
    if (!sawHeader) {
      const text = bytes.toString('utf8', start, end);
      if (text.includes('"')) throw new FastPathBail('quoted header');
      const delimiterText = sniffDelimiter(text);
      delimiter = delimiterText.charCodeAt(0);
      builder.header(text.split(delimiterText));
      width = text.split(delimiterText).length;
      sawHeader = true;
      return;
    }
    if (!sawFirstRow) {
      const text = bytes.toString('utf8', start, end);
      if (text.includes('"')) throw new FastPathBail('quoted field');
      builder.row(text.split(String.fromCharCode(delimiter)), line);
      const plan = builder.columnPlan!;
      labelIndex = plan.labelIndex;
      scoreSlot = new Int32Array(width).fill(-1);
      plan.scoreIndices.forEach((column, j) => { scoreSlot[column] = j; });
      sawFirstRow = true;
      return;
    }
    parseRow(bytes, start, end, line);
  };

  let scratch = new Float64Array(0);
  const parseRow = (bytes: Buffer, start: number, end: number, at: number): void => {
    if (scratch.length !== builder.columnPlan!.scoreIndices.length) scratch = new Float64Array(builder.columnPlan!.scoreIndices.length);
    const labelText = parseLine(bytes, start, end, delimiter, width, labelIndex, scoreSlot, scratch);
    let base: number;
    try {
      base = builder.appendParsedRow(labelText, at);
    } catch {
      throw new FastPathBail('label');
    }
    builder.scoreArray.set(scratch, base);
  };

  for await (const chunk of createReadStream(path, { highWaterMark: chunkSize })) {
    let bytes = chunk as Buffer;
    if (line === 0 && carry === undefined && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      bytes = bytes.subarray(3); // UTF-8 byte order mark
    }
    if (carry !== undefined) bytes = Buffer.concat([carry, bytes]);
    let start = 0;
    for (let i = bytes.indexOf(LF, start); i >= 0; i = bytes.indexOf(LF, start)) {
      handleLine(bytes, start, i);
      start = i + 1;
    }
    carry = start < bytes.length ? Buffer.from(bytes.subarray(start)) : undefined;
    // A CR anywhere but at the very end (where the LF of a CRLF may follow in the next chunk)
    // is a lone carriage return: a line ending this path leaves to the general one.
    const cr = carry === undefined ? -1 : carry.indexOf(CR);
    if (carry !== undefined && cr >= 0 && cr !== carry.length - 1) throw new FastPathBail('carriage-return line ending');
  }
  if (carry !== undefined) handleLine(carry, 0, carry.length);
}

function isBlank(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c !== SPACE && c !== TAB) return false;
  }
  return true;
}

/**
 * One data line in one pass: score fields are parsed into `scratch` (at their slot), the label
 * field is returned as text, other fields are skipped. Top-level with plain parameters so that V8
 * optimises the loop (this runs once per byte of the file).
 */
function parseLine(bytes: Buffer, start: number, end: number, delimiter: number, width: number, labelIndex: number,
  slots: Int32Array, scratch: Float64Array): string {
  let column = 0;
  let fieldStart = start;
  let label: string | undefined;
  let mantissa = 0, digits = 0, decimals = 0;
  let sawDot = false, negative = false, plain = true, anyDigit = false;
  for (let i = start; i <= end; i++) {
    const c = i < end ? bytes[i]! : delimiter;
    if (c === delimiter) {
      if (column >= width) throw new FastPathBail('ragged row');
      const slot = slots[column]!;
      if (slot >= 0) {
        if (plain && anyDigit && digits <= MAX_FAST_DIGITS && decimals < EXACT_POWERS.length) {
          const value = mantissa / EXACT_POWERS[decimals]!;
          scratch[slot] = negative ? -value : value;
        } else {
          // Exponents, long mantissas, spaces, and anything invalid: the general definition decides.
          const value = parseScore(bytes.toString('utf8', fieldStart, i));
          if (value === undefined) throw new FastPathBail('not a plain number');
          scratch[slot] = value;
        }
      } else if (column === labelIndex) {
        label = bytes.toString('utf8', fieldStart, i);
      }
      column++;
      fieldStart = i + 1;
      mantissa = 0; digits = 0; decimals = 0;
      sawDot = false; negative = false; plain = true; anyDigit = false;
      continue;
    }
    if (c >= ZERO && c <= NINE) {
      // Leading zeros do not count towards the 15 digits that keep the mantissa exact.
      if (mantissa !== 0 || c !== ZERO) digits++;
      mantissa = mantissa * 10 + (c - ZERO);
      anyDigit = true;
      if (sawDot) decimals++;
    } else if (c === DOT && !sawDot) {
      sawDot = true;
    } else if ((c === MINUS || c === PLUS) && i === fieldStart) {
      negative = c === MINUS;
    } else if (c === QUOTE) {
      throw new FastPathBail('quoted field');
    } else {
      plain = false;
    }
  }
  if (column !== width || label === undefined) throw new FastPathBail('ragged row');
  return label;
}
