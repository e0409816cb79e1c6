import type { MetricConfig } from '../core/config.js';
import { CalibError } from '../core/errors.js';
import { toReliabilityBins, type BinTotals } from '../metrics/binning.js';
import { expectedCalibrationError, maximumCalibrationError, rootMeanSquareCalibrationError } from '../metrics/calibration-error.js';
import { debiasedFromBins } from '../metrics/estimators/debiased-ece.js';
import { kernelGridSize } from '../metrics/estimators/reflected-gaussian.js';
import { smoothEceFromGrid } from '../metrics/estimators/smooth-ece.js';
import { classwiseCalibrationError } from '../metrics/row-stats.js';
import type { EstimatorDetails, MetricName, MetricValues, ReliabilityBin } from '../metrics/types.js';
import { cellsPerClass, type BinSums, type SliceSums, type SummaryHeader } from './types.js';

/** A metric computed from a summary that is not the row-based value: with its bound, when the grid gives one. */
export interface ApproximateMetric {
  readonly metric: MetricName | 'bins';
  /** |summary value - row-based value| is at most this (null: no bound the grid alone implies; see `why`). */
  readonly bound: number | null;
  readonly why: string;
}

export interface SummaryEvaluation {
  readonly metrics: MetricValues;
  readonly details: EstimatorDetails;
  readonly bins: ReliabilityBin[];
  /** Every metric (and the reliability table, `bins`) that is approximate, with its bound. */
  readonly approximate: ApproximateMetric[];
}

/** The bin counts M that divide G nearest to `bins` (below and above), for the message of a bin count that does not. */
export function nearestDivisors(grid: number, bins: number): number[] {
  const out: number[] = [];
  for (let m = Math.min(bins, grid); m >= 1; m--) if (grid % m === 0) { out.push(m); break; }
  for (let m = bins + 1; m <= grid; m++) if (grid % m === 0) { out.push(m); break; }
  return out;
}

/** Equal-width bins at M from fine bins need M to divide G; otherwise a usage error naming the nearest divisors. */
export function checkBinsDivide(grid: number, bins: number): void {
  if (grid % bins === 0) return;
  const near = nearestDivisors(grid, bins);
  throw new CalibError('usage', `--bins ${bins} does not divide the summary's grid of ${grid} fine bins, so its bins are not unions of fine bins.`,
    undefined, `Use ${near.map((m) => `--bins ${m}`).join(' or ')} (bin counts that divide ${grid}), or summarize again with a --grid that --bins ${bins} divides.`);
}

/**
 * Classwise ECE's bins at M from the class part need M to divide the class grid C; otherwise a
 * usage error naming the nearest divisors (classwise ECE is exact or refused, never approximate).
 */
export function checkClassBinsDivide(classGrid: number, bins: number): void {
  if (classGrid % bins === 0) return;
  const near = nearestDivisors(classGrid, bins);
  throw new CalibError('usage', `--bins ${bins} does not divide the summary's class grid of ${classGrid} fine bins, so classwise ECE's bins are not unions of them.`,
    undefined, `Use ${near.map((m) => `--bins ${m}`).join(' or ')} (bin counts that divide ${classGrid}), or summarize again with a --class-grid that --bins ${bins} divides.`);
}

/**
 * Equal-width totals at M bins from the fine bins of class `cls` (0 for the top part): coarse bin m
 * is fine bins `m r .. (m + 1) r - 1`, `r = G / M`, with the exact 0 in bin 0 and the exact 1 in
 * bin M - 1 (docs/summary-format.md, "The grid").
 */
export function coarseTotals(sums: BinSums, grid: number, bins: number, cls = 0): BinTotals {
  const r = grid / bins;
  const base = cls * cellsPerClass(grid);
  const end = base + cellsPerClass(grid);
  const totals: BinTotals = {
    count: new Float64Array(bins), confidenceSum: new Float64Array(bins), outcomeSum: new Float64Array(bins),
    lower: new Float64Array(bins), upper: new Float64Array(bins),
  };
  for (let m = 0; m < bins; m++) { totals.lower[m] = m / bins; totals.upper[m] = (m + 1) / bins; }
  for (let e = 0; e < sums.cells.length; e++) {
    const at = sums.cells[e]!;
    if (at < base || at >= end) continue;
    const cell = at - base;
    const m = cell === 0 ? 0 : cell === grid + 1 ? bins - 1 : Math.floor((cell - 1) / r);
    totals.count[m]! += sums.n[e]!;
    totals.confidenceSum[m]! += sums.conf[e]!;
    totals.outcomeSum[m]! += sums.outcome[e]!;
  }
  return totals;
}

/** The fine cells with rows, in confidence order, as prefix sums (row counts, outcomes, confidences). */
interface SortedCells {
  readonly count: Float64Array;
  readonly outcome: Float64Array;
  readonly confidence: Float64Array;
  /** Cumulative counts: cell i holds the sorted rows cum[i] .. cum[i + 1] - 1. */
  readonly cum: Float64Array;
  readonly rows: number;
}

function sortedCells(sums: BinSums): SortedCells {
  const count: number[] = [];
  const outcome: number[] = [];
  const confidence: number[] = [];
  for (let e = 0; e < sums.cells.length; e++) {
    count.push(sums.n[e]!); outcome.push(sums.outcome[e]!); confidence.push(sums.conf[e]!);
  }
  const cum = new Float64Array(count.length + 1);
  for (let i = 0; i < count.length; i++) cum[i + 1] = cum[i]! + count[i]!;
  return { count: Float64Array.from(count), outcome: Float64Array.from(outcome), confidence: Float64Array.from(confidence), cum, rows: cum[count.length]! };
}

/** The cell holding sorted row k (0 <= k < rows): the last i with cum[i] <= k. */
function cellOf(cells: SortedCells, k: number): number {
  let lo = 0;
  let hi = cells.count.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (cells.cum[mid]! <= k) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Outcome and confidence sums of the first k sorted rows, a cell's rows taken as exchangeable
 * (a fraction of a cell carries that fraction of its sums).
 */
function prefix(cells: SortedCells, k: number, outcomes: Float64Array, confidences: Float64Array): { outcome: number; confidence: number } {
  if (k <= 0) return { outcome: 0, confidence: 0 };
  if (k >= cells.rows) return { outcome: outcomes[cells.count.length]!, confidence: confidences[cells.count.length]! };
  const i = cellOf(cells, k);
  const part = (k - cells.cum[i]!) / cells.count[i]!;
  return { outcome: outcomes[i]! + part * cells.outcome[i]!, confidence: confidences[i]! + part * cells.confidence[i]! };
}

function cumulative(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length + 1);
  for (let i = 0; i < values.length; i++) out[i + 1] = out[i]! + values[i]!;
  return out;
}

/** Rows of the cells that a boundary (a sorted position) falls strictly inside: the rows whose group is not known. */
function splitRows(cells: SortedCells, boundaries: readonly number[]): number {
  const split = new Set<number>();
  for (const k of boundaries) {
    if (k <= 0 || k >= cells.rows) continue;
    const i = cellOf(cells, k);
    if (cells.cum[i]! < k) split.add(i);
  }
  let rows = 0;
  for (const i of split) rows += cells.count[i]!;
  return rows;
}

/**
 * Equal-mass bins (numpy's array_split sizes) over the fine cells, a cell split between groups by
 * fractions. Approximate: rows of one fine bin are told apart only by the bin, so the ACE from
 * these groups is within `1/G + 2 s / N` of the row-based one, s the rows of the cells a group
 * boundary splits (each row's confidence moves by less than 1/G, and a split cell's rows may belong
 * to either neighbour, each changing two groups' outcome sums by at most 1).
 */
function equalMassFromCells(cells: SortedCells, bins: number, grid: number): { totals: BinTotals; bound: number } {
  const n = cells.rows;
  const base = Math.floor(n / bins);
  const extra = n % bins;
  const outcomes = cumulative(cells.outcome);
  const confidences = cumulative(cells.confidence);
  const totals: BinTotals = {
    count: new Float64Array(bins), confidenceSum: new Float64Array(bins), outcomeSum: new Float64Array(bins),
    lower: new Float64Array(bins), upper: new Float64Array(bins),
  };
  const boundaries: number[] = [];
  let start = 0;
  let lastUpper = 0;
  for (let m = 0; m < bins; m++) {
    const size = base + (m < extra ? 1 : 0);
    if (size === 0) { totals.lower[m] = lastUpper; totals.upper[m] = lastUpper; continue; }
    const a = prefix(cells, start, outcomes, confidences);
    const b = prefix(cells, start + size, outcomes, confidences);
    totals.count[m] = size;
    totals.outcomeSum[m] = b.outcome - a.outcome;
    totals.confidenceSum[m] = b.confidence - a.confidence;
    const first = cellOf(cells, start);
    const last = cellOf(cells, start + size - 1);
    totals.lower[m] = cells.confidence[first]! / cells.count[first]!;
    totals.upper[m] = lastUpper = cells.confidence[last]! / cells.count[last]!;
    start += size;
    boundaries.push(start);
  }
  return { totals, bound: Math.min(1, 1 / grid + (2 * splitRows(cells, boundaries)) / n) };
}

/** The ECE sweep (Roelofs et al. 2022, estimators/ece-sweep.ts) over the fine cells, sizes and rules as there. */
function eceSweepFromCells(cells: SortedCells, grid: number): { ece: number; bins: number; bound: number } {
  const n = cells.rows;
  const outcomes = cumulative(cells.outcome);
  const confidences = cumulative(cells.confidence);
  const at = (k: number): { outcome: number; confidence: number } => prefix(cells, k, outcomes, confidences);
  // Outcomes sorted (every negative before every positive): each cell is all 0 or all 1, ascending.
  let sorted = true;
  let seenPositive = false;
  for (let i = 0; i < cells.count.length; i++) {
    const o = cells.outcome[i]!;
    if (o !== 0 && o !== cells.count[i]!) { sorted = false; break; }
    if (o > 0) seenPositive = true;
    else if (seenPositive) { sorted = false; break; }
  }
  const starts = (b: number): number[] => {
    const out: number[] = [0];
    for (let j = 1; j < b; j++) out.push(binStart(j, b, n));
    out.push(n);
    return out;
  };
  const monotone = (b: number): boolean => {
    const edges = starts(b);
    let last = -Infinity;
    for (let j = 0; j < b; j++) {
      const mean = (at(edges[j + 1]!).outcome - at(edges[j]!).outcome) / (edges[j + 1]! - edges[j]!);
      if (mean < last) return false;
      last = mean;
    }
    return true;
  };
  let bins = 1;
  if (sorted) bins = Math.max(1, n - 1);
  else for (let b = 2; b < n; b++) { if (!monotone(b)) break; bins = b; }
  const edges = starts(bins);
  let total = 0;
  for (let j = 0; j < bins; j++) {
    const a = at(edges[j]!);
    const b = at(edges[j + 1]!);
    const size = edges[j + 1]! - edges[j]!;
    total += size * Math.abs((b.outcome - a.outcome) / size - (b.confidence - a.confidence) / size);
  }
  return { ece: total / n, bins, bound: Math.min(1, 1 / grid + (2 * splitRows(cells, edges)) / n) };
}

/** ece-sweep.ts's `binStart`: the least k with floor((k / n) * b) >= j. */
function binStart(j: number, b: number, n: number): number {
  let k = Math.ceil((j * n) / b);
  while (k > 0 && Math.floor(((k - 1) / n) * b) >= j) k--;
  while (k < n && Math.floor((k / n) * b) < j) k++;
  return k;
}

/**
 * The kernel grid of smooth ECE from the fine cells (estimators/reflected-gaussian.ts
 * `spreadOnGrid`). A row at f adds `1 - frac` to node `floor(f (n - 1))` and `frac` to the next,
 * linear in f within a grid cell, so a fine bin that lies within one grid cell adds exactly what
 * its rows would, from its sums: with s = sum f, o = sum y, s2 = sum f^2, so = sum f y and node j,
 *   mass[j] += N_b (1 + j) - (n - 1) s,            mass[j + 1] += (n - 1) s - N_b j,
 *   residual[j] += (1 + j)(s - o) - (n - 1)(s2 - so), residual[j + 1] += (n - 1)(s2 - so) - j (s - o).
 * A fine bin across a node is spread at its mean confidence: its rows are the approximate ones.
 */
function spreadCells(sums: BinSums, grid: number, n: number): { residual: Float64Array; mass: Float64Array; straddling: number } {
  const residual = new Float64Array(n);
  const mass = new Float64Array(n);
  const scale = n - 1;
  let straddling = 0;
  for (let e = 0; e < sums.cells.length; e++) {
    const cell = sums.cells[e]!;
    const count = sums.n[e]!;
    const s = sums.conf[e]!;
    const o = sums.outcome[e]!;
    const lo = cell === 0 ? 0 : cell === grid + 1 ? 1 : (cell - 1) / grid;
    const hi = cell === 0 ? 0 : cell === grid + 1 ? 1 : cell / grid;
    const node = Math.min(Math.max(Math.trunc(lo * scale), 0), n - 2);
    if (hi * scale <= node + 1) {
      const q = sums.conf2[e]! - sums.confOutcome[e]!;
      mass[node]! += count * (1 + node) - scale * s;
      mass[node + 1]! += scale * s - count * node;
      residual[node]! += (1 + node) * (s - o) - scale * q;
      residual[node + 1]! += scale * q - node * (s - o);
      continue;
    }
    straddling += count;
    const f = s / count;
    const pos = f * scale;
    const at = Math.min(Math.max(Math.trunc(pos), 0), n - 2);
    const frac = pos - at;
    residual[at]! += (1 - frac) * (s - o);
    residual[at + 1]! += frac * (s - o);
    mass[at]! += (1 - frac) * count;
    mass[at + 1]! += frac * count;
  }
  return { residual, mass, straddling };
}

/**
 * Every metric of `calib report` from one slice of a summary (or the merge of all), with the
 * conventions of `config` (`bins` must divide the grid for equal-width bins).
 *
 * Exact (the row-based value up to the order of additions): accuracy, mean confidence, the
 * overconfidence gap, NLL, Brier, entropy, and on equal-width bins ECE, MCE, RMSCE, the
 * reliability table, classwise ECE (`bins` must divide the class grid too) and (right-closed edges) the debiased L2 ECE; smooth ECE when no
 * fine bin lies across a node of the kernel grids it used (every bandwidth of at least 0.01 on the
 * default grid). Approximate, with the bound in `approximate`: ACE and the ECE sweep (equal-mass
 * groups over fine bins), everything binned under `--binning mass`, smooth ECE otherwise.
 */
export function summaryEvaluation(slice: SliceSums, header: SummaryHeader, config: MetricConfig): SummaryEvaluation {
  const { grid } = header;
  const k = header.classes.length;
  const t = slice.total;
  const rows = t.n;
  if (rows === 0) throw new RangeError('summaryEvaluation: no rows');
  const approximate: ApproximateMetric[] = [];
  const cells = sortedCells(slice.top);
  const mass = equalMassFromCells(cells, config.bins, grid);
  const massWhy = 'equal-mass groups over fine bins: a fine bin\'s rows are told apart by their bin alone (bound 1/G + 2 x rows of the fine bins a group boundary splits / N)';
  let chosen: BinTotals;
  if (config.binning === 'mass') {
    chosen = mass.totals;
    for (const metric of ['ece', 'mce', 'rmsce', 'bins'] as const) {
      approximate.push({ metric, bound: metric === 'mce' ? null : mass.bound, why: metric === 'mce' ? `${massWhy}; a bin's gap can move by up to the split rows over its size` : massWhy });
    }
  } else {
    checkBinsDivide(grid, config.bins);
    chosen = coarseTotals(slice.top, grid, config.bins);
  }
  approximate.push({ metric: 'ace', bound: mass.bound, why: massWhy });
  const sweep = eceSweepFromCells(cells, grid);
  approximate.push({ metric: 'ece_sweep', bound: sweep.bound, why: 'the sweep\'s equal-mass groups over fine bins (bound at the bin count it chose; the count itself may differ from the rows\')' });

  // Classwise ECE: each class's equal-width bins (always equal-width, as the row-based one) on the class grid.
  const classGrid = header.class_grid;
  checkClassBinsDivide(classGrid, config.bins);
  const cls = { bins: config.bins, count: new Float64Array(k * config.bins), probabilitySum: new Float64Array(k * config.bins), hitSum: new Float64Array(k * config.bins) };
  for (let c = 0; c < k; c++) {
    const coarse = coarseTotals(slice.classes, classGrid, config.bins, c);
    cls.count.set(coarse.count, c * config.bins);
    cls.probabilitySum.set(coarse.confidenceSum, c * config.bins);
    cls.hitSum.set(coarse.outcomeSum, c * config.bins);
  }

  const debiased = debiasedFrom(config.binning === 'mass' ? mass.totals : coarseTotals(slice.top, grid, config.bins), rows);
  if (config.binning === 'mass') {
    approximate.push({ metric: 'ece_debiased', bound: null, why: 'under --binning mass its bins are the midpoints between equal-mass groups, which fine bins give only to within a fine bin' });
  } else if (header.edges === 'left') {
    approximate.push({ metric: 'ece_debiased', bound: null, why: 'its bins are right-closed whatever --bin-edges, and a left-closed summary cannot tell a row exactly on a bin edge from the rows above it' });
  }

  let straddling = 0;
  const smooth = smoothEceFromGrid((n) => {
    const spread = spreadCells(slice.top, grid, n);
    straddling = Math.max(straddling, spread.straddling);
    return spread;
  }, rows);
  if (straddling > 0) {
    approximate.push({
      metric: 'smece', bound: (straddling / rows) * (1 + 1.6 / smooth.sigma) / grid,
      why: `fine bins across a node of the kernel grid (${kernelGridSize(smooth.sigma)} points at the bandwidth found) are spread at their mean: first-order bound (rows moved / N) (1 + 1.6 / sigma) / G, at that bandwidth`,
    });
  }
  const meanConfidence = t.conf / rows;
  const metrics: MetricValues = {
    accuracy: t.correct / rows,
    mean_confidence: meanConfidence,
    overconfidence_gap: meanConfidence - t.outcome / rows,
    ece: expectedCalibrationError(chosen, rows),
    mce: maximumCalibrationError(chosen),
    rmsce: rootMeanSquareCalibrationError(chosen, rows),
    ace: expectedCalibrationError(mass.totals, rows),
    classwise_ece: classwiseCalibrationError(cls, k, rows),
    nll: t.nll / rows,
    brier: t.brier / rows,
    entropy: t.entropy / rows,
    smece: smooth.smece,
    ece_debiased: debiased.debiased,
    ece_sweep: sweep.ece,
  };
  const details: EstimatorDetails = { smece_sigma: smooth.sigma, ece_sweep_bins: sweep.bins, ece_debiased_squared: debiased.squared };
  return { metrics, details, bins: toReliabilityBins(chosen), approximate };
}

/** estimators/debiased-ece.ts's estimate on a summary's bin totals. */
function debiasedFrom(totals: BinTotals, rows: number): { debiased: number; squared: number } {
  const { squared } = debiasedFromBins(totals.count, totals.confidenceSum, totals.outcomeSum, rows);
  return { debiased: Math.sqrt(Math.max(squared, 0)), squared };
}
