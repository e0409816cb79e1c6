import type { CompareResult } from '../../compare/compare.js';
import { METRIC_NAMES } from '../../metrics/types.js';
import { escapeMarkdown, formatInterval } from '../check/format.js';
import { fixed, signed } from '../format.js';
import { bestLegend, compareHeadline, intervalLegend } from './text.js';

export interface CompareMarkdownOptions {
  /** The warnings to show (default the comparison's own): calib compare adds each file's before them. */
  readonly warnings?: readonly string[];
}

/**
 * GitHub-flavoured Markdown: the metrics table (best values in bold) and the differences to the
 * baseline (intervals, and significant differences in bold with "sig").
 */
export function renderCompareMarkdown(result: CompareResult, options: CompareMarkdownOptions = {}): string {
  const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const names = result.models.map((m) => escapeMarkdown(m.name));
  const metricTable = [
    row(['metric', ...names]),
    row(['---', ...names.map(() => '---:')]),
    ...METRIC_NAMES.map((metric) => row([
      `\`${metric}\``,
      ...result.models.map((m) => {
        const text = fixed(m.metrics[metric]);
        return result.best[metric].includes(m.name) ? `**${text}**` : text;
      }),
    ])),
  ];
  const others = result.models.slice(1);
  const baseline = escapeMarkdown(result.baseline);
  const deltaTable = [
    row(['metric', ...others.map((m) => `${escapeMarkdown(m.name)} − ${baseline}`)]),
    row(['---', ...others.map(() => '---:')]),
    ...METRIC_NAMES.map((metric) => row([
      `\`${metric}\``,
      ...others.map((m) => {
        const d = result.deltas.find((x) => x.model === m.name && x.metric === metric)!;
        const text = `${signed(d.delta)}${d.interval ? ` ${formatInterval(d.interval, signed)}` : ''}`;
        return d.significant ? `**${text}** sig` : text;
      }),
    ])),
  ];
  const interval = intervalLegend(result);
  const [title, pairing] = compareHeadline(result).split('\n');
  const lines = [
    `**${escapeMarkdown(title ?? '')}**`,
    '',
    escapeMarkdown(pairing ?? ''),
    '',
    ...metricTable,
    '',
    `Bold: ${escapeMarkdown(bestLegend(result.rules))}.`,
    '',
    `Difference to the baseline ${baseline}${interval ? ` with the ${escapeMarkdown(interval)}; **sig**: the interval excludes 0` : ''}.`,
    '',
    ...deltaTable,
    ...(options.warnings ?? result.warnings).flatMap((w) => ['', `> Warning: ${escapeMarkdown(w)}`]),
  ];
  return lines.join('\n') + '\n';
}
