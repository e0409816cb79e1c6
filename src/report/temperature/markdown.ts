import { METRIC_LABELS } from '../metric-labels.js';
import { METRIC_NAMES } from '../../metrics/types.js';
import { binRange, count, fixed, markdownCell, signed } from '../format.js';
import { describeEvaluation, type TemperatureDocument } from './document.js';
import { describeFit, temperatureVerdict } from './table.js';

/** Before/after metrics and reliability as GitHub-flavoured Markdown. */
export function renderTemperatureMarkdown(doc: TemperatureDocument): string {
  const out: string[] = [];
  out.push(`### calib temperature: \`${markdownCell(doc.fit.file)}\``, '');
  out.push(markdownCell(describeFit(doc)));
  const verdict = temperatureVerdict(doc);
  if (verdict) out.push('', markdownCell(verdict));
  out.push('', markdownCell(describeEvaluation(doc)), '');
  out.push('| metric | before | after | change |', '|---|---:|---:|---:|');
  for (const name of METRIC_NAMES) {
    const label = METRIC_LABELS[name];
    const format = label.signed ? signed : fixed;
    const before = doc.before.metrics[name];
    const after = doc.after.metrics[name];
    out.push(`| ${label.label} | ${format(before)} | ${format(after)} | ${signed(after - before)} |`);
  }
  out.push('', '<details><summary>Reliability before and after</summary>', '');
  out.push('| bin | n before | conf | acc | gap | n after | conf | acc | gap |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const edges = doc.config.binning === 'mass' ? 'mass' : doc.config.bin_edges;
  doc.before.bins.forEach((b, m) => {
    const a = doc.after.bins[m]!;
    const range = doc.config.binning === 'mass' ? `#${m + 1}` : binRange(b.lower, b.upper, edges, m === doc.before.bins.length - 1);
    out.push(`| ${range} | ${count(b.count)} | ${fixed(b.mean_confidence)} | ${fixed(b.accuracy)} | ${signed(b.gap)} | ${count(a.count)} | ${fixed(a.mean_confidence)} | ${fixed(a.accuracy)} | ${signed(a.gap)} |`);
  });
  out.push('', '</details>');
  for (const warning of doc.warnings) out.push('', `> warning: ${markdownCell(warning)}`);
  return out.join('\n') + '\n';
}
