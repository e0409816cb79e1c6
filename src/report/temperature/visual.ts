import { METRIC_LABELS } from '../metric-labels.js';
import { METRIC_NAMES } from '../../metrics/types.js';
import type { DiagramInput, HtmlReportInput } from '../diagram/index.js';
import { binRanges, columnRolesText, count, fixed, signed } from '../format.js';
import { binAccuracyIntervals } from '../../stats/intervals.js';
import { intervalText } from '../report/table.js';
import type { VisualOptions } from '../report/visual.js';
import { describeEvaluation, type TemperatureDocument } from './document.js';
import { describeEstimators } from '../report/document.js';
import { describeFit, temperatureVerdict } from './table.js';

/** The level of the per-bin accuracy intervals of the temperature diagrams and tables (Wilson). */
const BIN_INTERVAL_LEVEL = 0.95;

/** "Before" and "after" reliability diagrams side by side, each bin with its Wilson 95% interval. */
export function temperatureDiagram(doc: TemperatureDocument, options: VisualOptions = {}): DiagramInput {
  const n = doc.evaluation_detail.rows;
  const intervals = (which: 'before' | 'after') => binAccuracyIntervals(doc[which].bins, 'wilson', BIN_INTERVAL_LEVEL).intervals;
  return {
    title: options.title ?? `Temperature scaling: ${doc.fit.file}`,
    panels: [
      { title: 'Before (T = 1)', series: [{ name: 'before', bins: doc.before.bins, ece: doc.before.metrics.ece, n, intervals: intervals('before') }] },
      { title: `After (T = ${doc.temperature.toPrecision(4)}, ${doc.evaluation})`, series: [{ name: 'after', bins: doc.after.bins, ece: doc.after.metrics.ece, n, intervals: intervals('after') }] },
    ],
  };
}

export function temperatureHtml(doc: TemperatureDocument, generatedAt: string, options: VisualOptions = {}): HtmlReportInput {
  const edges = doc.config.binning === 'mass' ? 'mass' : doc.config.bin_edges;
  const binRows = (which: 'before' | 'after'): string[][] => {
    const labels = binRanges(doc[which].bins, edges);
    const intervals = binAccuracyIntervals(doc[which].bins, 'wilson', BIN_INTERVAL_LEVEL).intervals;
    return doc[which].bins.map((b, m) => [
      doc.config.binning === 'mass' ? `#${m + 1} ${labels[m]!}` : labels[m]!,
      count(b.count), fixed(b.mean_confidence), fixed(b.accuracy), intervals[m] ? intervalText(intervals[m]!) : '–', signed(b.gap),
    ]);
  };
  const binColumns = ['bin', 'count', 'confidence', 'accuracy', 'Wilson 95% interval', 'gap'];
  return {
    title: options.title ?? `calib temperature: ${doc.fit.file}`,
    generatedAt,
    ...(options.version ? { version: options.version } : {}),
    ...(options.command ? { command: options.command } : {}),
    warnings: doc.warnings,
    sections: [{
      heading: 'Temperature scaling',
      summary: [
        { label: 'Temperature', value: doc.temperature.toPrecision(4) },
        { label: 'ECE before', value: fixed(doc.before.metrics.ece) },
        { label: 'ECE after', value: fixed(doc.after.metrics.ece) },
        { label: 'NLL before', value: fixed(doc.before.metrics.nll) },
        { label: 'NLL after', value: fixed(doc.after.metrics.nll) },
      ],
      diagram: temperatureDiagram(doc),
      notes: [describeFit(doc), temperatureVerdict(doc), describeEvaluation(doc)].filter((s) => s !== ''),
      tables: [
        {
          caption: 'Metrics before and after',
          columns: ['metric', 'before', 'after', 'change'],
          rows: METRIC_NAMES.map((name) => {
            const format = METRIC_LABELS[name].signed ? signed : fixed;
            return [METRIC_LABELS[name].label, format(doc.before.metrics[name]), format(doc.after.metrics[name]), signed(doc.after.metrics[name] - doc.before.metrics[name])];
          }),
        },
        { caption: 'Reliability before', columns: binColumns, rows: binRows('before') },
        { caption: 'Reliability after', columns: binColumns, rows: binRows('after') },
      ],
    }],
    config: {
      ...doc.config, score_columns: doc.config.score_columns.join(', '), columns: columnRolesText(doc.config.columns),
      estimators: describeEstimators(doc.config.estimators), evaluation: doc.evaluation,
    },
  };
}
