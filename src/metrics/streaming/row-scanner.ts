import { ClasswiseFold, ROW_BLOCK, RowKernel, type CompactRowScan, type RowScan, type ScanConfig } from '../row-stats.js';
import { RunningMean } from '../summation.js';
import type { RowStats } from '../types.js';

/**
 * `scanRows` (../row-stats.ts) for rows that arrive in batches, so a reader can compute the
 * per-row statistics while it parses, or a worker thread while the reader is still reading: the
 * same arithmetic in the same order on every row, so `finish()` equals
 * `scanRows(preds, config)` bit for bit. For multiclass logits at T = 1 (no selection, no
 * temperature, not the binary one-column layout), which is what `calib report` reads from a
 * large file; everything else goes through `scanRows`.
 *
 * Each row goes through the same `RowKernel` as in `scanRows`. With `config.meansOnly` it keeps
 * only each row's confidence and outcome (9 bytes a row): the other per-row values of a stretch
 * of at most ROW_BLOCK rows go to scratch arrays and are added to running means in row order,
 * and `finish()` is a `CompactRowScan`. With `shared`, the kept arrays are in shared memory, so
 * that handing the result to another thread copies nothing.
 */
export class RowScanner {
  private confidence: Float64Array;
  private outcome: Uint8Array;
  private correct: Uint8Array;
  private nll: Float64Array;
  private brier: Float64Array;
  private entropy: Float64Array;
  private readonly classwise: ClasswiseFold;
  private readonly kernel: RowKernel;
  private readonly meansOnly: boolean;
  private readonly running = { nll: new RunningMean(), brier: new RunningMean(), entropy: new RunningMean() };
  private hits = 0;
  private rows = 0;

  constructor(private readonly classes: number, config: ScanConfig, expectedRows = 1024, private readonly shared = false) {
    const n = Math.max(1, expectedRows);
    this.meansOnly = config.meansOnly === true;
    const perRow = this.meansOnly ? ROW_BLOCK : n;
    this.confidence = this.float64(n);
    this.outcome = this.uint8(n);
    this.correct = new Uint8Array(perRow);
    this.nll = new Float64Array(perRow);
    this.brier = new Float64Array(perRow);
    this.entropy = new Float64Array(perRow);
    this.classwise = new ClasswiseFold(classes, config.classwiseBins);
    this.kernel = new RowKernel(classes, this.classwise, config.edges);
  }

  /** Rows scanned so far. */
  get scanned(): number {
    return this.rows;
  }

  /**
   * Scans rows `scanned .. until - 1` of the row-major `scores` (K per row) and `labels`. With
   * `windowRows`, `scores` holds a window of that many rows, row r at slot r mod `windowRows`
   * (RowBuffer.startWindow).
   */
  scanUntil(scores: Float64Array, labels: Int32Array, until: number, windowRows = 0): void {
    if (until > this.confidence.length) this.grow(until);
    if (this.meansOnly) {
      for (let from = this.rows; from < until; from += ROW_BLOCK) {
        this.scanStretch(scores, labels, from, Math.min(until, from + ROW_BLOCK), windowRows);
      }
      if (until > this.rows) this.rows = until;
      return;
    }
    const k = this.classes;
    const stats: RowStats = {
      confidence: this.confidence, outcome: this.outcome, correct: this.correct,
      nll: this.nll, brier: this.brier, entropy: this.entropy,
    };
    for (let r = this.rows; r < until; r++) this.kernel.scan(scores, slot(r, windowRows) * k, labels[r]!, 1, stats, r, false, false);
    if (until > this.rows) this.rows = until;
  }

  /** The statistics of every row scanned, as `scanRows` returns them (not with `meansOnly`). */
  finish(): RowScan {
    if (this.meansOnly) throw new Error('RowScanner.finish: a meansOnly scan has no per-row values; use finishCompact');
    const n = this.rows;
    const classwise = this.classwise.finish();
    return {
      stats: {
        confidence: this.confidence.slice(0, n), outcome: this.outcome.slice(0, n), correct: this.correct.slice(0, n),
        nll: this.nll.slice(0, n), brier: this.brier.slice(0, n), entropy: this.entropy.slice(0, n),
      },
      classwise,
    };
  }

  /**
   * With `meansOnly`: the confidences and outcomes (views of the arrays scanned into, not copies)
   * and the means. Undefined when a mean needs the per-row values themselves (finite values whose
   * sum overflows, see `RunningMean`): the caller then runs the per-row pass with them.
   */
  finishCompact(): CompactRowScan | undefined {
    if (!this.meansOnly) throw new Error('RowScanner.finishCompact: only for a meansOnly scan');
    const n = this.rows;
    if (n === 0) return undefined;
    const nll = this.running.nll.mean();
    const brier = this.running.brier.mean();
    const entropy = this.running.entropy.mean();
    if (nll === undefined || brier === undefined || entropy === undefined) return undefined;
    return {
      stats: { confidence: this.confidence.subarray(0, n), outcome: this.outcome.subarray(0, n) },
      classwise: this.classwise.finish(),
      means: { accuracy: this.hits / n, nll, brier, entropy },
      nllFinite: this.running.nll.allFinite,
    };
  }

  /** Rows `from .. to - 1` (at most ROW_BLOCK): their kept values in place, the rest into the scratch arrays and the running means. */
  private scanStretch(scores: Float64Array, labels: Int32Array, from: number, to: number, windowRows: number): void {
    const k = this.classes;
    const stats: RowStats = {
      confidence: this.confidence.subarray(from), outcome: this.outcome.subarray(from), correct: this.correct,
      nll: this.nll, brier: this.brier, entropy: this.entropy,
    };
    const kernel = this.kernel;
    kernel.statsBase = from;
    for (let r = from; r < to; r++) kernel.scan(scores, slot(r, windowRows) * k, labels[r]!, 1, stats, r, false, false);
    kernel.statsBase = 0;
    const length = to - from;
    this.running.nll.add(this.nll, length);
    this.running.brier.add(this.brier, length);
    this.running.entropy.add(this.entropy, length);
    // An integer count is exact: `meanOfIndicators` over the whole array, in pieces.
    let hits = 0;
    for (let i = 0; i < length; i++) hits += this.correct[i]!;
    this.hits += hits;
  }

  private float64(n: number): Float64Array {
    return new Float64Array(this.shared ? new SharedArrayBuffer(n * 8) : new ArrayBuffer(n * 8));
  }

  private uint8(n: number): Uint8Array {
    return new Uint8Array(this.shared ? new SharedArrayBuffer(n) : new ArrayBuffer(n));
  }

  private grow(atLeast: number): void {
    const n = Math.max(atLeast, Math.ceil(this.confidence.length * 1.5));
    const grow = <T extends Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a.subarray(0, this.rows));
      return b;
    };
    this.confidence = grow(this.confidence, (l) => this.float64(l));
    this.outcome = grow(this.outcome, (l) => this.uint8(l));
    if (this.meansOnly) return;
    this.correct = grow(this.correct, (l) => new Uint8Array(l));
    this.nll = grow(this.nll, (l) => new Float64Array(l));
    this.brier = grow(this.brier, (l) => new Float64Array(l));
    this.entropy = grow(this.entropy, (l) => new Float64Array(l));
  }
}

/** Where row r is in a window of `windowRows` rows (0: no window, every row at its own place). */
function slot(r: number, windowRows: number): number {
  return windowRows === 0 ? r : r % windowRows;
}
