import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { formatPercent } from '../../check/run-checks.js';
import type { CheckReport } from '../../check/run-checks.js';
import { fixed } from '../format.js';
import { PLAIN_TABLE, trimLines } from '../report/table.js';
import { formatInterval, formatThreshold } from './format.js';
import { comparedNote, verdictLine } from './sentence.js';
import type { CheckRenderInfo } from './types.js';
import { count } from '../format.js';
import { groupName } from '../groups/document.js';
import { whereSentence, worstSentence } from '../groups/render.js';
import { changeRows, groupGateSentence, idPairingSentence, ungatedSentence, withChangeIntervals } from './extra.js';

/**
 * With --from-summary: a line for each checked metric that is approximate (computed on the
 * summary's fine bins), with its bound, so a gate on it says so.
 */
export function approximateCheckLines(report: CheckReport, info: CheckRenderInfo): string[] {
  const checked = new Set([...report.checks.map((c) => c.metric as string), ...(report.groups?.checks ?? []).map((e) => e.check.metric as string)]);
  const lines: string[] = [];
  if (info.fromSummary) lines.push(`From ${info.fromSummary.files.length === 1 ? 'a summary' : `${info.fromSummary.files.length} summaries merged`} (grid of ${info.fromSummary.grid} fine bins): exact unless marked approximate.`);
  for (const a of info.approximate ?? []) {
    if (!checked.has(a.metric)) continue;
    lines.push(`approximate: ${a.metric}${a.bound === null ? ' (no bound from the grid alone)' : ` within ${a.bound.toExponential(2)} of the rows' value`}: ${a.why}.`);
  }
  return lines;
}

export interface CheckTableOptions {
  /** Chalk level: 0 plain text (NO_COLOR, not a terminal), 1 or more ANSI colour. */
  readonly colorLevel: 0 | 1 | 2 | 3;
}

/**
 * The terminal table: one line per check (failures first) with value, interval when bootstrapped,
 * threshold and PASS/FAIL, then what was compared (with intervals) and a verdict line last, where
 * a CI log shows it. PASS/FAIL are words, so the table reads the same without colour.
 *
 * @example
 *   metric    value   threshold  result
 *   accuracy  0.8800  >= 0.9     FAIL
 *   ece       0.0310  <= 0.05    PASS
 *   calib check preds.csv: FAILED: 1 of 2 checks
 */
export function renderCheckTable(report: CheckReport, info: CheckRenderInfo, options: CheckTableOptions): string {
  const c = new Chalk({ level: options.colorLevel });
  const withIntervals = report.checks.some((check) => check.interval);
  const level = info.bootstrap ? `${formatPercent(info.bootstrap.confidence)} interval` : 'interval';
  const head = ['metric', 'value', ...(withIntervals ? [level] : []), 'threshold', 'result'];
  const table = new Table({
    ...PLAIN_TABLE,
    head: head.map((h) => c.dim(h)),
    colAligns: head.map((h) => (h === 'value' ? 'right' : 'left')),
  });
  for (const check of report.checks) {
    table.push([
      check.metric,
      fixed(check.value),
      ...(withIntervals ? [check.interval ? formatInterval(check.interval) : ''] : []),
      `${check.op} ${formatThreshold(check.threshold)}`,
      check.passed ? c.green('PASS') : c.red.bold('FAIL'),
    ]);
  }
  const lines = report.checks.length > 0 ? [table.toString()] : [];
  if (info.where) lines.unshift(c.dim(whereSentence(info.where)));
  if (report.groups) {
    const groups = new Table({ ...PLAIN_TABLE, head: ['group', 'rows', 'metric', 'value', ...(withIntervals ? [level] : []), 'threshold', 'result'].map((h) => c.dim(h)) });
    for (const entry of report.groups.checks) {
      groups.push([groupName(entry.key), count(entry.rows), entry.check.metric, fixed(entry.check.value),
        ...(withIntervals ? [entry.check.interval ? formatInterval(entry.check.interval) : ''] : []),
        `${entry.check.op} ${formatThreshold(entry.check.threshold)}`, entry.check.passed ? c.green('PASS') : c.red.bold('FAIL')]);
    }
    lines.push('', `${c.bold(`By ${(info.groups?.by ?? []).join(', ')}`)}${c.dim(`: ${groupGateSentence(report)}`)}`);
    if (report.groups.checks.length > 0) lines.push(groups.toString());
    const small = ungatedSentence(report);
    if (small) lines.push(c.dim(small));
    if (info.groups) lines.push(c.dim(worstSentence(info.groups, { ungated: false })));
  }
  if (report.baseline) {
    const b = report.baseline;
    const changes = new Table({ ...PLAIN_TABLE, head: ['metric', 'baseline', 'candidate', 'change', ...(withChangeIntervals(report) ? [`${level} of the change`] : []), 'allowed', 'result'].map((h) => c.dim(h)) });
    for (const row of changeRows(report, (passed) => (passed ? c.green('PASS') : c.red.bold('FAIL')))) {
      changes.push(withChangeIntervals(report) ? row : row.filter((_, i) => i !== 4));
    }
    lines.push('', c.bold(`Against the baseline ${b.file} (${b.paired ? 'paired' : 'unpaired'}: ${b.pairingReason})`));
    if (b.idPairing) lines.push(c.dim(idPairingSentence(b.idPairing)));
    if (b.report.checks.length > 0) lines.push(changes.toString());
  }
  const note = comparedNote(report.failOn, info.bootstrap);
  if (note) lines.push(c.dim(note));
  for (const line of approximateCheckLines(report, info)) lines.push(line);
  while (lines[0] === '') lines.shift();
  const verdict = `calib check ${info.file}: ${verdictLine(report)}`;
  lines.push(report.passed ? c.green(verdict) : c.red.bold(verdict));
  return trimLines(lines.join('\n')) + '\n';
}
