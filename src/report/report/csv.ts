import { csvField } from '../format.js';
import type { ReportDocument } from './document.js';
import { renderGroupsCsv } from '../groups/render.js';

/**
 * The reliability table as CSV, one row per bin (empty bins included, empty cells for nulls).
 * With --bootstrap, two more columns, `accuracy_lower` and `accuracy_upper`, hold each bin's
 * binomial interval on accuracy (method and level are in the JSON's `bin_intervals`; CSV has no
 * place for them, so the column names stay fixed and scripts can rely on them).
 */
export function renderReportCsv(doc: ReportDocument): string {
  // With --group-by the CSV is the per-group table (one row per group, the overall row last).
  if (doc.groups) return renderGroupsCsv(doc.groups, { rows: doc.rows, metrics: doc.metrics, ...(doc.intervals ? { intervals: doc.intervals } : {}) });
  const binIntervals = doc.bin_intervals;
  const header = ['bin', 'lower', 'upper', 'count', 'share', 'mean_confidence', 'accuracy', 'gap', 'ece_contribution',
    ...(binIntervals ? ['accuracy_lower', 'accuracy_upper'] : [])];
  const lines = [header.join(',')];
  doc.bins.forEach((bin, index) => {
    const contribution = bin.gap === null ? null : (bin.count / doc.rows) * Math.abs(bin.gap);
    const interval = binIntervals?.intervals[index];
    const intervalCells = binIntervals ? [interval?.lower ?? null, interval?.upper ?? null] : [];
    lines.push([index + 1, bin.lower, bin.upper, bin.count, bin.count / doc.rows, bin.mean_confidence, bin.accuracy, bin.gap, contribution, ...intervalCells]
      .map(csvField).join(','));
  });
  return lines.join('\n') + '\n';
}
