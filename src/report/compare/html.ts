import type { CompareResult } from '../../compare/compare.js';
import { METRIC_NAMES } from '../../metrics/types.js';
import { formatInterval } from '../check/format.js';
import type { DiagramInput, HtmlReportInput, HtmlTable } from '../diagram/types.js';
import { fixed, signed } from '../format.js';
import { intervalLegend } from './text.js';

export interface CompareHtmlOptions {
  /** Every warning to list: each file's (prefixed with it), then the comparison's. */
  readonly warnings?: readonly string[];
  /** `--title`, instead of the models' names. */
  readonly title?: string;
}

/**
 * The HTML report of `calib compare`: the overlaid diagram, each model's own diagram side by
 * side, the metrics side by side (best marked) and the difference to the baseline with its
 * intervals, before and after temperature scaling, the pairing, and every warning.
 */
export function compareHtml(raw: CompareResult, scaled: CompareResult | undefined, diagram: DiagramInput, at: string,
  options: CompareHtmlOptions = {}): HtmlReportInput {
  const table = (result: CompareResult, caption: string): HtmlTable => ({
    caption,
    columns: ['metric', ...result.models.map((m) => m.name)],
    rows: Object.keys(result.models[0]!.metrics).map((name) => [name, ...result.models.map((m) => {
      const value = fixed(m.metrics[name as keyof typeof m.metrics]);
      return result.best[name as keyof typeof result.best]?.includes(m.name) ? `${value} *` : value;
    })]),
  });
  return {
    title: options.title ?? `calib compare: ${raw.models.map((m) => m.name).join(', ')}`,
    generatedAt: at,
    warnings: [...(options.warnings ?? raw.warnings)],
    sections: [{
      heading: 'Models side by side',
      diagram,
      moreDiagrams: [modelsSideBySide(diagram)],
      tables: [
        table(raw, 'Metrics (* best)'), compareDeltaHtmlTable(raw, `Difference to the baseline ${raw.baseline}`),
        ...(scaled ? [table(scaled, 'After temperature scaling (* best)'), compareDeltaHtmlTable(scaled, `After temperature scaling: difference to ${scaled.baseline}`)] : []),
      ],
      notes: [raw.paired ? `Paired: ${raw.pairingReason}` : `Unpaired: ${raw.pairingReason}`],
    }],
    config: { baseline: raw.baseline, models: raw.models.map((m) => m.file).join(', '), paired: raw.paired },
  };
}

/** Each model's own binned diagram, side by side (from the overlay's first panel). */
function modelsSideBySide(overlay: DiagramInput): DiagramInput {
  const [first] = overlay.panels;
  return {
    title: `${overlay.title ?? 'Models'}, one diagram per model`,
    columns: Math.min(3, first?.series.length ?? 1),
    panels: (first?.series ?? []).map((s) => ({ title: s.name, series: [s] })),
  };
}

/**
 * The delta table of `compare --html`: one row per metric, one column per non-baseline model
 * (`b - a`), and with --bootstrap one more per model with the interval and `sig` when it
 * excludes 0.
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
