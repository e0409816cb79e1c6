import type { MetricConfig } from '../core/config.js';
import { logFloorOf, type Predictions } from '../core/predictions.js';
import { evaluateScan } from './evaluate.js';
import {
  addToClasswise, ClasswiseFold, emptyRowStats, givenProbabilities, takesOwnLogs, RowKernel, ROW_BLOCK_SHIFT,
} from './row-stats.js';
import type { Evaluation, RowStats } from './types.js';

/**
 * `evaluate(preds, config, { rows, temperature, smeceSigma })` for many row selections of the same
 * predictions, as the bootstrap makes them, without a softmax per selection. The per-row
 * statistics and the N x K probabilities are computed once (one pass, with the same `RowKernel`
 * as `evaluate`); each selection then gathers its rows' statistics and re-bins their
 * probabilities for classwise ECE, in selection order. The arithmetic and its order are
 * `evaluate`'s, so each result is the same Evaluation bit for bit, at a fraction of the cost: on
 * 50,000 x 1,000 logits a resample takes ~0.4 s instead of ~1.9 s (100,000 x 100: ~0.2 s instead
 * of ~0.45 s). What remains is mostly the N x K re-binning for classwise ECE, bound by memory
 * bandwidth rather than arithmetic.
 *
 * Memory: the probabilities take as much as the scores (N x K doubles), plus a few N-length arrays.
 */
export class ResampleEvaluator {
  private readonly stats: RowStats;
  private readonly probabilities: Float64Array;
  private readonly gathered: RowStats;

  constructor(private readonly preds: Predictions, private readonly config: MetricConfig, temperature?: number | Float64Array) {
    const { rows: n, classes: k, labels } = preds;
    this.stats = emptyRowStats(n);
    this.gathered = emptyRowStats(n);
    const given = givenProbabilities(preds, temperature);
    // Probabilities given one per class are re-binned as they are, without a copy.
    const reuse = given !== undefined && !preds.binary;
    this.probabilities = reuse ? given : new Float64Array(n * k);
    const positiveView = preds.binary && config.binaryView === 'positive';
    // The full data's classwise bins are not needed here (each selection bins its own rows).
    const kernel = new RowKernel(k, new ClasswiseFold(k, config.bins), config.edges);
    // A binary probability column's pass takes its logs itself: its pair of logs is not made.
    const scores = takesOwnLogs(preds, temperature) ? undefined : preds.scores;
    for (let i = 0; i < n; i++) {
      if (scores === undefined) {
        kernel.scanGivenPair(given!, i, labels[i]!, this.stats, i, positiveView, preds.givenClass, logFloorOf(preds), this.probabilities);
        continue;
      }
      if (given !== undefined) {
        kernel.scanGiven(given, i, scores, labels[i]!, this.stats, i, positiveView, reuse ? undefined : this.probabilities);
        continue;
      }
      const b = temperature === undefined ? 1 : 1 / (typeof temperature === 'number' ? temperature : temperature[i]!);
      kernel.scan(scores, i * k, labels[i]!, b, this.stats, i, preds.binary, positiveView, this.probabilities);
    }
  }

  /** The evaluation of every row: `evaluate(preds, config, { temperature })`. */
  evaluateAll(): Evaluation {
    return this.evaluate(Int32Array.from({ length: this.preds.rows }, (_, i) => i));
  }

  /**
   * The evaluation of the rows `rows` (indices, duplicates allowed). Its `stats` arrays are reused
   * by the next call: copy what must outlive it.
   */
  evaluate(rows: Int32Array, options: { smeceSigma?: number } = {}): Evaluation {
    const { classes: k, labels } = this.preds;
    const n = rows.length;
    const stats = n === this.gathered.confidence.length ? this.gathered : emptyRowStats(n);
    const fold = new ClasswiseFold(k, this.config.bins);
    for (let r = 0; r < n; r++) {
      const i = rows[r]!;
      stats.confidence[r] = this.stats.confidence[i]!;
      stats.outcome[r] = this.stats.outcome[i]!;
      stats.correct[r] = this.stats.correct[i]!;
      stats.nll[r] = this.stats.nll[i]!;
      stats.brier[r] = this.stats.brier[i]!;
      stats.entropy[r] = this.stats.entropy[i]!;
      addToClasswise(fold.part(r >>> ROW_BLOCK_SHIFT), this.probabilities, i * k, k, labels[i]!, this.config.edges);
    }
    return evaluateScan({ stats, classwise: fold.finish() }, k, this.config, options);
  }
}
