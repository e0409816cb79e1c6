import { Chalk } from 'chalk';
import Table from 'cli-table3';
import type { CompareResult } from '../../compare/compare.js';
import { METRIC_NAMES } from '../../metrics/types.js';
import { formatInterval } from '../check/format.js';
import { fixed, signed } from '../format.js';
import { PLAIN_TABLE, trimLines } from '../report/table.js';
import { bestLegend, compareHeadline, intervalLegend } from './text.js';

export interface CompareTableOptions {
  /** Chalk level: 0 plain text, 1 or more ANSI colour. */
  readonly colorLevel: 0 | 1 | 2 | 3;
}

/** Marks the best value of a metric row. */
export const BEST_MARKER = '*';
/** Marks a difference whose bootstrap interval excludes 0. */
export const SIGNIFICANT_MARKER = 'sig';

/**
 * Two tables: the metrics (one row per metric, one column per model; the best value marked `*`
 * and, with colour, bold green), then every model's difference to the baseline with its
 * bootstrap interval, marked `sig` when the interval excludes 0. The markers read the same
 * without colour.
 *
 * @example
 *   metric    a         b
 *   accuracy  0.8000    0.9000 *
 *   ...
 *   metric    b - a
 *   accuracy  +0.1000 [+0.0500, +0.1500] sig
 */
export function renderCompareTable(result: CompareResult, options: CompareTableOptions): string {
  const c = new Chalk({ level: options.colorLevel });
  const names = result.models.map((m) => m.name);

  const metrics = new Table({
    ...PLAIN_TABLE,
    // Headers carry the marker's width too, so they line up with the numbers.
    head: ['metric', ...names.map((n) => `${n}  `)].map((h) => c.dim(h)),
    colAligns: ['left', ...names.map(() => 'right' as const)],
  });
  for (const metric of METRIC_NAMES) {
    metrics.push([metric, ...result.models.map((m) => {
      const text = fixed(m.metrics[metric]);
      // The marker (or a space) keeps numbers aligned whether or not they are marked.
      return result.best[metric].includes(m.name) ? c.bold.green(`${text} ${BEST_MARKER}`) : `${text}  `;
    })]);
  }

  const others = names.slice(1);
  const deltas = new Table({
    ...PLAIN_TABLE,
    head: ['metric', ...others.map((n) => `${n} - ${result.baseline}`)].map((h) => c.dim(h)),
  });
  for (const metric of METRIC_NAMES) {
    deltas.push([metric, ...others.map((model) => {
      const d = result.deltas.find((x) => x.model === model && x.metric === metric)!;
      const text = `${signed(d.delta)}${d.interval ? ` ${formatInterval(d.interval, signed)}` : ''}`;
      return d.significant ? `${c.bold(text)} ${c.yellow(SIGNIFICANT_MARKER)}` : text;
    })]);
  }

  const interval = intervalLegend(result);
  const lines = [
    c.bold(compareHeadline(result)),
    '',
    metrics.toString(),
    '',
    c.bold(`Difference to the baseline ${result.baseline}`) + (interval ? `, with the ${interval}` : ''),
    deltas.toString(),
    '',
    c.dim(`${BEST_MARKER} ${bestLegend(result.rules)}`),
    ...(interval ? [c.dim(`${SIGNIFICANT_MARKER}: the interval excludes 0`)] : []),
    ...result.warnings.map((w) => c.yellow(`warning: ${w}`)),
  ];
  return trimLines(lines.join('\n')) + '\n';
}
