import { open, type FileHandle } from 'node:fs/promises';
import { sniffDelimiter } from '../sniff-delimiter.js';
import type { TableBuilder } from '../table-builder.js';
import { LabelCache } from './label-cache.js';
import { parseBodyLine, BLANK, type LineLayout } from './parse-line.js';
import { ROWS_BEYOND_ESTIMATE, type RangeJob, type RangeResult } from './parse-range.js';

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

/**
 * The row estimate for a split read (see `SplitRead`) was too low: the file's rows are much
 * longer in one place than in another. The caller reads the file again without splitting.
 */
export class SplitEstimateMissed extends NotFastPath {
  constructor() {
    super(ROWS_BEYOND_ESTIMATE);
  }
}

/**
 * Reading a large file on several threads: once the first chunk has fixed the columns, the rest
 * of the file is cut at line breaks into `1 + parts` pieces of about equal size, and `parse`
 * reads each piece but the first (parse-range.ts, on workers) while this reader reads the first.
 * All write into the same shared arrays, each piece from a row past the estimated end of the
 * pieces before it, and their rows are then moved down in file order. Same arrays, labels and
 * line numbers as one thread.
 */
export interface SplitRead {
  /** Split only when at least this many bytes remain after the first chunk. */
  readonly minBytes: number;
  /** Whether to split a file with this many score columns. */
  readonly when?: (width: number) => boolean;
  /** Pieces read by `parse` (default 1: the file is read in two halves). */
  readonly parts?: number;
  /** Reads one piece; `signal` aborts when its result will not be used (stop the work). */
  readonly parse: (job: RangeJob, signal: AbortSignal) => Promise<RangeResult>;
}

export interface FastReadHooks {
  /** After each chunk: bytes read so far and the file's size. */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** After each chunk: every row below `rows` is complete in `builder.rowBuffer`. */
  readonly onRows?: (rows: number) => void;
  /** Read the pieces of a large file but the first on other threads (needs a builder with shared storage). */
  readonly split?: SplitRead;
}

const LF = 0x0a, CR = 0x0d;
/** The general path sniffs the delimiter from the header's first MiB; longer headers go there. */
const SNIFF_LIMIT = 1 << 20;
/** Head room on the row estimate from the first chunk (rows further on may be shorter). */
const ESTIMATE_MARGIN = 1.1;
/**
 * Head room for the second half of a split read: its rows go after the first half's estimated
 * end, and room that is reserved but never written costs no memory (row-buffer.ts).
 */
const SECOND_HALF_MARGIN = 1.5;

/**
 * Reads a plain (uncompressed, UTF-8, unquoted) CSV file into `builder` straight from its bytes,
 * in chunks of `chunkSize` read into one reused buffer: only the line cut by a chunk boundary is
 * moved, and no string or object is made per row (labels are looked up by their bytes). The
 * header and the first data row go through the builder's general methods (they choose the
 * columns); after the first chunk, room for the estimated number of rows is reserved, so the
 * matrix is not copied as it grows. With `hooks.split`, a large file's second half is read by
 * another thread meanwhile (see SplitRead). Throws `NotFastPath` when the file needs the general
 * path (`SplitEstimateMissed` when only the split went wrong).
 */
export async function readBodyFast(path: string, builder: TableBuilder, hooks: FastReadHooks = {},
  chunkSize = 1 << 20): Promise<void> {
  const handle = await open(path, 'r');
  /** The other pieces' reads, in file order, when the file was split. */
  let pieces: { job: RangeJob; result: Promise<RangeResult> }[] | undefined;
  let piecesDone = false;
  const abandon = new AbortController();
  try {
    const totalBytes = (await handle.stat()).size;
    const reader = new LineReader(builder, totalBytes);
    let buffer: Buffer = Buffer.allocUnsafe(chunkSize);
    let filled = 0;
    let bytesRead = 0;
    let first = true;
    /** Where this thread stops reading: the file's end, or the start of the second piece. */
    let end = totalBytes;
    let splitting = hooks.split !== undefined;
    const progress = (): number => bytesRead + (pieces ?? []).reduce((sum, piece) => sum + (piece.job.progress?.[0] ?? 0), 0);
    for (;;) {
      if (filled === buffer.length) buffer = grown(buffer, filled); // a line longer than the buffer
      const { bytesRead: n } = await handle.read(buffer, filled, Math.min(buffer.length - filled, end - bytesRead), bytesRead);
      if (n === 0) break;
      // A NUL byte anywhere, also past the first KiB that chose this path (a label such as "1\0"
      // would otherwise become a class of its own): the general path names its line and column.
      if (buffer.subarray(filled, filled + n).includes(0)) throw new NotFastPath('a NUL byte');
      bytesRead += n;
      let start = 0;
      if (first && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) start = 3; // UTF-8 byte order mark
      first = false;
      filled += n;
      const consumed = reader.lines(buffer, start, filled);
      buffer.copyWithin(0, consumed, filled);
      filled -= consumed;
      if (splitting && reader.bodyLayout !== undefined && reader.rows >= 2) {
        splitting = false; // decided once, on the first chunk with rows
        const jobs = await planSplit(handle, path, reader, bytesRead, totalBytes, hooks.split!, chunkSize);
        if (jobs !== undefined) {
          pieces = jobs.map((job) => ({ job, result: hooks.split!.parse(job, abandon.signal) }));
          end = jobs[0]!.from;
        }
      }
      reader.afterChunk();
      hooks.onProgress?.(progress(), totalBytes);
      if (reader.rows > 0) hooks.onRows?.(reader.rows);
    }
    if (pieces !== undefined) {
      // The first piece ends with its line break (the second starts right after one).
      if (filled > 0) throw new NotFastPath('the file changed while it was read');
      const ticker = hooks.onProgress ? setInterval(() => hooks.onProgress!(progress(), totalBytes), 200) : undefined;
      let results;
      try {
        results = await Promise.all(pieces.map((piece) => piece.result));
        piecesDone = true;
      } finally {
        clearInterval(ticker);
      }
      for (const [i, result] of results.entries()) {
        if (!result.ok) throw result.reason === ROWS_BEYOND_ESTIMATE ? new SplitEstimateMissed() : new NotFastPath(`piece ${i + 2}: ${result.reason}`);
      }
      // In file order: each piece's rows go after the rows before it.
      for (const [i, result] of results.entries()) reader.adoptPiece(pieces[i]!.job, result as Extract<RangeResult, { ok: true }>);
      hooks.onProgress?.(totalBytes, totalBytes);
    } else if (filled > 0) {
      if (buffer[filled - 1] === CR) throw new NotFastPath('carriage return at the end of the file');
      if (filled === buffer.length) buffer = grown(buffer, filled);
      buffer[filled] = LF; // parseLine reads one byte past the line
      reader.line(buffer, 0, filled, false);
    }
    reader.endOfRows();
    if (reader.rows > 0) hooks.onRows?.(reader.rows);
  } finally {
    // This piece stepped aside: the others' rows will not be used, so stop reading them.
    if (pieces !== undefined && !piecesDone) abandon.abort();
    await handle.close();
  }
}

/**
 * The other pieces' jobs, once the columns are known, when the rest of the file is large enough:
 * the rest is cut into `1 + split.parts` pieces, each starting after the first line break at or
 * past its share of the bytes. This reader's rows stay below an estimate of the first piece's
 * (from the bytes per row so far, with ESTIMATE_MARGIN); each other piece writes after the room of
 * the pieces before it, with room for SECOND_HALF_MARGIN times its own estimate.
 */
async function planSplit(handle: FileHandle, path: string, reader: LineReader, bytesRead: number, totalBytes: number, split: SplitRead,
  chunkSize: number): Promise<RangeJob[] | undefined> {
  const layout = reader.bodyLayout;
  const buffer = reader.builder.rowBuffer;
  if (layout === undefined || buffer === undefined || reader.crlf === undefined) return undefined;
  if (totalBytes - bytesRead < split.minBytes || !(split.when?.(buffer.width) ?? true)) return undefined;
  if (!(buffer.scores.buffer instanceof SharedArrayBuffer)) return undefined;
  const parts = Math.max(1, Math.floor(split.parts ?? 1));
  const starts: number[] = [];
  for (let p = 1; p <= parts; p++) {
    const from = await lineStartAfter(handle, bytesRead + Math.floor(((totalBytes - bytesRead) * p) / (parts + 1)), totalBytes);
    if (from === undefined || from >= totalBytes) break;
    if (from > (starts.at(-1) ?? bytesRead)) starts.push(from);
  }
  if (starts.length === 0) return undefined;
  const perRow = reader.bodyBytesPerRow;
  const firstRow = Math.ceil((starts[0]! / perRow) * ESTIMATE_MARGIN) + 16;
  const pieces: { from: number; to: number; firstRow: number; capacity: number }[] = [];
  let row = firstRow;
  for (const [i, from] of starts.entries()) {
    const to = starts[i + 1] ?? totalBytes;
    const capacity = row + Math.ceil(((to - from) / perRow) * SECOND_HALF_MARGIN) + 16;
    pieces.push({ from, to, firstRow: row, capacity });
    row = capacity;
  }
  buffer.reserve(row);
  // A reservation is an estimate that may be cut or skipped (row-buffer.ts): no room, no split.
  if (buffer.capacity < row) return undefined;
  reader.limitRows(firstRow);
  return pieces.map((piece) => ({
    path, ...piece, layout, rowWidth: buffer.width, crlf: reader.crlf!,
    scores: buffer.scores, labels: buffer.labels, chunkSize,
    progress: new Float64Array(new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT)),
  }));
}

/** The offset just after the first line feed at or after `at`, or undefined when there is none. */
async function lineStartAfter(handle: FileHandle, at: number, totalBytes: number): Promise<number | undefined> {
  const window = Buffer.allocUnsafe(1 << 16);
  for (let position = at; position < totalBytes; position += window.length) {
    const { bytesRead } = await handle.read(window, 0, window.length, position);
    if (bytesRead === 0) return undefined;
    const lf = window.subarray(0, bytesRead).indexOf(LF);
    if (lf >= 0) return position + lf + 1;
  }
  return undefined;
}

function grown(buffer: Buffer, filled: number): Buffer {
  const bigger = Buffer.allocUnsafe(buffer.length * 2);
  buffer.copy(bigger, 0, 0, filled);
  return bigger;
}

/** The line-by-line state of one read: header, first row, then the fast body. */
class LineReader {
  private lineNumber = 0;
  crlf: boolean | undefined;
  private layout: LineLayout | undefined;
  /** Rows this reader may write (the first half of a split read stops below the second's rows). */
  private rowLimit = Infinity;
  private readonly labelBounds = new Int32Array(2);
  private labels: LabelCache | undefined;
  private bodyBytes = 0;
  private reserved = false;
  rows = 0;

  private readonly keepCells: boolean;

  constructor(readonly builder: TableBuilder, private readonly totalBytes: number) {
    this.keepCells = builder.keepsCells;
  }

  /** The body's column layout, once the first data row has fixed it. */
  get bodyLayout(): LineLayout | undefined {
    return this.layout;
  }

  /** Mean bytes per body line so far (line breaks included). */
  get bodyBytesPerRow(): number {
    return this.bodyBytes / this.rows;
  }

  /** Split read: rows from `rows` on belong to the other pieces; their room is reserved already. */
  limitRows(rows: number): void {
    this.rowLimit = rows;
    this.reserved = true;
  }

  /**
   * Split read: a piece's rows (the pieces in file order), written from row `job.firstRow` on with its own label
   * ids, are added after this reader's rows. Each label spelling is resolved here, in file order
   * (all of this half's first), with its line, so the builder sees what one reader would show it.
   */
  adoptPiece(job: RangeJob, result: Extract<RangeResult, { ok: true }>): void {
    const lineBase = this.lineNumber;
    const labelOf = Int32Array.from(result.labelTexts, (text, i) => this.builder.resolveLabel(text, lineBase + result.labelLines[i]!));
    this.builder.commitRangeRows(job.firstRow, result.rows, labelOf, result.runRows, result.runLines, lineBase);
    this.rows += result.rows;
    this.lineNumber += result.lines;
  }

  /** Handles every complete line in `bytes[start, end)`; returns where the unfinished one starts. */
  lines(bytes: Buffer, start: number, end: number): number {
    let from = start;
    for (let lf = bytes.indexOf(LF, from); lf >= 0 && lf < end; lf = bytes.indexOf(LF, from)) {
      this.line(bytes, from, lf, true);
      this.bodyBytes += this.headerFields !== undefined ? lf + 1 - from : 0;
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
      if (this.rows >= this.rowLimit) throw new SplitEstimateMissed();
      const buffer = this.builder.rowBuffer!;
      const base = buffer.nextRowOffset();
      const status = parseBodyLine(bytes, start, end, layout, buffer.scores, base, this.labelBounds);
      if (status === BLANK) return;
      if (status < 0) throw new NotFastPath(`line ${this.lineNumber}`);
      const label = this.labels!.id(bytes, this.labelBounds[0]!, this.labelBounds[1]!, this.lineNumber);
      // temperature --write only: the row's other cells travel along, as text.
      if (this.keepCells) this.builder.keepLine(bytes.toString('utf8', start, end), this.delimiter);
      this.builder.commitParsedRow(label, this.lineNumber);
      this.rows++;
      return;
    }
    this.headOrFirstRow(bytes.toString('utf8', start, end));
  }

  /** The header and the first data rows (until the columns are planned) go through the builder's general methods. */
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
    // The builder plans the columns on its first rows (PLAN_SAMPLE_ROWS); until then it keeps them.
    const plan = this.builder.columnPlan;
    if (plan === undefined) return;
    const width = this.headerFields!.length;
    const slots = new Int32Array(width).fill(-1);
    plan.scoreIndices.forEach((column, j) => { slots[column] = j; });
    this.layout = { delimiter: delimiter.charCodeAt(0), width, labelIndex: plan.labelIndex, slots };
    this.labels = new LabelCache((text, line) => this.builder.resolveLabel(text, line));
    this.rows = this.builder.rowBuffer!.rows;
  }

  private delimiter = ',';
  private headerFields: string[] | undefined;

  /** A file shorter than the builder's sample: its columns are planned now, on every row. */
  endOfRows(): void {
    if (this.layout !== undefined) return;
    this.builder.endOfRows();
    this.rows = this.builder.rowBuffer?.rows ?? 0;
  }

  /** After the first chunk with body rows: reserve room for the whole file's rows. */
  afterChunk(): void {
    if (this.reserved || this.rows < 2) return;
    const perRow = this.bodyBytes / this.rows;
    this.builder.rowBuffer!.reserve(Math.ceil((this.totalBytes / perRow) * ESTIMATE_MARGIN) + 16);
    this.reserved = true;
  }
}
