import { csvField } from '../format.js';
import type { ReportDocument } from './document.js';

/** The reliability table as CSV, one row per bin (empty bins included, empty cells for nulls). */
export function renderReportCsv(doc: ReportDocument): string {
  const header = ['bin', 'lower', 'upper', 'count', 'share', 'mean_confidence', 'accuracy', 'gap', 'ece_contribution'];
  const lines = [header.join(',')];
  doc.bins.forEach((bin, index) => {
    const contribution = bin.gap === null ? null : (bin.count / doc.rows) * Math.abs(bin.gap);
    lines.push([index + 1, bin.lower, bin.upper, bin.count, bin.count / doc.rows, bin.mean_confidence, bin.accuracy, bin.gap, contribution]
      .map(csvField).join(','));
  });
  return lines.join('\n') + '\n';
}
