import type { MetricConfig } from '../core/config.js';
import type { Predictions } from '../core/predictions.js';
import { equalMassTotals, equalWidthTotals, toReliabilityBins } from './binning.js';
import { sortRows } from './estimators/argsort.js';
import { expectedCalibrationError, maximumCalibrationError, rootMeanSquareCalibrationError } from './calibration-error.js';
import { classwiseCalibrationError, scanRows, type CompactRowScan, type RowScan } from './row-stats.js';
import { debiasedEce } from './estimators/debiased-ece.js';
import { eceSweep } from './estimators/ece-sweep.js';
import { smoothEce, smoothEceAt } from './estimators/smooth-ece.js';
import { mean, meanOfIndicators } from './summation.js';
import type { EvaluateHooks, EvaluateOptions, Evaluation, MetricValues, RowCore, RowStats } from './types.js';

/**
 * Every summary metric of `calib report` and the reliability table, per docs/conventions.md.
 * One pass over the scores (softmax at temperature T if given) builds per-row statistics; the
 * rest works on those N-length arrays. `options.rows` evaluates a subset or a bootstrap resample.
 */
export function evaluate(preds: Predictions, config: MetricConfig, options: EvaluateOptions = {}): Evaluation {
  return evaluateOn({}, preds, config, options);
}

/**
 * `evaluate` with its heavy steps run where `runtime` says (src/parallel runs them on worker
 * threads; `{}` runs them here): the same Evaluation bit for bit either way.
 */
export function evaluateOn(runtime: EvaluateHooks, preds: Predictions, config: MetricConfig, options: EvaluateOptions = {}): Evaluation {
  const scan = (runtime.scan ?? scanRows)(preds, { binaryView: config.binaryView, classwiseBins: config.bins, edges: config.edges }, options);
  if (scan.stats.confidence.length === 0) throw new RangeError('evaluate: no rows selected');
  return evaluateScan(scan, preds.classes, config, options, runtime);
}

/**
 * `evaluateOn` that lets go of the per-row values only the plain averages need (NLL, Brier,
 * entropy, correctness: 25 bytes a row) as soon as the pass has made them: their means are taken
 * first (`compactScan`), and the sort and the estimators run on the confidences and outcomes.
 * The same metrics and bins, bit for bit; `stats` has the confidences and outcomes only.
 */
export function evaluateCompactOn(runtime: EvaluateHooks, preds: Predictions, config: MetricConfig): Evaluation<RowCore> {
  const scanConfig = { binaryView: config.binaryView, classwiseBins: config.bins, edges: config.edges };
  const scan = runtime.compactScan?.(preds, scanConfig) ?? compactScan((runtime.scan ?? scanRows)(preds, scanConfig, {}));
  if (scan.stats.confidence.length === 0) throw new RangeError('evaluate: no rows selected');
  return evaluateScan(scan, preds.classes, config, {}, runtime);
}

/** A scan's `CompactRowScan`: the means `evaluate` takes of its per-row values, and its confidences and outcomes. */
export function compactScan(scan: RowScan): CompactRowScan {
  const { stats } = scan;
  let nllFinite = true;
  for (let i = 0; i < stats.nll.length; i++) {
    if (!Number.isFinite(stats.nll[i]!)) { nllFinite = false; break; }
  }
  const rows = stats.confidence.length;
  return {
    stats: { confidence: stats.confidence, outcome: stats.outcome },
    classwise: scan.classwise,
    means: rows === 0 ? { accuracy: NaN, nll: NaN, brier: NaN, entropy: NaN }
      : { accuracy: meanOfIndicators(stats.correct), nll: mean(stats.nll), brier: mean(stats.brier), entropy: mean(stats.entropy) },
    nllFinite,
  };
}

/**
 * `evaluate` from per-row statistics already computed (by `scanRows`, or by `RowScanner` while
 * the file was read, streaming/row-scanner.ts): everything after the pass over the scores, so the
 * two give the same object bit for bit. `classes` is K. The rows are sorted by confidence once,
 * for the equal-mass bins and the ECE-sweep.
 */
export function evaluateScan(scan: RowScan, classes: number, config: MetricConfig,
  options?: Pick<EvaluateOptions, 'smeceSigma'>, runtime?: EvaluateHooks): Evaluation;
/** From a `CompactRowScan` (its means for the plain averages): the same metrics, bit for bit, and only its confidences and outcomes. */
export function evaluateScan(scan: RowScan | CompactRowScan, classes: number, config: MetricConfig,
  options?: Pick<EvaluateOptions, 'smeceSigma'>, runtime?: EvaluateHooks): Evaluation<RowCore>;
export function evaluateScan(scan: RowScan | CompactRowScan, classes: number, config: MetricConfig,
  options: Pick<EvaluateOptions, 'smeceSigma'> = {}, runtime: EvaluateHooks = {}): Evaluation<RowCore> {
  const { stats } = scan;
  const rows = stats.confidence.length;
  if (rows === 0) throw new RangeError('evaluateScan: no rows');
  const sorted = (runtime.sort ?? sortRows)(stats.confidence, stats.outcome);
  // Smooth ECE needs neither the sort nor the rest: it may run elsewhere meanwhile.
  const pendingSmooth = options.smeceSigma === undefined ? runtime.startSmoothEce?.(stats.confidence, stats.outcome) : undefined;

  const chosen = config.binning === 'mass'
    ? equalMassTotals(stats.confidence, stats.outcome, config.bins, sorted)
    : equalWidthTotals(stats.confidence, stats.outcome, config.bins, config.edges);
  const equalMass = config.binning === 'mass' ? chosen : equalMassTotals(stats.confidence, stats.outcome, config.bins, sorted);

  const averages = 'means' in scan ? compactMeans(stats, scan) : means(scan.stats);
  const debiased = debiasedEce(stats.confidence, stats.outcome, config.bins, { binning: config.binning, sorted });
  const sweep = eceSweep(stats.confidence, stats.outcome, { sorted });
  const smooth = pendingSmooth !== undefined ? pendingSmooth()
    : options.smeceSigma === undefined ? smoothEce(stats.confidence, stats.outcome, { curvePoints: 2 })
      : { smece: smoothEceAt(stats.confidence, stats.outcome, options.smeceSigma), sigma: options.smeceSigma };
  // Keys in the documented order (METRIC_NAMES), which is the JSON output's order.
  const metrics: MetricValues = {
    accuracy: averages.accuracy,
    mean_confidence: averages.mean_confidence,
    overconfidence_gap: averages.overconfidence_gap,
    ece: expectedCalibrationError(chosen, rows),
    mce: maximumCalibrationError(chosen),
    rmsce: rootMeanSquareCalibrationError(chosen, rows),
    ace: expectedCalibrationError(equalMass, rows),
    classwise_ece: classwiseCalibrationError(scan.classwise, classes, rows),
    nll: averages.nll,
    brier: averages.brier,
    entropy: averages.entropy,
    smece: smooth.smece,
    ece_debiased: debiased.debiased,
    ece_sweep: sweep.ece,
  };
  const details = { smece_sigma: smooth.sigma, ece_sweep_bins: sweep.bins, ece_debiased_squared: debiased.squared };
  return { metrics, details, bins: toReliabilityBins(chosen), stats };
}

/** `means` from a compact scan: its confidences and outcomes, and the means it summed while scanning. */
function compactMeans(stats: RowCore, scan: CompactRowScan): ReturnType<typeof means> {
  const meanConfidence = mean(stats.confidence);
  return {
    accuracy: scan.means.accuracy,
    mean_confidence: meanConfidence,
    overconfidence_gap: meanConfidence - meanOfIndicators(stats.outcome),
    nll: scan.means.nll,
    brier: scan.means.brier,
    entropy: scan.means.entropy,
  };
}

/**
 * The metrics that are plain averages over rows.
 * - accuracy = mean(a_i); mean_confidence = mean(c_i) (mean q_i in the binary positive view);
 * - overconfidence gap = mean_confidence - mean(outcome): confidence minus accuracy, or in the
 *   binary positive view `mean(q) - mean(y)`, calibration-in-the-large;
 * - NLL = mean(-log p_{i,y_i}); Brier (Brier 1950) = mean_i sum_k (p_ik - [y_i = k])^2, or
 *   mean((q_i - y_i)^2) for binary one-column input; entropy = mean(-sum_k p_ik log p_ik).
 */
function means(stats: RowStats): Pick<MetricValues, 'accuracy' | 'mean_confidence' | 'overconfidence_gap' | 'nll' | 'brier' | 'entropy'> {
  const meanConfidence = mean(stats.confidence);
  return {
    accuracy: meanOfIndicators(stats.correct),
    mean_confidence: meanConfidence,
    overconfidence_gap: meanConfidence - meanOfIndicators(stats.outcome),
    nll: mean(stats.nll),
    brier: mean(stats.brier),
    entropy: mean(stats.entropy),
  };
}
