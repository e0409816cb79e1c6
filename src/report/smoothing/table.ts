import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { count, fixed } from '../format.js';
import { PLAIN_TABLE, trimLines } from '../report/table.js';
import type { SmoothingDocument } from './document.js';

const SPARK = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** A one-line histogram of the model's logit gaps. */
export function gapSparkline(doc: SmoothingDocument): string {
  const bins = doc.model_gap.histogram;
  if (bins.length === 0) return '';
  const most = Math.max(...bins.map((b) => b.count));
  const bars = bins.map((b) => (b.count === 0 ? ' ' : SPARK[Math.min(7, Math.floor((b.count / most) * 7.999))]!)).join('');
  return `${fixed(bins[0]!.lower, 2)} ${bars} ${fixed(bins[bins.length - 1]!.upper, 2)}`;
}

/** The plain-words lines above the table: what the model's logits look like now. */
export function smoothingSummaryLines(doc: SmoothingDocument): Array<[string, string, string]> {
  const q = doc.model_gap.quantiles.map((x) => `${Math.round(x.level * 100)}% ${fixed(x.value, 2)}`).join(' · ');
  const small = doc.implied_alpha !== 0 && doc.implied_alpha < 1e-4;
  const implied = (small ? doc.implied_alpha.toExponential(2) : fixed(doc.implied_alpha)) + (doc.implied_alpha_boundary === 'zero' ? ' (at 0)' : '');
  return [
    ['model logit gap', `mean ${fixed(doc.model_gap.mean, 3)}, median ${fixed(doc.model_gap.median, 3)}`, 'how far the top logit sits above the mean of the others, per row'],
    ['', q, 'quantiles of the gap'],
    ['', gapSparkline(doc), 'histogram of the gap'],
    ['entropy', fixed(doc.entropy), 'mean entropy of the predictions (nats): 0 is certainty'],
    ['implied smoothing', implied, 'the a whose smoothed targets these predictions match best (least mean KL)'],
  ];
}

export function renderSmoothingTable(doc: SmoothingDocument, colorLevel: 0 | 1 | 2 | 3): string {
  const c = new Chalk({ level: colorLevel });
  const out: string[] = [];
  out.push(c.bold(`calib smoothing  ${doc.file}`));
  out.push(`${count(doc.rows)} rows · ${doc.classes} classes · ${doc.kind === 'logits' ? 'logits' : 'log-probabilities'} · prior: ${doc.prior}`);
  out.push(c.dim(`Targets: ${doc.convention}.`));
  out.push('');
  const summary = new Table({ ...PLAIN_TABLE });
  for (const [label, value, meaning] of smoothingSummaryLines(doc)) summary.push([label, value, c.dim(meaning)]);
  out.push(summary.toString());
  out.push('');
  const table = new Table({
    ...PLAIN_TABLE,
    head: ['alpha', 'smoothed CE', 'KL to target', 'target gap', 'what-if T', 'CE at T'].map((h) => c.dim(h)),
    colAligns: ['right', 'right', 'right', 'right', 'right', 'right'],
  });
  for (const row of doc.alphas) {
    table.push([
      fixed(row.alpha, 3), fixed(row.smoothed_ce), fixed(row.kl),
      row.target_gap === null ? (doc.prior === 'uniform' ? 'inf' : '–') : fixed(row.target_gap, 3),
      row.temperature_boundary === 'none' ? row.temperature.toPrecision(4) : `${row.temperature.toPrecision(3)} (bound)`,
      fixed(row.smoothed_ce_at_temperature),
    ]);
  }
  out.push(table.toString());
  out.push('');
  out.push(...smoothingLegend(doc).map((line) => c.dim(line)));
  for (const w of doc.warnings) out.push(`warning: ${w}`);
  return trimLines(out.join('\n')) + '\n';
}

export function smoothingLegend(doc: SmoothingDocument): string[] {
  const lines = [
    'smoothed CE: the loss these predictions would have against smoothed targets.',
    'KL to target: how far the predictions are from those targets (0 = exactly the targets).',
    'target gap: the logit gap g* = log((1 - a + a/K) / (a/K)) at which softmax gives the smoothed target;',
    '  compare it with the model logit gap above (a larger model gap means more confident than smoothing allows).',
    'what-if T: the temperature that would minimise the smoothed CE, and the CE it reaches.',
  ];
  if (doc.prior !== 'uniform') lines.splice(2, 2, 'target gap: defined for the uniform prior only, so not shown here.');
  return lines;
}
