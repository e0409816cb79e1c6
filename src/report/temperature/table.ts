import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import { METRIC_LABELS } from '../metric-labels.js';
import { METRIC_NAMES, type MetricName } from '../../metrics/types.js';
import { binRange, count, fixed, signed } from '../format.js';
import { PLAIN_TABLE, trimLines } from '../report/table.js';
import { describeEvaluation, type TemperatureDocument } from './document.js';

/** Metrics whose improvement is a decrease; the rest get no judgement colour. */
const LOWER_IS_BETTER = new Set<MetricName>(METRIC_NAMES.filter((m) => METRIC_LABELS[m].lowerIsBetter === true));

export function describeFit(doc: TemperatureDocument): string {
  const f = doc.fit;
  const status = f.boundary === 'zero' ? 'hit the lower bound (T -> 0: the fit rows are separable)'
    : f.boundary === 'infinity' ? 'hit the upper bound (T -> infinity: no better than uniform)'
      : f.converged ? `converged in ${f.iterations} passes` : `did NOT converge in ${f.iterations} passes`;
  return `T = ${doc.temperature.toPrecision(6)}, fitted on ${f.file} (${count(f.rows)} rows): NLL ${fixed(f.nll_at_1)} at T = 1 -> ${fixed(f.nll)}; ${status}.`;
}

export function temperatureVerdict(doc: TemperatureDocument): string {
  const t = doc.temperature;
  if (doc.fit.boundary !== 'none') return '';
  if (t > 1.05) return `T > 1: the model is overconfident; dividing its logits by ${t.toFixed(3)} softens them.`;
  if (t < 0.95) return `T < 1: the model is underconfident; dividing its logits by ${t.toFixed(3)} sharpens them.`;
  return 'T is close to 1: the model is already about as calibrated as one temperature can make it.';
}

/** `calib temperature`'s human output: the fit, before/after metrics, before/after reliability. */
export function renderTemperatureTable(doc: TemperatureDocument, colorLevel: 0 | 1 | 2 | 3): string {
  const c = new Chalk({ level: colorLevel });
  const out: string[] = [];
  out.push(c.bold(`calib temperature  ${doc.fit.file}`));
  out.push(describeFit(doc));
  const verdict = temperatureVerdict(doc);
  if (verdict) out.push(verdict);
  out.push(describeEvaluation(doc));
  out.push('');
  out.push(renderMetrics(doc, c));
  out.push('');
  out.push(c.bold(`Reliability before and after (${doc.config.bins} ${doc.config.binning === 'mass' ? 'equal-mass' : 'equal-width'} bins)`));
  out.push(renderBins(doc, c));
  if (doc.written) {
    out.push('');
    out.push(`Calibrated probabilities of ${doc.written.source} (${count(doc.written.rows)} rows) written to ${doc.written.file}.`);
  }
  return trimLines(out.join('\n')) + '\n';
}

function renderMetrics(doc: TemperatureDocument, c: ChalkInstance): string {
  const table = new Table({ ...PLAIN_TABLE, head: ['metric', 'before', 'after', 'change'].map((h) => c.dim(h)), colAligns: ['left', 'right', 'right', 'right'] });
  for (const name of METRIC_NAMES) {
    const before = doc.before.metrics[name];
    const after = doc.after.metrics[name];
    const label = METRIC_LABELS[name];
    const format = label.signed ? signed : fixed;
    let change = signed(after - before);
    if (LOWER_IS_BETTER.has(name) && Math.abs(after - before) > 1e-12) change = after < before ? c.green(change) : c.red(change);
    table.push([label.label, format(before), format(after), change]);
  }
  return table.toString();
}

function renderBins(doc: TemperatureDocument, c: ChalkInstance): string {
  const table = new Table({
    ...PLAIN_TABLE,
    head: ['bin', 'n before', 'conf', 'acc', 'gap', 'n after', 'conf', 'acc', 'gap'].map((h) => c.dim(h)),
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  });
  const edges = doc.config.binning === 'mass' ? 'mass' : doc.config.bin_edges;
  doc.before.bins.forEach((before, m) => {
    const after = doc.after.bins[m]!;
    const range = doc.config.binning === 'mass' ? `#${m + 1}` : binRange(before.lower, before.upper, edges, m === doc.before.bins.length - 1);
    table.push([
      range,
      count(before.count), fixed(before.mean_confidence), fixed(before.accuracy), colorGap(before.gap, c),
      count(after.count), fixed(after.mean_confidence), fixed(after.accuracy), colorGap(after.gap, c),
    ]);
  });
  return table.toString();
}

function colorGap(gap: number | null, c: ChalkInstance): string {
  const text = signed(gap);
  if (gap === null || Math.abs(gap) < 0.02) return text;
  return gap > 0 ? c.red(text) : c.blue(text);
}
