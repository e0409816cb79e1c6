import { METRIC_LABELS } from '../metric-labels.js';
import { METRIC_NAMES } from '../../metrics/types.js';
import type { DiagramInput, HtmlReportInput } from '../diagram/index.js';
import { binRange, columnRolesText, count, fixed, signed } from '../format.js';
import { describeEvaluation, type TemperatureDocument } from './document.js';
import { describeEstimators } from '../report/document.js';
import { describeFit, temperatureVerdict } from './table.js';

/** "Before" and "after" reliability diagrams side by side. */
export function temperatureDiagram(doc: TemperatureDocument): DiagramInput {
  const n = doc.evaluation_detail.rows;
  return {
    title: `Temperature scaling: ${doc.fit.file}`,
    panels: [
      { title: 'Before (T = 1)', series: [{ name: 'before', bins: doc.before.bins, ece: doc.before.metrics.ece, n }] },
      { title: `After (T = ${doc.temperature.toPrecision(4)}, ${doc.evaluation})`, series: [{ name: 'after', bins: doc.after.bins, ece: doc.after.metrics.ece, n }] },
    ],
  };
}

export function temperatureHtml(doc: TemperatureDocument, generatedAt: string): HtmlReportInput {
  const edges = doc.config.binning === 'mass' ? 'mass' : doc.config.bin_edges;
  const binRows = (which: 'before' | 'after'): string[][] => doc[which].bins.map((b, m) => [
    doc.config.binning === 'mass' ? `#${m + 1}` : binRange(b.lower, b.upper, edges, m === doc[which].bins.length - 1),
    count(b.count), fixed(b.mean_confidence), fixed(b.accuracy), signed(b.gap),
  ]);
  return {
    title: `calib temperature: ${doc.fit.file}`,
    generatedAt,
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
        { caption: 'Reliability before', columns: ['bin', 'count', 'confidence', 'accuracy', 'gap'], rows: binRows('before') },
        { caption: 'Reliability after', columns: ['bin', 'count', 'confidence', 'accuracy', 'gap'], rows: binRows('after') },
      ],
    }],
    config: {
      ...doc.config, score_columns: doc.config.score_columns.join(', '), columns: columnRolesText(doc.config.columns),
      estimators: describeEstimators(doc.config.estimators), evaluation: doc.evaluation,
    },
  };
}
