import { open } from 'node:fs/promises';
import { sniffDelimiter } from '../sniff-delimiter.js';
import type { TableBuilder } from '../table-builder.js';
import { LabelCache } from './label-cache.js';
import { parseLine, UNUSUAL, type LineLayout } from './parse-line.js';

/**
 * Thrown when the fast path meets anything it does not handle: a quote, a bad cell, a ragged row,
 * an unusual line ending or blank line, a label the builder refuses. The caller then reads the
 * file with the general path, which handles it or reports it with its exact message, line and
 * column. So this path never decides an error itself, and never changes a number.
 */
export class NotFastPath extends Error {
  constructor(readonly reason: string) {
    super(`fast path not applicable: ${reason}`);
  }
}

export interface FastReadHooks {
  /** After each chunk: bytes read so far and the file's size. */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** After each chunk: every row below `rows` is complete in `builder.rowBuffer`. */
  readonly onRows?: (rows: number) => void;
}

const LF = 0x0a, CR = 0x0d, SPACE = 0x20, TAB = 0x09;
/** The general path sniffs the delimiter from the header's first MiB; longer headers go there. */
const SNIFF_LIMIT = 1 << 20;
/** Head room on the row estimate from the first chunk (rows further on may be shorter). */
const ESTIMATE_MARGIN = 1.1;

/**
 * Reads a plain (uncompressed, UTF-8, unquoted) CSV file into `builder` straight from its bytes,
 * in chunks of `chunkSize` read into one reused buffer: only the line cut by a chunk boundary is
 * moved, and no string or object is made per row (labels are looked up by their bytes). The
 * header and the first data row go through the builder's general methods (they choose the
 * columns); after the first chunk, room for the estimated number of rows is reserved, so the
 * matrix is not copied as it grows. Throws `NotFastPath` when the file needs the general path.
 */
export async function readBodyFast(path: string, builder: TableBuilder, hooks: FastReadHooks = {},
  chunkSize = 1 << 20): Promise<void> {
  const handle = await open(path, 'r');
  try {
    const totalBytes = (await handle.stat()).size;
    const reader = new LineReader(builder, totalBytes);
    let buffer: Buffer = Buffer.allocUnsafe(chunkSize);
    let filled = 0;
    let bytesRead = 0;
    let first = true;
    for (;;) {
      if (filled === buffer.length) buffer = grown(buffer, filled); // a line longer than the buffer
      const { bytesRead: n } = await handle.read(buffer, filled, buffer.length - filled, null);
      if (n === 0) break;
      bytesRead += n;
      let start = 0;
      if (first && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) start = 3; // UTF-8 byte order mark
      first = false;
      filled += n;
      const consumed = reader.lines(buffer, start, filled);
      buffer.copyWithin(0, consumed, filled);
      filled -= consumed;
      reader.afterChunk();
      hooks.onProgress?.(bytesRead, totalBytes);
      if (reader.rows > 0) hooks.onRows?.(reader.rows);
    }
    if (filled > 0) {
      if (buffer[filled - 1] === CR) throw new NotFastPath('carriage return at the end of the file');
      if (filled === buffer.length) buffer = grown(buffer, filled);
      buffer[filled] = LF; // parseLine reads one byte past the line
      reader.line(buffer, 0, filled, false);
    }
    if (reader.rows > 0) hooks.onRows?.(reader.rows);
  } finally {
    await handle.close();
  }
}

function grown(buffer: Buffer, filled: number): Buffer {
  const bigger = Buffer.allocUnsafe(buffer.length * 2);
  buffer.copy(bigger, 0, 0, filled);
  return bigger;
}

/** The line-by-line state of one read: header, first row, then the fast body. */
class LineReader {
  private lineNumber = 0;
  private crlf: boolean | undefined;
  private layout: LineLayout | undefined;
  private readonly labelBounds = new Int32Array(2);
  private labels: LabelCache | undefined;
  private bodyBytes = 0;
  private reserved = false;
  rows = 0;

  constructor(private readonly builder: TableBuilder, private readonly totalBytes: number) {}

  /** Handles every complete line in `bytes[start, end)`; returns where the unfinished one starts. */
  lines(bytes: Buffer, start: number, end: number): number {
    let from = start;
    for (let lf = bytes.indexOf(LF, from); lf >= 0 && lf < end; lf = bytes.indexOf(LF, from)) {
      this.line(bytes, from, lf, true);
      this.bodyBytes += this.layout !== undefined ? lf + 1 - from : 0;
      from = lf + 1;
    }
    return from;
  }

  /** One line, `bytes[start, end)` without its LF (`terminated`: it had one). */
  line(bytes: Buffer, start: number, end: number, terminated: boolean): void {
    this.lineNumber++;
    if (terminated) {
      const crlf = end > start && bytes[end - 1] === CR;
      if (crlf) end--;
      // csv-parse settles on the first line break it meets; mixed endings are left to it.
      if (this.crlf === undefined) this.crlf = crlf;
      else if (this.crlf !== crlf) throw new NotFastPath('mixed line endings');
    }
    const layout = this.layout;
    if (layout !== undefined) {
      if (end === start) return; // a blank line
      const buffer = this.builder.rowBuffer!;
      const base = buffer.nextRowOffset();
      if (parseLine(bytes, start, end, layout, buffer.scores, base, this.labelBounds) === UNUSUAL) {
        if (isBlank(bytes, start, end, layout.delimiter)) return;
        throw new NotFastPath(`line ${this.lineNumber}`);
      }
      const label = this.labels!.id(bytes, this.labelBounds[0]!, this.labelBounds[1]!, this.lineNumber);
      this.builder.commitParsedRow(label, this.lineNumber);
      this.rows++;
      return;
    }
    this.headOrFirstRow(bytes.toString('utf8', start, end));
  }

  /** The header and the first data row go through the builder's general methods. */
  private headOrFirstRow(text: string): void {
    if (text.includes('"') || text.includes('\r')) throw new NotFastPath('quotes or a bare carriage return');
    if (text.length > SNIFF_LIMIT) throw new NotFastPath('a very long header');
    if (this.builder.columnPlan === undefined && this.headerFields === undefined) {
      if (text === '') return;
      if (/^[ \t]*$/.test(text)) throw new NotFastPath('a blank line of spaces before the header');
      this.delimiter = sniffDelimiter(text);
      this.headerFields = text.split(this.delimiter);
      this.builder.header(this.headerFields);
      return;
    }
    const delimiter = this.delimiter;
    if (text === '' || (/^[ \t]*$/.test(text) && !text.includes(delimiter))) return;
    this.builder.row(text.split(delimiter), this.lineNumber);
    const plan = this.builder.columnPlan!;
    const width = this.headerFields!.length;
    const slots = new Int32Array(width).fill(-1);
    plan.scoreIndices.forEach((column, j) => { slots[column] = j; });
    this.layout = { delimiter: delimiter.charCodeAt(0), width, labelIndex: plan.labelIndex, slots };
    this.labels = new LabelCache((text, line) => this.builder.resolveLabel(text, line));
    this.rows = 1;
  }

  private delimiter = ',';
  private headerFields: string[] | undefined;

  /** After the first chunk with body rows: reserve room for the whole file's rows. */
  afterChunk(): void {
    if (this.reserved || this.rows < 2) return;
    const perRow = this.bodyBytes / this.rows;
    this.builder.rowBuffer!.reserve(Math.ceil((this.totalBytes / perRow) * ESTIMATE_MARGIN) + 16);
    this.reserved = true;
  }
}

/** What the general path skips: a record of one field that trims to nothing. */
function isBlank(bytes: Buffer, start: number, end: number, delimiter: number): boolean {
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if ((c !== SPACE && c !== TAB) || c === delimiter) return false;
  }
  return true;
}
