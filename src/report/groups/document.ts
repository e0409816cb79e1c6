/**
 * The per-group part of a document (`--group-by`): one row per group with its size, accuracy,
 * mean confidence, overconfidence gap, ECE and NLL (and intervals with `--bootstrap`), the
 * overall row, the worst group and the gap between groups. JSON keys are the contract
 * (schemas/*.schema.json, `groups`).
 */
import type { Interval } from '../../stats/intervals.js';
import type { GroupEvaluation, GroupSummary } from '../../metrics/groups.js';
import type { MetricValues } from '../../metrics/types.js';

/** The metrics each group's row shows, in column order. */
export const GROUP_METRICS = ['accuracy', 'mean_confidence', 'overconfidence_gap', 'ece', 'nll'] as const;
export type GroupMetricName = (typeof GROUP_METRICS)[number];

export interface GroupRowDocument {
  /** The group's value in each grouping column, by column name. */
  readonly key: Record<string, string>;
  readonly rows: number;
  readonly share: number;
  /** False under `min_rows`: reported, not gated, never the worst. */
  readonly gated: boolean;
  readonly metrics: Record<GroupMetricName, number>;
  /** With --bootstrap: the percentile interval of each metric within the group. */
  readonly intervals?: Partial<Record<GroupMetricName, Interval>>;
}

export interface GroupsDocument {
  /** The grouping columns, as given to --group-by. */
  readonly by: readonly string[];
  /** Groups with fewer rows are reported but not gated (--min-group-rows). */
  readonly min_rows: number;
  /** The metric that names the worst group. */
  readonly worst_by: string;
  readonly groups: GroupRowDocument[];
  /** The worst gated group by `worst_by`, or null when no group has min_rows rows. */
  readonly worst: { readonly key: Record<string, string>; readonly value: number } | null;
  /** Worst minus best value of `worst_by` over the gated groups (in the direction that is worse), or null. */
  readonly spread: number | null;
  /** How many groups are under min_rows. */
  readonly ungated: number;
}

const pick = (metrics: MetricValues): Record<GroupMetricName, number> =>
  Object.fromEntries(GROUP_METRICS.map((m) => [m, metrics[m]])) as Record<GroupMetricName, number>;

export function keyOf(by: readonly string[], key: readonly string[]): Record<string, string> {
  return Object.fromEntries(by.map((column, i) => [column, key[i] ?? '']));
}

/** The document of evaluated groups; `intervals[g]` are group g's bootstrap intervals, when computed. */
export function groupsDocument(by: readonly string[], results: readonly GroupEvaluation[], summary: GroupSummary, minRows: number,
  intervals?: readonly Partial<Record<GroupMetricName, Interval>>[]): GroupsDocument {
  const groups = results.map((group, g): GroupRowDocument => ({
    key: keyOf(by, group.key),
    rows: group.rows,
    share: group.share,
    gated: group.gated,
    metrics: pick(group.evaluation.metrics),
    ...(intervals?.[g] ? { intervals: intervals[g] } : {}),
  }));
  const worst = summary.worst === undefined ? null
    : { key: groups[summary.worst]!.key, value: results[summary.worst]!.evaluation.metrics[summary.metric] };
  return { by: [...by], min_rows: minRows, worst_by: summary.metric, groups, worst, spread: summary.gap ?? null, ungated: summary.ungated };
}

/** `site=A, lang=en`: a group's key in one phrase. */
export function groupName(key: Record<string, string>): string {
  return Object.entries(key).map(([column, value]) => `${column}=${groupValue(value)}`).join(', ');
}

/** A group's value in one column as shown: `(empty)` for rows with no value there (the JSON keeps ""). */
export function groupValue(value: string | undefined): string {
  return value === undefined || value === '' ? '(empty)' : value;
}
