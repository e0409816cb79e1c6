/** The delta table of `compare --html`: each model minus the baseline, with its bootstrap interval. */
import type { CompareResult } from '../../compare/compare.js';
import { METRIC_NAMES } from '../../metrics/types.js';
import { formatInterval } from '../check/format.js';
import type { HtmlTable } from '../diagram/index.js';
import { signed } from '../format.js';
import { intervalLegend } from './text.js';

/**
 * One row per metric, one column per non-baseline model (`b - a`), and with --bootstrap one
 * more per model with the interval and `sig` when it excludes 0.
 */
export function compareDeltaHtmlTable(result: CompareResult, caption: string): HtmlTable {
  const others = result.models.slice(1).map((m) => m.name);
  const legend = intervalLegend(result);
  const withIntervals = result.bootstrap !== null;
  return {
    caption: legend ? `${caption} (${legend}; sig: the interval excludes 0)` : `${caption} (--bootstrap adds intervals)`,
    columns: ['metric', ...others.flatMap((n) => [`${n} - ${result.baseline}`, ...(withIntervals ? ['interval'] : [])])],
    rows: METRIC_NAMES.map((metric) => [metric, ...others.flatMap((model) => {
      const d = result.deltas.find((x) => x.model === model && x.metric === metric);
      if (!d) return withIntervals ? ['–', '–'] : ['–'];
      const interval = d.interval ? `${formatInterval(d.interval, signed)}${d.significant ? ' sig' : ''}` : '–';
      return [signed(d.delta), ...(withIntervals ? [interval] : [])];
    })]),
  };
}
