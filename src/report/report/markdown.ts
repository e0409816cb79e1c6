import { METRIC_NAMES } from '../../metrics/types.js';
import { binRanges, count, fixed, markdownCell, percent, signed } from '../format.js';
import { labelFor } from '../metric-labels.js';
import type { ReportDocument } from './document.js';
import { renderGroupsMarkdown, whereSentence } from '../groups/render.js';
import { approximateLines, calibrationTestLines, describeBinning, describeInput, corpNote, estimatorNote, intervalNote, intervalText, summaryNote } from './table.js';

/** Summary and reliability table as GitHub-flavoured Markdown, for a PR comment or a job summary. */
export function renderReportMarkdown(doc: ReportDocument): string {
  const out: string[] = [];
  out.push(`### calib report: \`${markdownCell(doc.file)}\``);
  out.push('');
  out.push(markdownCell(describeInput(doc)));
  const fromSummary = summaryNote(doc);
  if (fromSummary) out.push('', markdownCell(fromSummary));
  if (doc.where) out.push('', markdownCell(whereSentence(doc.where)));
  out.push('');
  const level = doc.bootstrap ? ` ${Math.round(doc.bootstrap.confidence * 1000) / 10}% interval |` : '';
  out.push(`| metric | value |${level} meaning |`);
  out.push(`|---|---:|${level ? '---:|' : ''}---|`);
  for (const name of METRIC_NAMES) {
    const label = labelFor(name, doc.view);
    const value = label.signed ? signed(doc.metrics[name]) : fixed(doc.metrics[name]);
    const interval = doc.intervals?.[name];
    const cell = level ? ` ${interval ? intervalText(interval, label.signed === true) : ''} |` : '';
    out.push(`| ${label.label} | ${value} |${cell} ${markdownCell(label.meaning)} |`);
  }
  const intervals = intervalNote(doc);
  if (intervals) out.push('', markdownCell(intervals));
  out.push('');
  out.push(markdownCell(estimatorNote(doc)));
  for (const line of approximateLines(doc)) out.push('', markdownCell(line));
  const corp = corpNote(doc);
  if (corp) out.push('', markdownCell(corp));
  if (doc.groups) out.push('', renderGroupsMarkdown(doc.groups, { rows: doc.rows, metrics: doc.metrics, ...(doc.intervals ? { intervals: doc.intervals } : {}) }));
  if (doc.calibration_tests) {
    out.push('', '**Calibration tests** (null hypothesis: calibrated)', '');
    for (const line of calibrationTestLines(doc)) out.push(`- ${markdownCell(line.replace(/\s{2,}/g, ': '))}`);
  }
  out.push('');
  out.push(`<details><summary>Reliability table (${describeBinning(doc)})</summary>`);
  out.push('');
  // With --bootstrap, each bin's accuracy gets its binomial interval, headed by the method's name.
  const binIntervals = doc.bin_intervals;
  const intervalHead = binIntervals ? ` ${binIntervals.method} interval |` : '';
  out.push(`| bin | count | share | ${doc.view === 'positive' ? 'mean P(y=1) | positive rate' : 'confidence | accuracy'} |${intervalHead} gap |`);
  out.push(`|---|---:|---:|---:|---:|${binIntervals ? '---:|' : ''}---:|`);
  const edges = doc.config.binning === 'mass' ? 'mass' : doc.config.bin_edges;
  const labels = binRanges(doc.bins, edges);
  doc.bins.forEach((bin, index) => {
    const range = labels[index]!;
    const interval = binIntervals?.intervals[index];
    const intervalCell = binIntervals ? ` ${interval ? intervalText(interval) : '–'} |` : '';
    out.push(`| ${range} | ${count(bin.count)} | ${percent(bin.count / doc.rows)} | ${fixed(bin.mean_confidence)} | ${fixed(bin.accuracy)} |${intervalCell} ${signed(bin.gap)} |`);
  });
  out.push('');
  out.push('</details>');
  for (const warning of doc.warnings) out.push('', `> warning: ${markdownCell(warning)}`);
  return out.join('\n') + '\n';
}
