import { METRIC_NAMES } from '../../metrics/types.js';
import type { DiagramInput, HtmlReportInput, HtmlTable, Series } from '../diagram/index.js';
import { binRanges, columnRolesText, displayFileName, count, fixed, percent, signed } from '../format.js';
import { labelFor } from '../metric-labels.js';
import { groupsHtmlTable, whereSentence } from '../groups/render.js';
import { describeEstimators, type ReportDocument } from './document.js';
import { describeBinning, describeInput, intervalText } from './table.js';

/** The report's reliability diagram as one series (bars, gaps, histogram, per-bin intervals). */
export function reportSeries(doc: ReportDocument, name = displayFileName(doc.file)): Series {
  return {
    name, bins: doc.bins, ece: doc.metrics.ece, n: doc.rows,
    ...(doc.bin_intervals ? { intervals: doc.bin_intervals.intervals } : {}),
  };
}

export interface VisualOptions {
  /** `--title`: the panel's and the page's title instead of the file's name. */
  title?: string;
  /** calib's version and the command line, for the HTML footer. */
  version?: string;
  command?: string;
}

/** The panel is titled with the file's base name (or `--title`); the SVG's <title> keeps the full path. */
export function reportDiagram(doc: ReportDocument, options: VisualOptions = {}): DiagramInput {
  const title = options.title ?? displayFileName(doc.file);
  return { title: options.title ?? `Reliability diagram: ${doc.file}`, panels: [{ title, series: [reportSeries(doc)] }] };
}

/** The reliability table in the generic table shape of the HTML report. */
export function reliabilityHtmlTable(doc: ReportDocument, caption = `Reliability (${describeBinning(doc)})`): HtmlTable {
  const edges = doc.config.binning === 'mass' ? 'mass' : doc.config.bin_edges;
  const labels = binRanges(doc.bins, edges);
  const binIntervals = doc.bin_intervals;
  return {
    caption,
    columns: ['bin', 'count', 'share', doc.view === 'positive' ? 'mean P(y=1)' : 'confidence', doc.view === 'positive' ? 'positive rate' : 'accuracy',
      ...(binIntervals ? [`${binIntervals.method} interval`] : []), 'gap'],
    rows: doc.bins.map((bin, index) => {
      const interval = binIntervals?.intervals[index];
      return [
        labels[index]!,
        count(bin.count), percent(bin.count / doc.rows), fixed(bin.mean_confidence), fixed(bin.accuracy),
        ...(binIntervals ? [interval ? intervalText(interval) : '–'] : []),
        signed(bin.gap),
      ];
    }),
  };
}

/** The CORP decomposition, `score = MCB - DSC + UNC`. */
export function corpHtmlTable(corp: NonNullable<ReportDocument['corp']>): HtmlTable {
  return {
    caption: 'CORP score decomposition (score = MCB - DSC + UNC)',
    columns: ['component', 'value', 'meaning'],
    rows: [
      ['score', fixed(corp.score), 'mean squared difference of the binned quantity and the outcome'],
      ['MCB', fixed(corp.mcb), 'miscalibration: what recalibrating by the PAV fit would remove'],
      ['DSC', fixed(corp.dsc), 'discrimination: how much better than the base rate the recalibrated values are'],
      ['UNC', fixed(corp.unc), 'uncertainty: the base rate\'s score, r (1 - r)'],
    ],
  };
}

export function metricsHtmlTable(doc: ReportDocument): HtmlTable {
  const level = doc.bootstrap ? `${Math.round(doc.bootstrap.confidence * 1000) / 10}% interval` : undefined;
  return {
    caption: doc.bootstrap
      ? `Summary (intervals: percentile bootstrap, ${doc.bootstrap.resamples} resamples, ${doc.bootstrap.seed === undefined ? 'from the summary\'s replicates' : `seed ${doc.bootstrap.seed}`})`
      : 'Summary',
    columns: ['metric', 'value', ...(level ? [level] : []), 'meaning'],
    rows: METRIC_NAMES.map((name) => {
      const label = labelFor(name, doc.view);
      const value = label.signed ? signed(doc.metrics[name]) : fixed(doc.metrics[name]);
      const interval = doc.intervals?.[name];
      return [label.label, value, ...(level ? [interval ? intervalText(interval, label.signed === true) : ''] : []), label.meaning];
    }),
  };
}

/** A self-contained HTML page of one report. `generatedAt` comes from the caller's clock. */
export function reportHtml(doc: ReportDocument, generatedAt: string, options: VisualOptions = {}): HtmlReportInput {
  return {
    title: options.title ?? `calib report: ${doc.file}`,
    generatedAt,
    ...(options.version ? { version: options.version } : {}),
    ...(options.command ? { command: options.command } : {}),
    warnings: doc.warnings,
    sections: [{
      heading: 'Calibration',
      summary: [
        { label: 'Rows', value: count(doc.rows) },
        { label: 'Accuracy', value: fixed(doc.metrics.accuracy) },
        { label: 'ECE', value: fixed(doc.metrics.ece) },
        { label: 'NLL', value: fixed(doc.metrics.nll) },
        { label: labelFor('overconfidence_gap', doc.view).label, value: signed(doc.metrics.overconfidence_gap) },
      ],
      diagram: reportDiagram(doc),
      tables: [metricsHtmlTable(doc), ...(doc.corp ? [corpHtmlTable(doc.corp)] : []),
        ...(doc.groups ? [groupsHtmlTable(doc.groups, { rows: doc.rows, metrics: doc.metrics, ...(doc.intervals ? { intervals: doc.intervals } : {}) })] : []),
        reliabilityHtmlTable(doc)],
      notes: [describeInput(doc), ...(doc.where ? [whereSentence(doc.where)] : [])],
    }],
    config: {
      ...doc.config, score_columns: doc.config.score_columns.join(', '), columns: columnRolesText(doc.config.columns),
      estimators: describeEstimators(doc.config.estimators),
    },
  };
}
