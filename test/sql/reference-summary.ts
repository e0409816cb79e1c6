/**
 * Test-only: the summary long table (docs/summary-format.md) of predictions, computed in
 * JavaScript with calib's own row kernel (src/metrics/row-stats.ts) and bins
 * (src/metrics/binning.ts binIndex), with a weight per row. The SQL tests compare the queries
 * with calib's summary builder (`builderRows` in engines.ts); this reference remains only for
 * what the builder cannot produce: the bootstrap replicates' weighted tables. It is checked
 * against the builder at weight 1 (test/sql/replicates.test.ts).
 */
import type { BinEdges, BinaryView } from '../../src/core/config.js';
import { logFloorOf, type Predictions } from '../../src/core/predictions.js';
import { binIndex } from '../../src/metrics/binning.js';
import { ClasswiseFold, emptyRowStats, RowKernel } from '../../src/metrics/row-stats.js';

export interface SummaryRow {
  /** Slice values by column name. */
  readonly slices: Readonly<Record<string, string>>;
  readonly part: 'total' | 'top' | 'class';
  readonly class: number | null;
  readonly bin: number | null;
  readonly n: number;
  readonly sum_conf: number | null;
  readonly sum_outcome: number | null;
  readonly sum_conf2: number | null;
  readonly sum_conf_outcome: number | null;
  readonly sum_correct: number | null;
  readonly sum_top_conf: number | null;
  readonly sum_nll: number | null;
  readonly sum_brier: number | null;
  readonly sum_entropy: number | null;
  readonly floor_hits: number | null;
  readonly label_count: number | null;
}

/** The fine bin of the summary grid: -1 for an exact 0, G for an exact 1, else binIndex at G bins. */
export function fineBin(c: number, grid: number, edges: BinEdges): number {
  if (c === 0) return -1;
  if (c === 1) return grid;
  return binIndex(c, grid, edges);
}

export interface ReferenceOptions {
  readonly grid: number;
  /** The class part's grid (`part = class` rows). */
  readonly classGrid: number;
  readonly edges: BinEdges;
  readonly binaryView: BinaryView;
  /** Slice columns and each row's values (text, '' for missing). */
  readonly slices?: { readonly columns: readonly string[]; readonly values: readonly (readonly string[])[] };
  /** Each row's weight (a bootstrap replicate's): every count and sum weighted by it; rows of weight 0 add nothing. */
  readonly weights?: ArrayLike<number>;
}

interface Cell {
  n: number; conf: number; outcome: number; conf2: number; confOutcome: number;
  correct: number; topConf: number; nll: number; brier: number; entropy: number; floorHits: number; labels: number;
}

const emptyCell = (): Cell => ({ n: 0, conf: 0, outcome: 0, conf2: 0, confOutcome: 0, correct: 0, topConf: 0, nll: 0, brier: 0, entropy: 0, floorHits: 0, labels: 0 });

/** The long table of `preds`, one entry per non-empty cell, in no particular order. */
export function referenceRows(preds: Predictions, options: ReferenceOptions): SummaryRow[] {
  const { classes: k, rows: n } = preds;
  const stats = emptyRowStats(n);
  const kernel = new RowKernel(k, new ClasswiseFold(k, 1), options.edges);
  const probabilities = new Float64Array(n * k);
  const positiveView = preds.binary && options.binaryView === 'positive';
  for (let i = 0; i < n; i++) {
    const y = preds.labels[i]!;
    if (preds.probabilities && preds.binary) kernel.scanGivenPair(preds.probabilities, i, y, stats, i, positiveView, preds.givenClass, logFloorOf(preds), probabilities);
    else if (preds.probabilities) kernel.scanGiven(preds.probabilities, i, preds.scores, y, stats, i, positiveView, probabilities);
    else kernel.scan(preds.scores, i * k, y, 1, stats, i, preds.binary, positiveView, probabilities);
  }
  const cells = new Map<string, { slices: string[]; part: SummaryRow['part']; cls: number | null; bin: number | null; cell: Cell }>();
  const at = (slices: string[], part: SummaryRow['part'], cls: number | null, bin: number | null): Cell => {
    const key = JSON.stringify([slices, part, cls, bin]);
    let entry = cells.get(key);
    if (!entry) cells.set(key, entry = { slices, part, cls, bin, cell: emptyCell() });
    return entry.cell;
  };
  for (let i = 0; i < n; i++) {
    const w = options.weights ? options.weights[i]! : 1;
    if (w === 0) continue;
    const slices = options.slices ? [...options.slices.values[i]!] : [];
    const y = preds.labels[i]!;
    const v = stats.confidence[i]!;
    const o = stats.outcome[i]!;
    let top = 0;
    for (let j = 0; j < k; j++) top = Math.max(top, probabilities[i * k + j]!);
    const total = at(slices, 'total', null, null);
    total.n += w; total.conf += w * v; total.outcome += w * o; total.conf2 += w * v * v; total.confOutcome += w * v * o;
    total.correct += w * stats.correct[i]!; total.topConf += w * top; total.nll += w * stats.nll[i]!; total.brier += w * stats.brier[i]!;
    total.entropy += w * stats.entropy[i]!;
    if (preds.kind === 'probs' && (preds.binary ? (preds.probabilities![i] === (y === 1 ? 0 : 1)) : preds.probabilities![i * k + y] === 0)) total.floorHits += w;
    const topCell = at(slices, 'top', null, fineBin(v, options.grid, options.edges));
    topCell.n += w; topCell.conf += w * v; topCell.outcome += w * o; topCell.conf2 += w * v * v; topCell.confOutcome += w * v * o;
    for (let j = 0; j < k; j++) {
      const p = probabilities[i * k + j]!;
      const hit = y === j ? 1 : 0;
      const cell = at(slices, 'class', j, fineBin(p, options.classGrid, options.edges));
      cell.n += w; cell.conf += w * p; cell.outcome += w * hit; cell.conf2 += w * p * p; cell.confOutcome += w * p * hit;
    }
    at(slices, 'class', y, null).labels += w;
  }
  const columns = options.slices?.columns ?? [];
  return [...cells.values()].map(({ slices, part, cls, bin, cell }) => {
    const named = Object.fromEntries(columns.map((c, i) => [c, slices[i]!]));
    const base = { slices: named, part, class: cls, bin };
    const none = { sum_correct: null, sum_top_conf: null, sum_nll: null, sum_brier: null, sum_entropy: null, floor_hits: null };
    if (part === 'class' && bin === null) {
      return { ...base, n: cell.labels, sum_conf: null, sum_outcome: null, sum_conf2: null, sum_conf_outcome: null, ...none, label_count: cell.labels };
    }
    const sums = { n: cell.n, sum_conf: cell.conf, sum_outcome: cell.outcome, sum_conf2: cell.conf2, sum_conf_outcome: cell.confOutcome };
    if (part === 'total') {
      return { ...base, ...sums, sum_correct: cell.correct, sum_top_conf: cell.topConf, sum_nll: cell.nll, sum_brier: cell.brier,
        sum_entropy: cell.entropy, floor_hits: cell.floorHits, label_count: null };
    }
    return { ...base, ...sums, ...none, label_count: null };
  });
}

/** A row's identity in the table: slices, part, class, bin. */
export const rowKey = (row: Pick<SummaryRow, 'slices' | 'part' | 'class' | 'bin'>): string =>
  JSON.stringify([Object.values(row.slices), row.part, row.class, row.bin]);

const NUMERIC = ['n', 'sum_conf', 'sum_outcome', 'sum_conf2', 'sum_conf_outcome', 'sum_correct', 'sum_top_conf', 'sum_nll',
  'sum_brier', 'sum_entropy', 'floor_hits', 'label_count'] as const;
const COUNTS = new Set(['n', 'floor_hits', 'label_count', 'sum_outcome', 'sum_correct']);

/**
 * Differences between an engine's table and the reference: the same rows (by key), counts equal,
 * sums within `relative` of each other (or `absolute`, for sums of values near 0), nulls in the
 * same places. An empty list means they agree.
 */
export function compareTables(actual: readonly SummaryRow[], expected: readonly SummaryRow[], relative = 1e-12, absolute = 1e-280): string[] {
  const problems: string[] = [];
  const byKey = new Map(actual.map((r) => [rowKey(r), r]));
  if (byKey.size !== actual.length) problems.push('the engine gave a key twice');
  for (const want of expected) {
    const key = rowKey(want);
    const got = byKey.get(key);
    if (!got) { problems.push(`missing row ${key}`); continue; }
    byKey.delete(key);
    for (const column of NUMERIC) {
      const a = got[column];
      const b = want[column];
      if (a === null || b === null) {
        if (a !== b) problems.push(`${key} ${column}: ${a} != ${b}`);
        continue;
      }
      const ok = COUNTS.has(column) ? a === b : Math.abs(a - b) <= Math.max(relative * Math.abs(b), absolute);
      if (!ok) problems.push(`${key} ${column}: ${a} != ${b}`);
    }
  }
  for (const key of byKey.keys()) problems.push(`extra row ${key}`);
  return problems;
}
