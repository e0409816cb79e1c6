/**
 * Thresholds per group (`calib check --group-by`): the same thresholds as the overall numbers,
 * applied to every group of at least `min_rows` rows (`per-group`, the default) or, for each
 * threshold, only to the group where it is worst (`worst-group`: the largest compared value for
 * a maximum, the smallest for a minimum, so with `--fail-on` the interval ends decide which).
 * Groups under `min_rows` are reported and not gated: a group of 12 rows has an ECE too noisy to
 * fail a build on.
 */
import type { MetricValues } from '../metrics/types.js';
import type { Interval } from '../stats/intervals.js';
import type { CheckMetricName } from './metrics.js';
import { runChecks, type CheckResult, type FailOn } from './run-checks.js';
import type { Threshold } from './thresholds.js';

export type GroupGate = 'per-group' | 'worst-group';

export interface GroupInput {
  /** The group's value in each grouping column. */
  readonly key: Readonly<Record<string, string>>;
  readonly rows: number;
  readonly gated: boolean;
  readonly metrics: MetricValues;
  readonly intervals?: Partial<Record<CheckMetricName, Interval>>;
}

export interface GroupCheckResult {
  readonly key: Readonly<Record<string, string>>;
  readonly rows: number;
  readonly check: CheckResult;
}

export interface GroupCheckReport {
  readonly mode: GroupGate;
  readonly minRows: number;
  readonly passed: boolean;
  /** The checks that gate: failures first, then by group, then in the thresholds' order. */
  readonly checks: GroupCheckResult[];
  /** Groups under `minRows`: reported, not gated. */
  readonly ungated: { readonly key: Readonly<Record<string, string>>; readonly rows: number }[];
}

/** Every threshold on every gated group (`per-group`) or on the worst gated group per threshold (`worst-group`). */
export function runGroupChecks(groups: readonly GroupInput[], thresholds: readonly Threshold[],
  options: { readonly failOn: FailOn; readonly mode: GroupGate; readonly minRows: number }): GroupCheckReport {
  const gated = groups.filter((g) => g.gated);
  const perGroup = gated.map((group) => {
    const report = runChecks(group.metrics, thresholds, { failOn: options.failOn, ...(group.intervals ? { intervals: group.intervals } : {}) });
    // runChecks puts failures first; put them back in the thresholds' order, to pick per threshold.
    const byThreshold = thresholds.map((t) => report.checks.find((c) => c.metric === t.metric && c.op === (t.bound === 'max' ? '<=' : '>='))!);
    return { group, byThreshold };
  });
  let checks: GroupCheckResult[] = [];
  if (options.mode === 'per-group') {
    for (const { group, byThreshold } of perGroup) for (const check of byThreshold) checks.push({ key: group.key, rows: group.rows, check });
  } else {
    thresholds.forEach((threshold, t) => {
      let worst: (typeof perGroup)[number] | undefined;
      for (const entry of perGroup) {
        const x = entry.byThreshold[t]!.compared;
        const w = worst?.byThreshold[t]!.compared;
        if (w === undefined || (threshold.bound === 'max' ? x > w : x < w)) worst = entry;
      }
      if (worst) checks.push({ key: worst.group.key, rows: worst.group.rows, check: worst.byThreshold[t]! });
    });
  }
  checks = checks.map((c, order) => ({ c, order })).sort((a, b) => Number(a.c.check.passed) - Number(b.c.check.passed) || a.order - b.order).map((x) => x.c);
  return {
    mode: options.mode,
    minRows: options.minRows,
    passed: checks.every((c) => c.check.passed),
    checks,
    ungated: groups.filter((g) => !g.gated).map((g) => ({ key: g.key, rows: g.rows })),
  };
}
