import { ClasswiseFold, RowKernel, type RowScan, type ScanConfig } from '../row-stats.js';
import type { RowStats } from '../types.js';

/**
 * `scanRows` (../row-stats.ts) for rows that arrive in batches, so a reader can compute the
 * per-row statistics while it parses, or a worker thread while the reader is still reading: the
 * same arithmetic in the same order on every row, so `finish()` equals
 * `scanRows(preds, config)` bit for bit. For multiclass logits at T = 1 (no selection, no
 * temperature, not the binary one-column layout), which is what `calib report` reads from a
 * large file; everything else goes through `scanRows`.
 *
 * Each row goes through the same `RowKernel` as in `scanRows`.
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
  private rows = 0;

  constructor(private readonly classes: number, config: ScanConfig, expectedRows = 1024) {
    const n = Math.max(1, expectedRows);
    this.confidence = new Float64Array(n);
    this.outcome = new Uint8Array(n);
    this.correct = new Uint8Array(n);
    this.nll = new Float64Array(n);
    this.brier = new Float64Array(n);
    this.entropy = new Float64Array(n);
    this.classwise = new ClasswiseFold(classes, config.classwiseBins);
    this.kernel = new RowKernel(classes, this.classwise, config.edges);
  }

  /** Rows scanned so far. */
  get scanned(): number {
    return this.rows;
  }

  /** Scans rows `scanned .. until - 1` of the row-major `scores` (K per row) and `labels`. */
  scanUntil(scores: Float64Array, labels: Int32Array, until: number): void {
    if (until > this.confidence.length) this.grow(until);
    const k = this.classes;
    const stats: RowStats = {
      confidence: this.confidence, outcome: this.outcome, correct: this.correct,
      nll: this.nll, brier: this.brier, entropy: this.entropy,
    };
    for (let r = this.rows; r < until; r++) this.kernel.scan(scores, r * k, labels[r]!, 1, stats, r, false, false);
    if (until > this.rows) this.rows = until;
  }

  /** The statistics of every row scanned, as `scanRows` returns them. */
  finish(): RowScan {
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

  private grow(atLeast: number): void {
    const n = Math.max(atLeast, Math.ceil(this.confidence.length * 1.5));
    const grow = <T extends Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a.subarray(0, this.rows));
      return b;
    };
    this.confidence = grow(this.confidence, (l) => new Float64Array(l));
    this.outcome = grow(this.outcome, (l) => new Uint8Array(l));
    this.correct = grow(this.correct, (l) => new Uint8Array(l));
    this.nll = grow(this.nll, (l) => new Float64Array(l));
    this.brier = grow(this.brier, (l) => new Float64Array(l));
    this.entropy = grow(this.entropy, (l) => new Float64Array(l));
  }
}
