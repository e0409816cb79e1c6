import type { CheckReport } from '../../check/run-checks.js';
import { checkWarnings, type CheckRenderInfo } from './types.js';
import { renderJson } from '../json.js';
import { checkResultJson, extraJson } from './extra.js';

/**
 * The JSON document of `calib check --format json`. Keys are snake_case (the JSON contract);
 * `interval` is null when no bootstrap ran; `compared` is the number that met the threshold and
 * `compared_end` says which it was (`point`, or the `upper` or `lower` end of the interval).
 *
 * @example { "schema_version": "1", "passed": false, "fail_on": "point", "file": "preds.csv", "thresholds_file": null,
 *   "bootstrap": null, "checks": [{ "metric": "ece", "value": 0.08, "threshold": 0.05, "op": "<=",
 *   "passed": false, "interval": null, "compared": 0.08, "compared_end": "point", "source": "flag" }],
 *   "warnings": [] }
 */
export function renderCheckJson(report: CheckReport, info: CheckRenderInfo): string {
  const document = {
    passed: report.passed,
    fail_on: report.failOn,
    file: info.file,
    ...(info.format !== undefined ? { format: info.format } : {}),
    thresholds_file: info.thresholdsFile ?? null,
    bootstrap: info.bootstrap
      ? { method: 'percentile', resamples: info.bootstrap.resamples, seed: info.bootstrap.seed, confidence: info.bootstrap.confidence }
      : null,
    ...(info.config ? { config: info.config } : {}),
    checks: report.checks.map((c) => checkResultJson(c, report.failOn)),
    ...(info.where ? { where: info.where } : {}),
    ...(info.groups ? { groups: info.groups } : {}),
    ...extraJson(report),
    ...(info.fromSummary ? { from_summary: info.fromSummary } : {}),
    ...(info.approximate ? { approximate: [...info.approximate] } : {}),
    warnings: [...checkWarnings(info)],
    ...(info.warningRecords ? { warning_records: [...info.warningRecords] } : {}),
  };
  return renderJson(document);
}
