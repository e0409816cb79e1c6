/**
 * The calib summary (docs/summary-format.md): the sufficient statistics of a prediction file per
 * slice, per view (the top-label or positive-class value, and each class's probability) and per
 * fine bin of a grid of G equal-width bins, with exact 0 and exact 1 kept apart. Summaries merge
 * by addition, and every exact metric of `calib report` is a function of them.
 */
import type { BinEdges, BinaryView } from '../core/config.js';
import type { ScoreKind } from '../core/predictions.js';

export const SUMMARY_FORMAT = 'calib-summary';
export const SUMMARY_VERSION = 1;
/**
 * Fine bins of the grid unless `--grid` says otherwise: 30,000 = 2^4 3 5^4, so that the bin counts
 * people use (10, 12, 15 (the default), 16, 20, 24, 25, 30, 40, 50, 100, ...) divide it, and so does the
 * 1,000-cell kernel grid of smooth ECE (no fine bin lies across one of its nodes).
 */
export const DEFAULT_GRID = 30_000;
/** The largest grid: 10^6 fine bins (a slice's top-label cells then take 48 MB). */
export const MAX_GRID = 1_000_000;
/** Cells (classes x fine bins, with the two exact ends) of one slice's class part kept in memory at most. */
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
}

/**
 * Sums over fine bins, one entry per cell: cell `c * (G + 2) + (bin + 1)` holds class c's bin
 * (c = 0 for the top-label part), so bin -1 (exact 0) is slot 0 and bin G (exact 1) slot G + 1.
 */
export interface BinSums {
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
  /** The top-label (or positive-class) value's fine bins: G + 2 cells. */
  readonly top: BinSums;
  /** Each class's probability's fine bins: K x (G + 2) cells. */
  readonly classes: BinSums;
  /** Rows with label k. */
  readonly labelCount: Float64Array;
}

export interface Summary {
  readonly header: SummaryHeader;
  /** Slices in key order (see `sliceOrder`). */
  readonly slices: readonly SliceSums[];
}

/** The cells per class of a grid: G fine bins and the two exact ends. */
export function cellsPerClass(grid: number): number {
  return grid + 2;
}

export function emptyBinSums(cells: number): BinSums {
  return { n: new Float64Array(cells), conf: new Float64Array(cells), outcome: new Float64Array(cells), conf2: new Float64Array(cells), confOutcome: new Float64Array(cells) };
}

export function emptyTotals(): TotalSums {
  return { n: 0, conf: 0, outcome: 0, conf2: 0, confOutcome: 0, correct: 0, topConf: 0, nll: 0, brier: 0, entropy: 0, floorHits: 0 };
}

export function emptySlice(key: readonly string[], grid: number, classes: number): SliceSums {
  const cells = cellsPerClass(grid);
  return { key, total: emptyTotals(), top: emptyBinSums(cells), classes: emptyBinSums(cells * classes), labelCount: new Float64Array(classes) };
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
