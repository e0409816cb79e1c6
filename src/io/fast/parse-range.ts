import { LabelCache } from './label-cache.js';
import { parseBodyLine, BLANK, type LineLayout } from './parse-line.js';

/**
 * The second half of a large file, read on another thread (parse-worker.ts) while the main thread
 * reads the first (read-body.ts). The byte range starts just after a line break, so it holds whole
 * lines. Its rows are written into the main reader's shared arrays from row `firstRow` on; the
 * main thread then moves them down after its own rows, so the matrix is never copied.
 */
export interface RangeJob {
  readonly path: string;
  /** Byte offsets: the range is [from, to), `from` just after a line feed, `to` just after one or the file's end. */
  readonly from: number;
  readonly to: number;
  readonly layout: LineLayout;
  /** Scores per row (the score columns of `layout`). */
  readonly rowWidth: number;
  /** Whether lines end in CR LF (as the header's does): a line that differs steps aside. */
  readonly crlf: boolean;
  /** The reader's row storage, in shared memory: `width` scores and one label id per row. */
  readonly scores: Float64Array;
  readonly labels: Int32Array;
  /** Rows [firstRow, capacity) are this range's to write. */
  readonly firstRow: number;
  readonly capacity: number;
  readonly chunkSize: number;
  /** progress[0]: bytes of the range read so far (for the progress bar). */
  readonly progress?: Float64Array;
}

/**
 * What the range held. Label ids are local to the range (0, 1, ... in order of first use, with
 * each spelling's text and the line it first appears on), so the main thread resolves each
 * spelling once, in file order, with the line for any error. Lines are counted from 1 at the
 * range's start; `runRows`/`runLines` give the line of each row the way `LineMap` records it:
 * from row runRows[i] on, rows sit on consecutive lines starting at runLines[i].
 */
export type RangeResult =
  | {
    readonly ok: true;
    readonly rows: number;
    readonly lines: number;
    readonly labelTexts: string[];
    readonly labelLines: number[];
    readonly runRows: number[];
    readonly runLines: number[];
  }
  | { readonly ok: false; readonly reason: string };

/** The reason given when the range held more rows than the room reserved for it. */
export const ROWS_BEYOND_ESTIMATE = 'more rows than estimated';

const LF = 0x0a, CR = 0x0d;

/**
 * Reads and parses one range with `read` (fs.readSync's signature: bytes read into `buffer` at
 * `offset` from file `position`). Anything the fast path does not handle ends the range with
 * `ok: false`, and the whole file then goes to the general path, as in read-body.ts.
 */
export function parseRange(job: RangeJob, read: (buffer: Buffer, offset: number, length: number, position: number) => number): RangeResult {
  const { layout, scores, labels, firstRow, capacity, rowWidth: width } = job;
  const labelTexts: string[] = [];
  const labelLines: number[] = [];
  const idOf = new Map<string, number>();
  const cache = new LabelCache((text, line) => {
    let id = idOf.get(text);
    if (id === undefined) {
      id = labelTexts.length;
      idOf.set(text, id);
      labelTexts.push(text);
      labelLines.push(line);
    }
    return id;
  });
  const bounds = new Int32Array(2);
  const runRows: number[] = [];
  const runLines: number[] = [];
  let rows = 0;
  let line = 0;
  let lastLine = -1;

  /** One line `bytes[start, end)` without its LF; the reason when the fast path must step aside. */
  const take = (bytes: Buffer, start: number, end: number): string | undefined => {
    line++;
    if (end === start) return undefined;
    if (firstRow + rows >= capacity) return ROWS_BEYOND_ESTIMATE;
    const status = parseBodyLine(bytes, start, end, layout, scores, (firstRow + rows) * width, bounds);
    if (status === BLANK) return undefined;
    if (status < 0) return `line ${line} of the range`;
    labels[firstRow + rows] = cache.id(bytes, bounds[0]!, bounds[1]!, line);
    if (line !== lastLine + 1 || rows === 0) {
      runRows.push(rows);
      runLines.push(line);
    }
    lastLine = line;
    rows++;
    return undefined;
  };

  let buffer: Buffer = Buffer.allocUnsafe(job.chunkSize);
  let filled = 0;
  let position = job.from;
  while (position < job.to) {
    if (filled === buffer.length) buffer = withRoom(buffer, filled, 2 * filled); // a line longer than the buffer
    const n = read(buffer, filled, Math.min(buffer.length - filled, job.to - position), position);
    if (n === 0) break;
    // A NUL byte anywhere (a label such as "1\0" would otherwise be a class of its own): the
    // general path names its line and column.
    if (buffer.subarray(filled, filled + n).includes(0)) return { ok: false, reason: 'a NUL byte' };
    position += n;
    filled += n;
    if (job.progress) job.progress[0] = position - job.from;
    let from = 0;
    for (let lf = buffer.indexOf(LF, from); lf >= 0 && lf < filled; lf = buffer.indexOf(LF, from)) {
      const crlf = lf > from && buffer[lf - 1] === CR;
      if (crlf !== job.crlf) return { ok: false, reason: 'mixed line endings' };
      const problem = take(buffer, from, crlf ? lf - 1 : lf);
      if (problem !== undefined) return { ok: false, reason: problem };
      from = lf + 1;
    }
    buffer.copyWithin(0, from, filled);
    filled -= from;
  }
  if (filled > 0) { // a last line without a line break
    if (buffer[filled - 1] === CR) return { ok: false, reason: 'carriage return at the end of the file' };
    if (filled === buffer.length) buffer = withRoom(buffer, filled, filled + 1);
    buffer[filled] = LF; // parseLine reads one byte past the line
    const problem = take(buffer, 0, filled);
    if (problem !== undefined) return { ok: false, reason: problem };
  }
  return { ok: true, rows, lines: line, labelTexts, labelLines, runRows, runLines };
}

/** A buffer of `size` bytes holding the first `filled` bytes of `buffer`. */
function withRoom(buffer: Buffer, filled: number, size: number): Buffer {
  const bigger = Buffer.allocUnsafe(size);
  buffer.copy(bigger, 0, 0, filled);
  return bigger;
}
