import type { MetricConfig } from '../../core/config.js';
import type { CompareResult } from '../../compare/compare.js';
import { METRIC_NAMES } from '../../metrics/types.js';
import type { MetricName } from '../../metrics/types.js';
import { renderJson } from '../json.js';

/**
 * The JSON document of `calib compare --format json` (snake_case keys, the JSON contract).
 * Intervals are null without a bootstrap. `schema_version` comes first.
 */
export function renderCompareJson(result: CompareResult, config?: MetricConfig | Readonly<Record<string, unknown>>): string {
  return renderJson(compareJsonDocument(result, config));
}

/** The object `renderCompareJson` writes, without `schema_version` (to nest or extend it). */
export function compareJsonDocument(result: CompareResult, config?: MetricConfig | Readonly<Record<string, unknown>>): Record<string, unknown> & { models: Record<string, unknown>[] } {
  return {
    baseline: result.baseline,
    scaling: result.scaling,
    paired: result.paired,
    pairing_reason: result.pairingReason,
    bootstrap: result.bootstrap,
    ...(config ? { config } : {}),
    models: result.models.map((m) => ({
      name: m.name,
      file: m.file,
      rows: m.rows,
      metrics: inMetricOrder(m.metrics),
      intervals: m.intervals ? inMetricOrder(m.intervals) : null,
    })),
    best: inMetricOrder(result.best),
    best_rules: inMetricOrder(result.rules),
    deltas: result.deltas.map((d) => ({
      model: d.model,
      baseline: result.baseline,
      metric: d.metric,
      delta: d.delta,
      interval: d.interval,
      significant: d.significant,
    })),
    warnings: result.warnings,
    warning_records: result.warningRecords,
  };
}

/** The same values with keys in METRIC_NAMES order, as `calib report` prints them. */
function inMetricOrder<T>(values: Readonly<Record<MetricName, T>>): Record<MetricName, T> {
  const out = {} as Record<MetricName, T>;
  for (const name of METRIC_NAMES) out[name] = values[name];
  return out;
}
