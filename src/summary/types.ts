/**
 * The calib summary (docs/summary-format.md): the sufficient statistics of a prediction file per
 * slice, per view (the top-label or positive-class value, and each class's probability) and per
 * fine bin of a grid of G equal-width bins, with exact 0 and exact 1 kept apart. Summaries merge
 * by addition, and every exact metric of `calib report` is a function of them.
 */
import type { BinEdges, BinaryView } from '../core/config.js';
import { errors } from '../core/errors.js';
import type { ScoreKind } from '../core/predictions.js';

export const SUMMARY_FORMAT = 'calib-summary';
export const SUMMARY_VERSION = 1;
/**
 * Fine bins of the grid unless `--grid` says otherwise: 30,000 = 2^4 3 5^4, so that the bin counts
 * people use (10, 12, 15 (the default), 16, 20, 24, 25, 30, 40, 50, 100, ...) divide it, and so does the
 * 1,000-cell kernel grid of smooth ECE (no fine bin lies across one of its nodes).
 */
export const DEFAULT_GRID = 30_000;
/**
 * Fine bins of the class part (`part = class`) unless `--class-grid` says otherwise: each class's
 * probability is binned on this coarser grid, so that a summary of K classes holds at most
 * K (class_grid + 2) class cells a slice. 300 = 2^2 3 5^2 is divided by 10, 12, 15 (the default
 * --bins), 20, 25, 30, 50, 60, 75, 100 and 150, the bin counts classwise ECE is read at; 1,000
 * classes then take 302,000 cells (12 MB of dense scratch) instead of 30 million.
 */
export const DEFAULT_CLASS_GRID = 300;
/** The largest grid: 10^6 fine bins (a slice's top-label cells then take 48 MB). */
export const MAX_GRID = 1_000_000;

/**
 * Checks a `--grid` or `--class-grid` value, for `calib summarize` and `calib sql` alike: a usage
 * error naming the flag, the value and the range unless it is a whole number from 1 to MAX_GRID.
 */
export function checkGridFlag(flag: '--grid' | '--class-grid', value: number): void {
  if (Number.isSafeInteger(value) && value >= 1 && value <= MAX_GRID) return;
  const fallback = flag === '--grid' ? DEFAULT_GRID : DEFAULT_CLASS_GRID;
  throw errors.badOption(flag, String(value), `a whole number of fine bins from 1 to ${MAX_GRID.toLocaleString('en-US')}`,
    `Leave ${flag} out for the default ${fallback.toLocaleString('en-US')}.`);
}
/** Cells (classes x fine bins, with the two exact ends) of the dense scratch a slice is summarized in, at most. */
export const MAX_CLASS_CELLS = 8_000_000;

/** What one source of a summary was: a file (with what calib decided about it) or a SQL table. */
export interface SummarySource {
  /** The file as given, or `sql:<dialect>:<table>`. */
  readonly name: string;
  readonly format?: string;
  readonly rows?: number;
  readonly kind?: ScoreKind;
  /** How the kind was decided (auto or forced) and why. */
  readonly kind_detection?: { readonly how: 'auto' | 'forced'; readonly reason: string };
  readonly label_column?: string;
  readonly score_columns?: readonly string[];
  /** --where expressions applied to the file's rows before summarizing. */
  readonly where?: readonly string[];
}

/** The header of a summary: what the long table's rows mean (docs/summary-format.md, "The header"). */
export interface SummaryHeader {
  readonly format: typeof SUMMARY_FORMAT;
  readonly version: typeof SUMMARY_VERSION;
  readonly grid: number;
  /** Fine bins of the class part (`part = class` rows), usually coarser than `grid`. */
  readonly class_grid: number;
  readonly edges: BinEdges;
  /** Class names in index order. */
  readonly classes: readonly string[];
  /** How the scores were read, one entry per distinct kind among the sources. */
  readonly kinds: readonly ScoreKind[];
  readonly binary: boolean;
  /** The view of binary one-column input; null for multiclass input. */
  readonly binary_view: BinaryView | null;
  readonly prob_floor: number;
  readonly slice_columns: readonly string[];
  readonly sources: readonly SummarySource[];
  readonly calib_version: string;
  /** `calib sql --replicates R`: the table also holds bootstrap replicates 0..R-1 (a `replicate` column). */
  readonly replicates?: number;
  /** How the replicates' Poisson(1) weights were drawn: the engine whose hash drew them and the row id column. */
  readonly replicate_weights?: { readonly engine: string; readonly id: string };
}

/**
 * Sums over the fine bins that hold rows, sparse: entry e is cell `cells[e]`, cells ascending,
 * where cell `c * (G + 2) + (bin + 1)` is class c's bin (c = 0 for the top-label part; G is the
 * class grid for the class part), so bin -1 (exact 0) is slot 0 and bin G (exact 1) slot G + 1 of
 * each class. Only cells with rows are kept,
 * so a summary's size is bounded by its rows as well as by its grid.
 */
export interface BinSums {
  readonly cells: Int32Array;
  readonly n: Float64Array;
  readonly conf: Float64Array;
  readonly outcome: Float64Array;
  readonly conf2: Float64Array;
  readonly confOutcome: Float64Array;
}

/** The `total` row of a slice: plain sums over its rows. */
export interface TotalSums {
  n: number;
  conf: number;
  outcome: number;
  conf2: number;
  confOutcome: number;
  correct: number;
  topConf: number;
  nll: number;
  brier: number;
  entropy: number;
  floorHits: number;
}

/** One slice's statistics (the whole file when there are no slice columns). */
export interface SliceSums {
  /** The slice's value in each slice column ([] without slice columns). */
  readonly key: readonly string[];
  readonly total: TotalSums;
  /** The top-label (or positive-class) value's fine bins: cells 0 .. G + 1. */
  top: BinSums;
  /** Each class's probability's fine bins on the class grid C: cells 0 .. K (C + 2) - 1. */
  classes: BinSums;
  /** Rows with label k. */
  readonly labelCount: Float64Array;
}

export interface Summary {
  readonly header: SummaryHeader;
  /** Slices in key order (see `sliceOrder`). */
  readonly slices: readonly SliceSums[];
  /** With `header.replicates` R: replicate r's slices (the rows weighted by its Poisson(1) weights), r = 0..R-1. */
  readonly replicates?: readonly (readonly SliceSums[])[];
}

/** The cells per class of a grid: G fine bins and the two exact ends. */
export function cellsPerClass(grid: number): number {
  return grid + 2;
}

export function emptyBinSums(): BinSums {
  return { cells: new Int32Array(0), n: new Float64Array(0), conf: new Float64Array(0), outcome: new Float64Array(0), conf2: new Float64Array(0), confOutcome: new Float64Array(0) };
}

/** Dense sums over `n.length` cells (the scratch a slice is built in). */
export interface DenseSums {
  readonly n: Float64Array;
  readonly conf: Float64Array;
  readonly outcome: Float64Array;
  readonly conf2: Float64Array;
  readonly confOutcome: Float64Array;
}

export function denseSums(cells: number): DenseSums {
  return { n: new Float64Array(cells), conf: new Float64Array(cells), outcome: new Float64Array(cells), conf2: new Float64Array(cells), confOutcome: new Float64Array(cells) };
}

/** The cells of dense sums that hold rows, as sparse sums. */
export function packSums(dense: DenseSums): BinSums {
  let entries = 0;
  for (let c = 0; c < dense.n.length; c++) if (dense.n[c] !== 0) entries++;
  const out = { cells: new Int32Array(entries), n: new Float64Array(entries), conf: new Float64Array(entries), outcome: new Float64Array(entries), conf2: new Float64Array(entries), confOutcome: new Float64Array(entries) };
  let e = 0;
  for (let c = 0; c < dense.n.length; c++) {
    if (dense.n[c] === 0) continue;
    out.cells[e] = c; out.n[e] = dense.n[c]!; out.conf[e] = dense.conf[c]!; out.outcome[e] = dense.outcome[c]!;
    out.conf2[e] = dense.conf2[c]!; out.confOutcome[e] = dense.confOutcome[c]!;
    e++;
  }
  return out;
}

/** The sum of two sparse sums, cell by cell (a merge of the two ascending cell lists). */
export function addSums(a: BinSums, b: BinSums): BinSums {
  if (b.cells.length === 0) return a;
  if (a.cells.length === 0) return b;
  let entries = 0;
  for (let i = 0, j = 0; i < a.cells.length || j < b.cells.length; entries++) {
    const x = i < a.cells.length ? a.cells[i]! : Infinity;
    const y = j < b.cells.length ? b.cells[j]! : Infinity;
    if (x <= y) i++;
    if (y <= x) j++;
  }
  const out = { cells: new Int32Array(entries), n: new Float64Array(entries), conf: new Float64Array(entries), outcome: new Float64Array(entries), conf2: new Float64Array(entries), confOutcome: new Float64Array(entries) };
  for (let i = 0, j = 0, e = 0; e < entries; e++) {
    const x = i < a.cells.length ? a.cells[i]! : Infinity;
    const y = j < b.cells.length ? b.cells[j]! : Infinity;
    out.cells[e] = Math.min(x, y);
    if (x <= y) {
      out.n[e]! += a.n[i]!; out.conf[e]! += a.conf[i]!; out.outcome[e]! += a.outcome[i]!; out.conf2[e]! += a.conf2[i]!; out.confOutcome[e]! += a.confOutcome[i]!;
      i++;
    }
    if (y <= x) {
      out.n[e]! += b.n[j]!; out.conf[e]! += b.conf[j]!; out.outcome[e]! += b.outcome[j]!; out.conf2[e]! += b.conf2[j]!; out.confOutcome[e]! += b.confOutcome[j]!;
      j++;
    }
  }
  return out;
}

/** Sparse sums from cells given in any order (a cell given twice is added). */
export function sumsFromCells(cells: ReadonlyMap<number, readonly [number, number, number, number, number]>): BinSums {
  const order = [...cells.keys()].sort((x, y) => x - y);
  const out = { cells: Int32Array.from(order), n: new Float64Array(order.length), conf: new Float64Array(order.length), outcome: new Float64Array(order.length), conf2: new Float64Array(order.length), confOutcome: new Float64Array(order.length) };
  order.forEach((cell, e) => {
    const [n, conf, outcome, conf2, confOutcome] = cells.get(cell)!;
    out.n[e] = n; out.conf[e] = conf; out.outcome[e] = outcome; out.conf2[e] = conf2; out.confOutcome[e] = confOutcome;
  });
  return out;
}

export function emptyTotals(): TotalSums {
  return { n: 0, conf: 0, outcome: 0, conf2: 0, confOutcome: 0, correct: 0, topConf: 0, nll: 0, brier: 0, entropy: 0, floorHits: 0 };
}

export function emptySlice(key: readonly string[], classes: number): SliceSums {
  return { key, total: emptyTotals(), top: emptyBinSums(), classes: emptyBinSums(), labelCount: new Float64Array(classes) };
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Slices in the order `--group-by` shows groups (metrics/groups.ts): column by column, numerically
 * when every value of the column is a number, else by code units.
 */
export function sliceOrder(slices: readonly SliceSums[]): SliceSums[] {
  const columns = slices[0]?.key.length ?? 0;
  const numeric = Array.from({ length: columns }, (_, c) => slices.every((s) => DECIMAL.test(s.key[c]!)));
  return [...slices].sort((a, b) => {
    for (let c = 0; c < columns; c++) {
      const x = a.key[c]!;
      const y = b.key[c]!;
      const d = numeric[c] ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
      if (d !== 0) return d;
    }
    return 0;
  });
}
