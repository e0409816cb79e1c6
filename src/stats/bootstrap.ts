/**
 * Percentile bootstrap intervals for every summary metric (Efron & Tibshirani 1993, "An
 * Introduction to the Bootstrap", ch. 13): draw R resamples of the rows with replacement, evaluate
 * each (ResampleEvaluator: the softmax is computed once, and a resample gathers its rows), and
 * take the `(1 - confidence) / 2` and `(1 + confidence) / 2` quantiles of the R values.
 *
 * Memory: the N x K probabilities once per model (as large as its scores), O(N) per resample
 * (reused), and the R metric values. Reproducible: the resampled rows come from
 * `createRandom(seed)`, so the same seed gives the same intervals.
 *
 * Paired comparison: when every model scored the same examples, the SAME resampled rows are
 * evaluated under every model and the interval of each difference (model - baseline) is taken
 * from the R differences; the example-to-example variation shared by the models cancels. When
 * the files hold different examples, each model is resampled independently (unpaired).
 */
import type { MetricConfig } from '../core/config.js';
import { CalibError } from '../core/errors.js';
import { quantileSortedExactRanks } from '../core/numerics.js';
import type { Predictions } from '../core/predictions.js';
import { ResampleEvaluator } from '../metrics/resample.js';
import { METRIC_NAMES } from '../metrics/types.js';
import type { MetricName, MetricValues } from '../metrics/types.js';
import { assertConfidence } from './intervals.js';
import type { Interval } from './intervals.js';
import { createRandom } from './random.js';
import type { Random } from './random.js';

export interface BootstrapSettings {
  /** Number of resamples R (>= 2; 1000 or more for 95% intervals). */
  readonly resamples: number;
  /** Seed of the resampling stream. */
  readonly seed: number;
  /** Interval level, e.g. 0.95. */
  readonly confidence: number;
}

/** A quantity computed from one evaluation's metrics, bootstrapped alongside them (e.g. |gap|). */
export type Statistic = (metrics: MetricValues) => number;

export interface BootstrapOptions extends BootstrapSettings {
  /** Temperature passed to evaluate: one T, or one per row (indexed by the original row). */
  readonly temperature?: number | Float64Array;
  /** Further statistics of the metrics to give intervals for, by name. */
  readonly derived?: Readonly<Record<string, Statistic>>;
  /** Also give a percentile interval for every reliability bin's accuracy. */
  readonly bins?: boolean;
}

export interface BootstrapResult {
  readonly method: 'percentile';
  readonly resamples: number;
  readonly seed: number;
  readonly confidence: number;
  readonly intervals: Record<MetricName, Interval>;
  /** One entry per name in `options.derived` (empty object when none were asked for). */
  readonly derived: Record<string, Interval>;
  /**
   * When `options.bins`: per bin, the interval of its accuracy over the resamples in which the
   * bin was not empty (null when it was empty in fewer than 2 resamples). With equal-mass binning
   * the bins are quantile groups whose edges move between resamples.
   */
  readonly binIntervals?: (Interval | null)[];
}

/** Checks the settings once, at the boundary. */
export function assertBootstrapSettings(settings: BootstrapSettings): void {
  if (!(Number.isInteger(settings.resamples) && settings.resamples >= 2)) {
    throw new CalibError('usage', `the number of bootstrap resamples must be an integer of at least 2 (got ${settings.resamples}).`,
      undefined, 'Use 1000 or more resamples for a 95% interval.');
  }
  if (!Number.isFinite(settings.seed)) {
    throw new CalibError('usage', `the seed must be a number (got ${settings.seed}).`, undefined, 'Pass an integer seed, e.g. 0.');
  }
  assertConfidence(settings.confidence);
}

/**
 * Percentile bootstrap intervals of every metric of one prediction file.
 *
 * @example bootstrapMetrics(preds, DEFAULT_METRIC_CONFIG, { resamples: 1000, seed: 0, confidence: 0.95 })
 *   .intervals.ece -> { lower, upper }, the 2.5% and 97.5% quantiles of ECE over 1000 resamples.
 */
export function bootstrapMetrics(preds: Predictions, config: MetricConfig, options: BootstrapOptions): BootstrapResult {
  assertBootstrapSettings(options);
  const random = createRandom(options.seed);
  const rows = new Int32Array(preds.rows);
  const recorder = new MetricRecorder(options.resamples, options.derived ?? {});
  const binCount = config.bins;
  const binAccuracy = options.bins ? new Float64Array(options.resamples * binCount) : undefined;

  const evaluator = new ResampleEvaluator(preds, config, options.temperature);
  // Smooth ECE's bandwidth is held at the full data's fixed point in every resample.
  const smeceSigma = evaluator.evaluateAll().details.smece_sigma;
  for (let r = 0; r < options.resamples; r++) {
    drawResample(rows, preds.rows, random);
    const evaluation = evaluator.evaluate(rows, { smeceSigma });
    recorder.record(r, evaluation.metrics);
    if (binAccuracy) {
      evaluation.bins.forEach((bin, m) => {
        if (m < binCount) binAccuracy[r * binCount + m] = bin.accuracy ?? Number.NaN;
      });
    }
  }

  const result = {
    method: 'percentile' as const,
    resamples: options.resamples,
    seed: options.seed,
    confidence: options.confidence,
    ...recorder.intervals(options.confidence),
  };
  if (!binAccuracy) return result;
  const binIntervals: (Interval | null)[] = [];
  const column = new Float64Array(options.resamples);
  for (let m = 0; m < binCount; m++) {
    let filled = 0;
    for (let r = 0; r < options.resamples; r++) {
      const value = binAccuracy[r * binCount + m]!;
      // NaN marks a resample in which the bin was empty: it has no accuracy to count.
      if (!Number.isNaN(value)) column[filled++] = value;
    }
    binIntervals.push(filled < 2 ? null : percentileInterval(column.subarray(0, filled), options.confidence));
  }
  return { ...result, binIntervals };
}

/**
 * The resampling engine behind every bootstrap here: R resamples of `n` rows drawn with
 * replacement from `createRandom(seed)`, `measure` called on each (the same Int32Array, refilled),
 * and the percentile interval of every value it returns. bootstrapMetrics is this engine with
 * `measure = rows => evaluate(preds, config, { rows }).metrics`, computed by ResampleEvaluator (the same stream of rows for a seed).
 *
 * @example bootstrapStatistics(100, { resamples: 1000, seed: 0, confidence: 0.9 },
 *   (rows) => ({ mean: meanOf(values, rows) })).mean -> the 90% percentile interval of the mean.
 */
export function bootstrapStatistics<K extends string>(
  n: number, settings: BootstrapSettings, measure: (rows: Int32Array) => Readonly<Record<K, number>>,
): Record<K, Interval> {
  assertBootstrapSettings(settings);
  const random = createRandom(settings.seed);
  const rows = new Int32Array(n);
  const values = new Map<K, Float64Array>();
  for (let r = 0; r < settings.resamples; r++) {
    drawResample(rows, n, random);
    for (const [name, value] of Object.entries(measure(rows)) as [K, number][]) {
      if (Number.isNaN(value)) {
        throw new CalibError('internal', `bootstrap resample ${r + 1} gave NaN for ${name}.`, undefined, 'Please report this with the input file.');
      }
      let column = values.get(name);
      if (!column) values.set(name, (column = new Float64Array(settings.resamples)));
      column[r] = value;
    }
  }
  const out = {} as Record<K, Interval>;
  for (const [name, column] of values) out[name] = percentileInterval(column, settings.confidence);
  return out;
}

export interface ModelForBootstrap {
  readonly preds: Predictions;
  readonly temperature?: number | Float64Array;
}

export interface DeltaBootstrapResult {
  readonly method: 'percentile';
  readonly paired: boolean;
  readonly resamples: number;
  readonly seed: number;
  readonly confidence: number;
  /** Per model (in input order), the interval of each metric. */
  readonly models: Record<MetricName, Interval>[];
  /**
   * Per model (in input order), the interval of `metric(model) - metric(models[0])`; the
   * baseline's own entry is included for uniformity and is the degenerate [0, 0].
   */
  readonly deltas: Record<MetricName, Interval>[];
}

/**
 * Paired bootstrap of the differences to the first model (the baseline): each resample draws one
 * set of row indices and evaluates every model on it. Requires every model to have the same rows
 * (the caller checks that they hold the same examples in the same order).
 */
export function pairedBootstrapDeltas(models: readonly ModelForBootstrap[], config: MetricConfig, settings: BootstrapSettings): DeltaBootstrapResult {
  assertBootstrapSettings(settings);
  const n = models[0]?.preds.rows;
  if (n === undefined) throw new RangeError('pairedBootstrapDeltas: no models');
  if (models.some((model) => model.preds.rows !== n)) {
    throw new RangeError('pairedBootstrapDeltas: every model must have the same number of rows');
  }
  const random = createRandom(settings.seed);
  const rows = new Int32Array(n);
  return runDeltaBootstrap(models, config, settings, true, (evaluateModel) => {
    drawResample(rows, n, random);
    return models.map((model) => evaluateModel(model, rows));
  });
}

/**
 * Unpaired bootstrap of the differences to the first model: each resample draws rows for every
 * model independently (model by model from one seeded stream), so the delta's interval reflects
 * both models' sampling variation. For files that do not hold the same examples.
 */
export function unpairedBootstrapDeltas(models: readonly ModelForBootstrap[], config: MetricConfig, settings: BootstrapSettings): DeltaBootstrapResult {
  assertBootstrapSettings(settings);
  if (models.length === 0) throw new RangeError('unpairedBootstrapDeltas: no models');
  const random = createRandom(settings.seed);
  const rowsPerModel = models.map((model) => new Int32Array(model.preds.rows));
  return runDeltaBootstrap(models, config, settings, false, (evaluateModel) =>
    models.map((model, index) => {
      const rows = rowsPerModel[index]!;
      drawResample(rows, model.preds.rows, random);
      return evaluateModel(model, rows);
    }));
}

type EvaluateModel = (model: ModelForBootstrap, rows: Int32Array) => MetricValues;

function runDeltaBootstrap(
  models: readonly ModelForBootstrap[], config: MetricConfig, settings: BootstrapSettings, paired: boolean,
  resample: (evaluateModel: EvaluateModel) => MetricValues[],
): DeltaBootstrapResult {
  const evaluators = new Map(models.map((model) => [model, new ResampleEvaluator(model.preds, config, model.temperature)]));
  // Each model's smooth-ECE bandwidth is held at its full-data fixed point in every resample.
  const sigmas = new Map(models.map((model) => [model, evaluators.get(model)!.evaluateAll().details.smece_sigma]));
  const evaluateModel: EvaluateModel = (model, rows) =>
    evaluators.get(model)!.evaluate(rows, { smeceSigma: sigmas.get(model)! }).metrics;
  const modelRecorders = models.map(() => new MetricRecorder(settings.resamples, {}));
  const deltaRecorders = models.map(() => new MetricRecorder(settings.resamples, {}));
  for (let r = 0; r < settings.resamples; r++) {
    const metrics = resample(evaluateModel);
    const baseline = metrics[0]!;
    metrics.forEach((values, index) => {
      modelRecorders[index]!.record(r, values);
      deltaRecorders[index]!.record(r, difference(values, baseline));
    });
  }
  return {
    method: 'percentile',
    paired,
    resamples: settings.resamples,
    seed: settings.seed,
    confidence: settings.confidence,
    models: modelRecorders.map((recorder) => recorder.intervals(settings.confidence).intervals),
    deltas: deltaRecorders.map((recorder) => recorder.intervals(settings.confidence).intervals),
  };
}

function difference(values: MetricValues, baseline: MetricValues): MetricValues {
  const out = { ...values };
  for (const name of METRIC_NAMES) out[name] = values[name] - baseline[name];
  return out;
}

/** Fills `rows` with `n` indices drawn uniformly with replacement from 0..n-1. */
export function drawResample(rows: Int32Array, n: number, random: Random): Int32Array {
  for (let i = 0; i < n; i++) rows[i] = random.int(n);
  return rows;
}

/**
 * The equal-tailed percentile interval of a sample: quantiles at `(1 - confidence) / 2` and
 * `(1 + confidence) / 2`, each by linear interpolation between order statistics (Hyndman & Fan
 * 1996 type 7, numpy's default; src/core/numerics.ts, quantileSortedExactRanks: a whole position
 * gives that order statistic itself). Sorts `values` in place.
 *
 * @example percentileInterval([1, 2, 3, 4, 5], 0.5) -> { lower: 2, upper: 4 }
 *   (positions 0.25 * 4 = 1 and 0.75 * 4 = 3 in the sorted values).
 */
export function percentileInterval(values: Float64Array, confidence: number): Interval {
  values.sort();
  const tail = (1 - confidence) / 2;
  return { lower: quantileSortedExactRanks(values, tail), upper: quantileSortedExactRanks(values, 1 - tail) };
}

/** Keeps R values per metric (and per derived statistic) and turns them into intervals. */
class MetricRecorder {
  private readonly values = new Map<string, Float64Array>();

  constructor(resamples: number, private readonly derived: Readonly<Record<string, Statistic>>) {
    for (const name of METRIC_NAMES) this.values.set(name, new Float64Array(resamples));
    for (const name of Object.keys(derived)) this.values.set(`derived:${name}`, new Float64Array(resamples));
  }

  record(r: number, metrics: MetricValues): void {
    for (const name of METRIC_NAMES) this.store(name, r, metrics[name]);
    for (const [name, statistic] of Object.entries(this.derived)) this.store(`derived:${name}`, r, statistic(metrics));
  }

  private store(key: string, r: number, value: number): void {
    if (Number.isNaN(value)) {
      throw new CalibError('internal', `bootstrap resample ${r + 1} gave NaN for ${key.replace('derived:', '')}.`, undefined,
        'Please report this with the input file.');
    }
    this.values.get(key)![r] = value;
  }

  intervals(confidence: number): { intervals: Record<MetricName, Interval>; derived: Record<string, Interval> } {
    const intervals = {} as Record<MetricName, Interval>;
    for (const name of METRIC_NAMES) intervals[name] = percentileInterval(this.values.get(name)!, confidence);
    const derived: Record<string, Interval> = {};
    for (const name of Object.keys(this.derived)) derived[name] = percentileInterval(this.values.get(`derived:${name}`)!, confidence);
    return { intervals, derived };
  }
}
