import { approximateCheckLines } from './table.js';
import { formatPercent } from '../../check/run-checks.js';
import type { CheckReport } from '../../check/run-checks.js';
import { fixed } from '../format.js';
import { escapeMarkdown, formatInterval, formatThreshold } from './format.js';
import { comparedNote, verdictLine } from './sentence.js';
import { checkWarnings, type CheckRenderInfo } from './types.js';
import { count } from '../format.js';
import { groupName } from '../groups/document.js';
import { whereSentence, worstSentence } from '../groups/render.js';
import { changeRows, groupGateSentence, idPairingSentence, ungatedSentence, withChangeIntervals } from './extra.js';

const OP_SYMBOL = { '<=': '≤', '>=': '≥' } as const;

export interface MarkdownOptions {
  /** Start with a `###` heading with a ✅/❌ icon (for GitHub's step summary) instead of a bold line. */
  readonly heading?: boolean;
}

/**
 * A GitHub-flavoured Markdown report: a verdict line, a table of checks (failures first) and a
 * note on what was compared when intervals were used, then the input's warnings as quotes.
 *
 * @example
 *   **calib check** `preds.csv`: FAILED: 1 of 2 checks
 *
 *   | metric | value | threshold | result |
 *   |---|---:|---:|---|
 *   | `accuracy` | 0.8800 | ≥ 0.9 | ❌ FAIL |
 *   | `ece` | 0.0310 | ≤ 0.05 | ✅ pass |
 */
export function renderCheckMarkdown(report: CheckReport, info: CheckRenderInfo, options: MarkdownOptions = {}): string {
  const withIntervals = report.checks.some((c) => c.interval);
  const level = info.bootstrap ? `${formatPercent(info.bootstrap.confidence)} interval` : 'interval';
  const header = ['metric', 'value', ...(withIntervals ? [level] : []), 'threshold', 'result'];
  const alignment = ['---', '---:', ...(withIntervals ? ['---'] : []), '---:', '---'];
  const rows = report.checks.map((c) => [
    `\`${c.metric}\``,
    fixed(c.value),
    ...(withIntervals ? [c.interval ? formatInterval(c.interval) : ''] : []),
    `${OP_SYMBOL[c.op]} ${formatThreshold(c.threshold)}`,
    c.passed ? '✅ pass' : '❌ **FAIL**',
  ]);
  const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const source = info.thresholdsFile ? ` (thresholds from \`${codeSpan(info.thresholdsFile)}\`)` : '';
  const title = options.heading
    ? `### ${report.passed ? '✅' : '❌'} calib check \`${codeSpan(info.file)}\`: ${verdictLine(report)}${info.thresholdsFile ? `\n\nThresholds from \`${codeSpan(info.thresholdsFile)}\`.` : ''}`
    : `**calib check** \`${codeSpan(info.file)}\`${source}: ${verdictLine(report)}`;
  const lines = [title];
  if (info.where) lines.push('', escapeMarkdown(whereSentence(info.where)));
  if (report.checks.length > 0) lines.push('', row(header), row(alignment), ...rows.map(row));
  if (report.groups) {
    const g = report.groups;
    lines.push('', `**By ${escapeMarkdown((info.groups?.by ?? []).join(', '))}**: ${escapeMarkdown(groupGateSentence(report) ?? '')}`);
    if (g.checks.length > 0) {
      lines.push('', row(['group', 'rows', ...header]), row(['---', '---:', ...alignment]));
      for (const entry of g.checks) {
        const c = entry.check;
        lines.push(row([escapeMarkdown(groupName(entry.key)), count(entry.rows), `\`${c.metric}\``, fixed(c.value),
          ...(withIntervals ? [c.interval ? formatInterval(c.interval) : ''] : []), `${OP_SYMBOL[c.op]} ${formatThreshold(c.threshold)}`, c.passed ? '✅ pass' : '❌ **FAIL**']));
      }
    }
    const small = ungatedSentence(report);
    if (small) lines.push('', escapeMarkdown(small));
    if (info.groups) lines.push('', escapeMarkdown(worstSentence(info.groups, { ungated: false })));
  }
  for (const line of approximateCheckLines(report, info)) lines.push('', escapeMarkdown(line));
  if (report.baseline) {
    const b = report.baseline;
    const withChange = withChangeIntervals(report);
    lines.push('', `**Against the baseline** \`${codeSpan(b.file)}\` (${b.paired ? 'paired' : 'unpaired'}: ${escapeMarkdown(b.pairingReason)})`);
    if (b.idPairing) lines.push('', escapeMarkdown(idPairingSentence(b.idPairing)));
    if (b.report.checks.length > 0) {
      lines.push('', row(['metric', 'baseline', 'candidate', 'change', ...(withChange ? [`${level} of the change`] : []), 'allowed', 'result']),
        row(['---', '---:', '---:', '---:', ...(withChange ? ['---'] : []), '---:', '---']));
      for (const cells of changeRows(report, (passed) => (passed ? '✅ pass' : '❌ **FAIL**'))) {
        const shown = withChange ? cells : cells.filter((_, i) => i !== 4);
        shown[0] = `\`${shown[0]}\``;
        lines.push(row(shown.map((cell, i) => (i === shown.length - 2 ? cell.replace('<=', '≤').replace('>=', '≥') : cell))));
      }
    }
  }
  const note = comparedNote(report.failOn, info.bootstrap);
  if (note) lines.push('', escapeMarkdown(note));
  for (const warning of checkWarnings(info)) lines.push('', `> warning: ${escapeMarkdown(warning)}`);
  return lines.join('\n') + '\n';
}

/** Text inside a code span in a table: backticks cannot be escaped, so they become quotes; pipes are escaped. */
function codeSpan(text: string): string {
  return text.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
