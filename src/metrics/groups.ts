/**
 * Calibration per subgroup (`--group-by`): the rows of each group evaluated on their own, the
 * group with the worst value of a metric, and the spread between groups. A model can be
 * calibrated on average and miscalibrated within a group (Pleiss et al. 2017, "On Fairness and
 * Calibration"; Kleinberg, Mullainathan & Raghavan 2016): the overall row does not show it.
 *
 * Groups are the distinct combinations of the grouping columns' values (cell text, trimmed), in
 * a stable order: by the first column's values, then the second's, each compared as numbers when
 * every value of that column is a decimal number and as text otherwise.
 */
import type { MetricConfig } from '../core/config.js';
import type { Predictions } from '../core/predictions.js';
import { selectRows } from '../core/select-rows.js';
import { evaluate } from './evaluate.js';
import { METRICS } from './registry.js';
import type { Evaluation, MetricName } from './types.js';

export interface Groups {
  /** The grouping columns' names, in the order given. */
  readonly columns: readonly string[];
  /** One entry per group: its value in each grouping column. */
  readonly keys: readonly (readonly string[])[];
  /** The group of each row (index into `keys`). */
  readonly ids: Int32Array;
  /** Rows per group. */
  readonly sizes: Int32Array;
  /** The row indices of each group, ascending (made in the same pass as `ids`). */
  readonly members: readonly Int32Array[];
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Groups `rows` rows by the values of `cells` (one array of cell text per grouping column, one
 * entry per row).
 */
export function groupRows(columns: readonly string[], cells: readonly (readonly string[])[], rows: number): Groups {
  const numeric = cells.map((column) => column.every((v) => DECIMAL.test(v)));
  const index = new Map<string, number>();
  const keys: string[][] = [];
  const first = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const key = cells.map((column) => column[i]!);
    const joined = JSON.stringify(key);
    let id = index.get(joined);
    if (id === undefined) { id = keys.length; index.set(joined, id); keys.push(key); }
    first[i] = id;
  }
  const order = keys.map((_, i) => i).sort((a, b) => {
    for (let c = 0; c < cells.length; c++) {
      const x = keys[a]![c]!;
      const y = keys[b]![c]!;
      const d = numeric[c] ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
      if (d !== 0) return d;
    }
    return 0;
  });
  const rank = new Int32Array(keys.length);
  order.forEach((id, r) => { rank[id] = r; });
  const ids = new Int32Array(rows);
  const sizes = new Int32Array(keys.length);
  for (let i = 0; i < rows; i++) { const g = rank[first[i]!]!; ids[i] = g; sizes[g]!++; }
  const members = Array.from(sizes, (size) => new Int32Array(size));
  const filled = new Int32Array(keys.length);
  for (let i = 0; i < rows; i++) { const g = ids[i]!; members[g]![filled[g]!++] = i; }
  return { columns, keys: order.map((id) => keys[id]!), ids, sizes, members };
}

/** The row indices of group `g`, ascending. */
export function groupMembers(groups: Groups, g: number): Int32Array {
  return groups.members[g]!;
}

/** A group's rows as `Predictions` of their own. */
export function groupPredictions(preds: Predictions, groups: Groups, g: number): Predictions {
  return selectRows(preds, groupMembers(groups, g));
}

export interface GroupEvaluation {
  readonly key: readonly string[];
  readonly rows: number;
  /** rows / all rows. */
  readonly share: number;
  readonly evaluation: Evaluation;
  /** False for a group under the minimum size: reported, not gated, not a candidate for worst. */
  readonly gated: boolean;
}

export interface GroupSummary {
  readonly metric: MetricName;
  /** Index of the worst gated group (highest value, or lowest for a higher-is-better metric); undefined when no group is gated. */
  readonly worst?: number;
  /** Worst minus best value of `metric` over the gated groups (0 with one gated group). */
  readonly gap?: number;
  /** Groups under `minRows`. */
  readonly ungated: number;
}

/** Evaluates every group on its own rows, with the file's configuration. */
export function evaluateGroups(preds: Predictions, groups: Groups, config: MetricConfig, options: { readonly minRows: number }): GroupEvaluation[] {
  return groups.keys.map((key, g) => {
    const rows = groups.sizes[g]!;
    return {
      key,
      rows,
      share: rows / preds.rows,
      evaluation: evaluate(groupPredictions(preds, groups, g), config),
      gated: rows >= options.minRows,
    };
  });
}

/**
 * How bad a value of `metric` is, larger being worse: the value for lower-is-better metrics, its
 * negation for higher-is-better ones, its size for the overconfidence gap (closest to 0 is best).
 */
export function badness(metric: MetricName, value: number): number {
  const better = METRICS[metric].better;
  if (better === 'none') throw new RangeError(`badness: ${metric} has no better direction`);
  return better === 'lower' ? value : better === 'higher' ? -value : Math.abs(value);
}

/** The worst gated group by `metric` (ties: the first in group order) and the spread (worst minus best, in badness). */
export function summarizeGroups(results: readonly GroupEvaluation[], metric: MetricName = 'ece'): GroupSummary {
  let worst: number | undefined;
  let best: number | undefined;
  const bad = (g: number): number => badness(metric, results[g]!.evaluation.metrics[metric]);
  results.forEach((group, g) => {
    if (!group.gated) return;
    if (worst === undefined || bad(g) > bad(worst)) worst = g;
    if (best === undefined || bad(g) < bad(best)) best = g;
  });
  const ungated = results.filter((g) => !g.gated).length;
  if (worst === undefined || best === undefined) return { metric, ungated };
  return { metric, worst, gap: bad(worst) - bad(best), ungated };
}
