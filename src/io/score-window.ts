import { errors } from '../core/errors.js';
import type { ScanFeed } from './fast/scan-feed.js';
import type { RowBuffer } from './row-buffer.js';
import { firstSpanningRow, formatRow, type KindDecision, type NumericTable, type WideDetector } from './to-predictions.js';

/** The scores of half a window: 16 MiB (200,000 rows of 10 logits, 2,000 of 1,000). */
const HALF_WINDOW_BYTES = 16 * 1024 * 1024;

/** Rows in half a window of rows of `k` scores: HALF_WINDOW_BYTES' worth, at least 1024. */
export function halfWindowRows(k: number): number {
  return Math.max(1024, Math.floor(HALF_WINDOW_BYTES / (8 * k)));
}

/**
 * A multiclass file whose scores nobody reads after the per-row pass (`calib report`: the pass
 * runs while the file is read, ScanFeed) is kept as a window of rows, not whole: 10,000,000 x 10
 * logits are 800 MB, the window 32 MB. Every `half` rows the rows just read go through kind
 * detection (`detector`, for `--kind auto`) and the logit-span check, which keep what their
 * messages need, and are handed to the scan; before the reader writes over a half of the window,
 * it waits until the scan has read it.
 *
 * The first half decides. If every row of it passes detection's probability test, every row of
 * the file is kept (it may be probabilities, whose pass is not the one the scan makes). If one
 * fails, the file can only be logits or an error, and from the next half on the buffer keeps a
 * window of two halves.
 */
export class ScoreWindow {
  private windowed = false;
  /** Rows that went through detection and the span check. */
  private checked = 0;
  private span: { row: number; values: string } | undefined;

  constructor(private readonly buffer: RowBuffer, private readonly feed: ScanFeed,
    private readonly detector: WideDetector | undefined, private readonly half: number) {
    buffer.watch(half, (rows) => this.atHalf(rows));
  }

  /** True once the rows are kept in a window (not all of them are in the table). */
  get isWindowed(): boolean {
    return this.windowed;
  }

  /** After the last row: the rows since the last half go through the checks, and to the scan. */
  finish(): void {
    const rows = this.buffer.rows;
    this.buffer.unwatch();
    if (!this.windowed) return;
    this.check(rows);
    this.feed.feed(this.buffer.scores, this.buffer.labels, rows, this.buffer.windowRows);
  }

  /** The file's kind, as detection decided it over every row (or `--kind logits`); throws what it found wrong. */
  decide(table: NumericTable): KindDecision {
    const decision = this.detector?.decide(table) ?? { kind: 'logits', how: 'forced', reason: 'forced by --kind' };
    if (this.span !== undefined) throw errors.logitSpan(table.file, table.lineOf(this.span.row), this.span.values);
    return decision;
  }

  private atHalf(rows: number): void {
    const { buffer, feed } = this;
    if (!this.windowed) {
      this.check(rows);
      // Every row a probability row so far: they are all kept (see above), and watched no more.
      if (this.detector?.allPass === true) {
        buffer.unwatch();
        return;
      }
      // The scan reads the rows so far from the whole array; the window starts with the next row.
      feed.feed(buffer.scores, buffer.labels, rows);
      feed.waitScanned(rows);
      buffer.startWindow(2 * this.half);
      this.windowed = true;
      return;
    }
    this.check(rows);
    feed.feed(buffer.scores, buffer.labels, rows, buffer.windowRows);
    // The next half of the window holds rows rows - 2 half .. rows - half - 1 until they are written over.
    feed.waitScanned(rows - this.half);
  }

  /** Detection and the span check of rows `checked .. rows - 1`, which are one run in `buffer.scores`. */
  private check(rows: number): void {
    const { buffer } = this;
    const count = rows - this.checked;
    if (count <= 0) return;
    const start = buffer.offsetOf(this.checked);
    const k = buffer.width;
    this.detector?.add(buffer.scores, start, count);
    if (this.span === undefined) {
      const r = firstSpanningRow(buffer.scores, start, count, k);
      if (r >= 0) this.span = { row: this.checked + r, values: formatRow(buffer.scores, start + r * k, k) };
    }
    this.checked = rows;
  }
}
