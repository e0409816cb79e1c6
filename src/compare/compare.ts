/**
 * `calib compare`: several models' metrics side by side, the best value of each metric, and each
 * model's difference to the first (the baseline) with a bootstrap interval when asked. The
 * bootstrap is paired (the same resampled rows for every model) when the files hold the same
 * examples in the same order, and unpaired otherwise; the result says which and why.
 */
import type { MetricConfig } from '../core/config.js';
import { CalibError } from '../core/errors.js';
import { messagesOf, warn, type Warning } from '../core/warnings.js';
import type { Predictions } from '../core/predictions.js';
import { evaluateOn } from '../metrics/evaluate.js';
import { METRIC_NAMES } from '../metrics/types.js';
import type { EvaluateHooks, MetricName, MetricValues } from '../metrics/types.js';
import { assertBootstrapSettings, pairedBootstrapDeltas, percentileInterval, unpairedBootstrapDeltas } from '../stats/bootstrap.js';
import type { BootstrapSettings, DeltaBootstrapResult } from '../stats/bootstrap.js';
import type { Interval } from '../stats/intervals.js';
import { BEST_RULES, bestMask } from './best.js';
import type { BestRule } from './best.js';
import { uniqueModelNames } from './names.js';
import { assertSameClasses, detectPairing } from './pairing.js';

export interface ModelInput {
  /** Display name; derived from the file name when absent. */
  readonly name?: string;
  /** The file as the user named it. */
  readonly file: string;
  readonly preds: Predictions;
  /**
   * Temperature applied before every metric: one T, or one per row from cross-fitting
   * (`crossFitTemperature(...).perRow`). Either every model has one or none does.
   */
  readonly temperature?: number | Float64Array;
}

export interface CompareOptions {
  /** Bootstrap intervals for every delta (and every model's metrics). */
  readonly bootstrap?: BootstrapSettings;
  /** `auto` (default): paired when the files hold the same examples; `unpaired` forces independent resamples. */
  readonly pairing?: 'auto' | 'unpaired';
  /** How each model's full evaluation runs (the CLI passes its worker threads'; same numbers). */
  readonly evaluation?: EvaluateHooks;
}

export interface ModelSummary {
  readonly name: string;
  readonly file: string;
  readonly rows: number;
  readonly metrics: MetricValues;
  /** Bootstrap interval of each metric, when bootstrapped. */
  readonly intervals?: Record<MetricName, Interval>;
}

export interface MetricDelta {
  readonly model: string;
  readonly metric: MetricName;
  /** metric(model) - metric(baseline). */
  readonly delta: number;
  /** Bootstrap interval of the delta; null without bootstrap. */
  readonly interval: Interval | null;
  /** The interval excludes 0; null without bootstrap. */
  readonly significant: boolean | null;
}

export interface CompareResult {
  readonly baseline: string;
  /** `temperature`: every metric is after the temperature each model was given. */
  readonly scaling: 'none' | 'temperature';
  readonly models: ModelSummary[];
  /** Per metric, the names of the best model(s); empty for metrics with no best (rule `none`). */
  readonly best: Record<MetricName, string[]>;
  readonly rules: Readonly<Record<MetricName, BestRule>>;
  /** Every non-baseline model's delta for every metric, model by model in metric order. */
  readonly deltas: MetricDelta[];
  readonly paired: boolean;
  readonly pairingReason: string;
  /**
   * The resampling behind the intervals. From summaries the resamples are their replicates
   * (`replicates`: the engine whose hash drew the Poisson(1) weights and the id column), with no seed.
   */
  readonly bootstrap: { readonly method: 'percentile'; readonly resamples: number; readonly seed?: number; readonly confidence: number;
    readonly replicates?: { readonly engine: string; readonly id: string } } | null;
  /** Things that make the comparison less like-for-like, in plain sentences: the messages of `warningRecords`. */
  readonly warnings: string[];
  /** The same, as typed records (src/core/warnings.ts). */
  readonly warningRecords: Warning[];
}

/**
 * @example compareModels([{ file: 'a.csv', preds: a }, { file: 'b.csv', preds: b }], DEFAULT_METRIC_CONFIG,
 *   { bootstrap: { resamples: 1000, seed: 0, confidence: 0.95 } })
 *   -> { baseline: 'a', models: [{ name: 'a', ... }, { name: 'b', ... }], deltas: [{ model: 'b', metric: 'accuracy', ... }, ...], paired: true, ... }
 */
export function compareModels(models: readonly ModelInput[], config: MetricConfig, options: CompareOptions = {}): CompareResult {
  if (models.length < 2) {
    throw new CalibError('usage', `compare needs at least two prediction files (got ${models.length}).`, undefined,
      'Name two or more files; the first is the baseline.');
  }
  const withTemperature = models.filter((m) => m.temperature !== undefined).length;
  if (withTemperature !== 0 && withTemperature !== models.length) {
    throw new RangeError('compareModels: give a temperature for every model or for none');
  }
  if (options.bootstrap) assertBootstrapSettings(options.bootstrap);

  const names = uniqueModelNames(models);
  const named = models.map((model, i) => ({ ...model, name: names[i]! }));
  assertSameClasses(named);
  const detected = detectPairing(named);
  const pairing = options.pairing === 'unpaired' && detected.paired
    ? { paired: false, reason: `unpaired resampling was requested (${detected.reason})` }
    : detected;

  const metrics = named.map((model) => evaluateOn(options.evaluation ?? {}, model.preds, config, { temperature: model.temperature }).metrics);
  let bootstrap: DeltaBootstrapResult | undefined;
  if (options.bootstrap) {
    const run = pairing.paired ? pairedBootstrapDeltas : unpairedBootstrapDeltas;
    bootstrap = run(named, config, options.bootstrap);
  }

  const best = {} as Record<MetricName, string[]>;
  for (const metric of METRIC_NAMES) {
    const mask = bestMask(metrics.map((m) => m[metric]), BEST_RULES[metric]);
    best[metric] = names.filter((_, i) => mask[i]);
  }

  const deltas: MetricDelta[] = [];
  for (let i = 1; i < named.length; i++) {
    for (const metric of METRIC_NAMES) {
      const interval = bootstrap ? bootstrap.deltas[i]![metric] : null;
      deltas.push({
        model: names[i]!,
        metric,
        delta: metrics[i]![metric] - metrics[0]![metric],
        interval,
        significant: interval ? interval.lower > 0 || interval.upper < 0 : null,
      });
    }
  }

  const layout = layoutWarnings(named, config);
  return {
    baseline: names[0]!,
    scaling: withTemperature > 0 ? 'temperature' : 'none',
    models: named.map((model, i) => ({
      name: model.name,
      file: model.file,
      rows: model.preds.rows,
      metrics: metrics[i]!,
      ...(bootstrap ? { intervals: bootstrap.models[i]! } : {}),
    })),
    best,
    rules: BEST_RULES,
    deltas,
    paired: pairing.paired,
    pairingReason: pairing.reason,
    bootstrap: options.bootstrap ? { method: 'percentile', ...pick(options.bootstrap) } : null,
    warnings: messagesOf(layout),
    warningRecords: layout,
  };
}

/**
 * compareModels on metrics after temperature scaling: every model carries the temperature the
 * caller fitted (for honest numbers, out-of-fold: `crossFitTemperature(preds, { folds, seed }).perRow`).
 */
export function compareModelsAfterTemperature(
  models: readonly (ModelInput & { readonly temperature: number | Float64Array })[], config: MetricConfig, options: CompareOptions = {},
): CompareResult {
  return compareModels(models, config, options);
}

function pick(settings: BootstrapSettings): BootstrapSettings {
  return { resamples: settings.resamples, seed: settings.seed, confidence: settings.confidence };
}

function layoutWarnings(models: readonly { file: string; preds: Predictions }[], config: MetricConfig): Warning[] {
  const binary = models.filter((m) => m.preds.binary).map((m) => m.file);
  if (binary.length === 0 || binary.length === models.length) return [];
  const others = models.filter((m) => !m.preds.binary).map((m) => m.file);
  return [warn.mixedScoreLayouts(binary, others, config.binaryView === 'positive')];
}

/** A model known by its metrics alone (from a summary): no rows, so no pairing and no intervals. */
export interface MetricsInput {
  readonly file: string;
  readonly name?: string;
  readonly rows: number;
  readonly metrics: MetricValues;
  /** Each replicate's metrics (a summary's bootstrap replicates), for paired intervals. */
  readonly replicates?: readonly MetricValues[];
}

/** Paired intervals from replicates every model has, drawn alike (same engine, id column and count). */
export interface ReplicatePairing {
  readonly confidence: number;
  readonly engine: string;
  readonly id: string;
}

/**
 * Models side by side from their metrics (`compare --from-summary`): the best per metric and
 * every delta against the first, as `compareModels` gives them, unpaired and without intervals
 * (paired intervals resample rows, which summaries do not hold); `reason` says so.
 */
export function compareMetrics(models: readonly MetricsInput[], reason: string, pairing?: ReplicatePairing): CompareResult {
  if (models.length < 2) {
    throw new CalibError('usage', `compare needs at least two models (got ${models.length}).`, undefined, 'Give two or more summaries, e.g. --from-summary a=a.summary.json b=b.summary.json.');
  }
  const names = uniqueModelNames(models);
  const best = {} as Record<MetricName, string[]>;
  for (const metric of METRIC_NAMES) {
    const mask = bestMask(models.map((m) => m.metrics[metric]), BEST_RULES[metric]);
    best[metric] = names.filter((_, i) => mask[i]);
  }
  // With replicates: replicate r of every model weights each row id alike, so m_i,r - m_0,r is a paired resample of the delta.
  const resamples = pairing ? models[0]!.replicates?.length ?? 0 : 0;
  if (pairing) {
    // A caller's error, not a user's: each summary's count is checked against --bootstrap N (app/from-summary.ts replicateMetrics) before this.
    const counts = models.map((m) => m.replicates?.length ?? 0);
    const other = counts.findIndex((n) => n !== resamples);
    if (resamples === 0 || other >= 0) {
      throw new RangeError(`compareMetrics: paired replicates need every model to have the same number of them, at least one; got ${counts.map((n, i) => `${n} for ${models[i]!.file}`).join(', ')}`);
    }
  }
  const across = (value: (r: number) => number): Interval => percentileInterval(Float64Array.from({ length: resamples }, (_, r) => value(r)), pairing!.confidence);
  const deltas: MetricDelta[] = [];
  for (let i = 1; i < models.length; i++) {
    for (const metric of METRIC_NAMES) {
      const interval = pairing ? across((r) => models[i]!.replicates![r]![metric] - models[0]!.replicates![r]![metric]) : null;
      deltas.push({
        model: names[i]!, metric, delta: models[i]!.metrics[metric] - models[0]!.metrics[metric], interval,
        significant: interval ? interval.lower > 0 || interval.upper < 0 : null,
      });
    }
  }
  return {
    baseline: names[0]!, scaling: 'none',
    models: models.map((m, i) => ({
      name: names[i]!, file: m.file, rows: m.rows, metrics: m.metrics,
      ...(pairing ? { intervals: Object.fromEntries(METRIC_NAMES.map((metric) => [metric, across((r) => m.replicates![r]![metric])])) as Record<MetricName, Interval> } : {}),
    })),
    best, rules: BEST_RULES, deltas, paired: pairing !== undefined, pairingReason: reason,
    bootstrap: pairing ? { method: 'percentile', resamples, confidence: pairing.confidence, replicates: { engine: pairing.engine, id: pairing.id } } : null,
    warnings: [], warningRecords: [],
  };
}
