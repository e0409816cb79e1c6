import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import { METRIC_NAMES, type MetricName, type ReliabilityBin } from '../../metrics/types.js';
import { binRanges, count, fixed, percent, signed } from '../format.js';
import { labelFor } from '../metric-labels.js';
import type { ReportDocument } from './document.js';
import { renderGroupsTable, whereSentence } from '../groups/render.js';
import { PLAIN_TABLE, trimLines } from '../plain-table.js';

export { PLAIN_TABLE, trimLines };

export interface TableOptions {
  /** Chalk level: 0 plain text, 1 or more ANSI colour. */
  readonly colorLevel: 0 | 1 | 2 | 3;
  /** Text drawn under the tables, e.g. the terminal reliability diagram. */
  readonly appendix?: string;
}


/** `calib report`'s human output: a header, the summary metrics, the reliability table. */
export function renderReportTable(doc: ReportDocument, options: TableOptions): string {
  const c = new Chalk({ level: options.colorLevel });
  const out: string[] = [];
  out.push(c.bold(`calib report  ${doc.file}`));
  out.push(describeInput(doc));
  const fromSummary = summaryNote(doc);
  if (fromSummary) out.push(fromSummary);
  if (doc.where) out.push(whereSentence(doc.where));
  out.push(c.dim(`ECE, MCE and RMSCE over ${describeBinning(doc)}; ACE over ${doc.config.bins} equal-mass bins.`));
  out.push('');
  out.push(renderSummary(doc, c));
  out.push(c.dim(estimatorNote(doc)));
  for (const line of approximateLines(doc)) out.push(line);
  const corp = corpNote(doc);
  if (corp) out.push(corp);
  const intervals = intervalNote(doc);
  if (intervals) out.push(c.dim(intervals));
  if (doc.groups) out.push('', renderGroupsTable(doc.groups, { rows: doc.rows, metrics: doc.metrics, ...(doc.intervals ? { intervals: doc.intervals } : {}) }, options.colorLevel));
  if (doc.calibration_tests) {
    out.push('');
    out.push(c.bold('Calibration tests (null hypothesis: the probabilities are calibrated)'));
    out.push(calibrationTestLines(doc).join('\n'));
  }
  out.push('');
  out.push(c.bold(`Reliability (${describeBinning(doc)})`));
  out.push(renderBins(doc, c));
  if (doc.floor_hits > 0) {
    out.push('');
    out.push(`${doc.floor_hits} row(s) gave the true class a probability of exactly 0; it was replaced by ${doc.config.prob_floor} (--prob-floor).`);
  }
  if (options.appendix) {
    out.push('');
    out.push(options.appendix.replace(/\n$/, ''));
  }
  return trimLines(out.join('\n')) + '\n';
}


/**
 * With --bootstrap, where the intervals come from, in one line: the resampling behind the
 * summary's intervals and the binomial method behind the bins'.
 *
 * @example 'Intervals: percentile bootstrap, 1000 resamples, seed 0; bin accuracy: Wilson 95% interval.'
 */
export function intervalNote(doc: ReportDocument): string | undefined {
  if (!doc.bootstrap) return undefined;
  const b = doc.bootstrap;
  const bins = doc.bin_intervals
    ? `; bin accuracy: ${doc.bin_intervals.method === 'wilson' ? 'Wilson' : 'Clopper-Pearson (exact)'} ${Math.round(doc.bin_intervals.confidence * 1000) / 10}% interval`
    : '';
  if (b.replicates) return `Intervals: ${b.method} bootstrap over the summary's ${b.resamples} replicates (Poisson weights by ${b.replicates.engine}'s hash of ${b.replicates.id})${bins}.`;
  return `Intervals: ${b.method} bootstrap, ${b.resamples} resamples, seed ${b.seed}${bins}.`;
}

/**
 * With --from-summary, where the numbers come from, in one line.
 *
 * @example 'From 4 summaries merged (grid of 30000 fine bins, 300 for classes, right-closed; 4 sources): exact unless marked approximate below.'
 */
export function summaryNote(doc: ReportDocument): string | undefined {
  const s = doc.from_summary;
  if (!s) return undefined;
  const what = s.files.length === 1 ? 'From a summary' : `From ${s.files.length} summaries merged`;
  return `${what} (grid of ${s.grid} fine bins, ${s.class_grid} for classes, ${s.edges}-closed; ${s.sources.length} source${s.sources.length === 1 ? '' : 's'}): exact unless marked approximate below.`;
}

/** With --from-summary, one line per approximate metric with its bound. */
export function approximateLines(doc: ReportDocument): string[] {
  return (doc.approximate ?? []).map((a) => `approximate: ${a.metric}${a.bound === null ? ' (no bound from the grid alone)' : ` within ${a.bound.toExponential(2)} of the rows' value`}: ${a.why}.`);
}

/** What the estimators beyond binned ECE settled on, in one line. */
/** With --diagram corp: the CORP decomposition in one line. */
export function corpNote(doc: ReportDocument): string | undefined {
  const c = doc.corp;
  if (!c) return undefined;
  const quantity = doc.view === 'positive' ? 'P(y=1)' : 'top-label confidence';
  return `CORP (${quantity}, PAV fit in ${c.blocks.length} step${c.blocks.length === 1 ? '' : 's'}): score ${fixed(c.score)} = `
    + `MCB ${fixed(c.mcb)} - DSC ${fixed(c.dsc)} + UNC ${fixed(c.unc)} (miscalibration, discrimination, uncertainty).`;
}

export function estimatorNote(doc: ReportDocument): string {
  const d = doc.details;
  const squared = d.ece_debiased_squared === 0 ? '0' : d.ece_debiased_squared.toExponential(2);
  return `smooth ECE bandwidth sigma = ${fixed(d.smece_sigma)}; ECE sweep settled on ${d.ece_sweep_bins} equal-mass bin${d.ece_sweep_bins === 1 ? '' : 's'}; ` +
    `debiased squared L2 error = ${squared}${d.ece_debiased_squared < 0 ? ' (< 0: no miscalibration detectable at this N)' : ''}.`;
}

export function calibrationTestLines(doc: ReportDocument): string[] {
  const t = doc.calibration_tests;
  if (!t) return [];
  const p = (value: number): string => (value < 1e-4 ? value.toExponential(1) : value.toFixed(4));
  const lines = [`Spiegelhalter Z       z = ${fixed(t.spiegelhalter.z, 3)}, p = ${p(t.spiegelhalter.p_value)}`];
  if (t.hosmer_lemeshow) {
    lines.push(`Hosmer-Lemeshow       C = ${fixed(t.hosmer_lemeshow.statistic, 3)} on ${t.hosmer_lemeshow.df} df, p = ${p(t.hosmer_lemeshow.p_value)}`);
  }
  lines.push(`consistency resampling ECE = ${fixed(t.consistency.ece)} (${doc.config.bins} equal-width bins), p = ${p(t.consistency.p_value)} over ${t.consistency.resamples} resamples (seed ${t.consistency.seed})`);
  return lines;
}

export function describeInput(doc: ReportDocument): string {
  const kind = doc.kind === 'logits' ? 'logits' : 'probabilities';
  const view = doc.view === 'positive' ? 'binary, positive-class view' : doc.classes === 2 && doc.config.brier === 'binary' ? 'binary, top-label view' : 'top-label view';
  return `${count(doc.rows)} rows · ${doc.classes} classes · ${kind} (${doc.kind_detection.how === 'auto' ? 'detected' : 'forced'}: ${doc.kind_detection.reason}) · ${view}`;
}

export function describeBinning(doc: ReportDocument): string {
  const { bins, binning, bin_edges: edges } = doc.config;
  return binning === 'mass'
    ? `${bins} equal-mass bins`
    : `${bins} equal-width bins, ${edges === 'right' ? 'right-closed (lo, hi]' : 'left-closed [lo, hi)'}`;
}

function renderSummary(doc: ReportDocument, c: ChalkInstance): string {
  const level = doc.bootstrap ? `${Math.round(doc.bootstrap.confidence * 1000) / 10}% interval` : undefined;
  const head = level ? ['metric', 'value', level, 'meaning'] : ['metric', 'value', 'meaning'];
  const table = new Table({ ...PLAIN_TABLE, head: head.map((h) => c.dim(h)) });
  for (const name of METRIC_NAMES) {
    const [label, value, meaning] = summaryRow(doc, name, c);
    const interval = doc.intervals?.[name];
    table.push(level ? [label!, value!, interval ? intervalText(interval, METRIC_LABELS_SIGNED.has(name)) : '', meaning!] : [label!, value!, meaning!]);
  }
  return table.toString();
}

function summaryRow(doc: ReportDocument, name: MetricName, c: ChalkInstance): string[] {
  const label = labelFor(name, doc.view);
  const value = doc.metrics[name];
  let text = label.signed ? signed(value) : fixed(value);
  if (name === 'overconfidence_gap' && Math.abs(value) >= 0.01) text = value > 0 ? c.red(text) : c.blue(text);
  const meaning = name === 'brier' && doc.config.brier === 'binary' ? 'binary Brier score, mean (q - y)^2 (lower is better)' : label.meaning;
  return [label.label, text, c.dim(meaning)];
}

const METRIC_LABELS_SIGNED = new Set<MetricName>(['overconfidence_gap']);

export function intervalText(interval: { lower: number; upper: number }, withSign = false): string {
  const f = withSign ? signed : fixed;
  return `[${f(interval.lower)}, ${f(interval.upper)}]`;
}

const BAR_HALF = 10;

/**
 * The terminal's reliability table has an interval column with --bootstrap only: it would take
 * the table past 80 columns. The intervals are always in the JSON, Markdown, HTML and diagrams.
 */
function terminalIntervals(doc: ReportDocument): boolean {
  return doc.bin_intervals !== undefined && doc.bootstrap !== undefined;
}

function renderBins(doc: ReportDocument, c: ChalkInstance): string {
  const accuracyHead = doc.view === 'positive' ? 'pos. rate' : 'accuracy';
  const confidenceHead = doc.view === 'positive' ? 'mean P(y=1)' : 'confidence';
  const table = new Table({
    ...PLAIN_TABLE,
    head: ['bin', 'count', 'share', confidenceHead, accuracyHead, ...(terminalIntervals(doc) ? [`${doc.bin_intervals!.method} interval`] : []), 'gap', 'ECE part', `${'under'.padStart(BAR_HALF)}|${'over'.padEnd(BAR_HALF)}`].map((h) => c.dim(h)),
    colAligns: ['left', 'right', 'right', 'right', 'right', ...(terminalIntervals(doc) ? ['right' as const] : []), 'right', 'right', 'left'],
  });
  const edges = doc.config.binning === 'mass' ? 'mass' : doc.config.bin_edges;
  const labels = binRanges(doc.bins, edges);
  const scale = Math.max(0.1, ...doc.bins.map((b) => Math.abs(b.gap ?? 0)));
  doc.bins.forEach((bin, index) => {
    const contribution = bin.gap === null ? null : (bin.count / doc.rows) * Math.abs(bin.gap);
    const row = [
      labels[index]!,
      count(bin.count),
      percent(bin.count / doc.rows),
      fixed(bin.mean_confidence),
      fixed(bin.accuracy),
      ...(terminalIntervals(doc) && doc.bin_intervals ? [doc.bin_intervals.intervals[index] ? intervalText(doc.bin_intervals.intervals[index]!) : '–'] : []),
      signed(bin.gap),
      fixed(contribution),
      gapBar(bin, scale, c),
    ];
    table.push(bin.count === 0 ? row.map((cell) => c.dim(cell)) : row);
  });
  return table.toString();
}

/**
 * A diverging bar of the bin's gap: to the right of the axis when confidence exceeds accuracy
 * (overconfident), to the left when it falls short. Readable without colour; red/blue with it.
 * The scale is the largest gap in the table (at least 0.1), so small gaps stay small.
 */
export function gapBar(bin: ReliabilityBin, scale: number, c: ChalkInstance): string {
  const empty = ' '.repeat(BAR_HALF);
  if (bin.gap === null) return `${empty}|${empty}`;
  const eighths = Math.round((Math.abs(bin.gap) / scale) * BAR_HALF * 8);
  const bar = blocks(eighths);
  if (bin.gap > 0) return `${empty}|${c.red(bar)}${' '.repeat(BAR_HALF - [...bar].length)}`;
  if (bin.gap < 0) return `${' '.repeat(BAR_HALF - [...bar].length)}${c.blue(bar)}|${empty}`;
  return `${empty}|${empty}`;
}

function blocks(eighths: number): string {
  const partials = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
  const full = Math.min(BAR_HALF, Math.floor(eighths / 8));
  const rest = full === BAR_HALF ? '' : partials[eighths % 8]!;
  return '█'.repeat(full) + rest;
}
