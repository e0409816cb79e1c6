import { count, fixed, markdownCell } from '../format.js';
import type { SmoothingDocument } from './document.js';
import { smoothingLegend, smoothingSummaryLines } from './table.js';

export function renderSmoothingMarkdown(doc: SmoothingDocument): string {
  const out: string[] = [];
  out.push(`### calib smoothing: \`${markdownCell(doc.file)}\``, '');
  out.push(`${count(doc.rows)} rows · ${doc.classes} classes · prior: ${doc.prior}. Targets: ${markdownCell(doc.convention)}.`, '');
  for (const [label, value, meaning] of smoothingSummaryLines(doc)) {
    if (label !== '') out.push(`- **${label}**: ${markdownCell(value)} (${markdownCell(meaning)})`);
  }
  out.push('', '| alpha | smoothed CE | KL to target | target gap | what-if T | CE at T |', '|---:|---:|---:|---:|---:|---:|');
  for (const row of doc.alphas) {
    const gap = row.target_gap === null ? (doc.prior === 'uniform' ? 'inf' : '–') : fixed(row.target_gap, 3);
    out.push(`| ${fixed(row.alpha, 3)} | ${fixed(row.smoothed_ce)} | ${fixed(row.kl)} | ${gap} | ${row.temperature.toPrecision(4)} | ${fixed(row.smoothed_ce_at_temperature)} |`);
  }
  out.push('', ...smoothingLegend(doc).map((l) => `> ${markdownCell(l)}`));
  for (const warning of doc.warnings) out.push('', `> warning: ${markdownCell(warning)}`);
  return out.join('\n') + '\n';
}
