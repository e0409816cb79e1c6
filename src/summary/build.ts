import type { BinEdges, BinaryView } from '../core/config.js';
import { CalibError } from '../core/errors.js';
import { expNonPositive } from '../core/exp-nonpositive.js';
import type { Predictions } from '../core/predictions.js';
import { binIndex } from '../metrics/binning.js';
import { groupRows } from '../metrics/groups.js';
import { scanRows } from '../metrics/row-stats.js';
import {
  cellsPerClass, checkGridFlag, denseSums, emptySlice, MAX_CLASS_CELLS, packSums, SUMMARY_FORMAT, SUMMARY_VERSION,
  type SliceSums, type Summary, type SummaryHeader, type SummarySource,
} from './types.js';

export interface SummarizeOptions {
  /** G, the fine bins over [0, 1]. */
  readonly grid: number;
  /** The class part's fine bins (DEFAULT_CLASS_GRID by default in the CLI). */
  readonly classGrid: number;
  readonly edges: BinEdges;
  /** The binary one-column view (ignored for multiclass input, recorded as null). */
  readonly binaryView: BinaryView;
  /** The floor the reader put in place of an exact 0 before its logs (recorded; the logs are the reader's). */
  readonly probFloor: number;
  /** Slice columns and each one's text, row by row (`--group-by`). */
  readonly slices?: { readonly columns: readonly string[]; readonly cells: readonly (readonly string[])[] };
  readonly sources: readonly SummarySource[];
  readonly calibVersion: string;
}

/**
 * The fine bin of a value in [0, 1] on a grid of G bins: -1 for exactly 0, G for exactly 1, else
 * calib's equal-width bin index at G bins (metrics/binning.ts `binIndex`, same edges). Because the
 * edges `m / M` and `m r / G` are the same double when `r = G / M`, the coarse bin of a row at M
 * bins is `floor(fine / r)` (with -1 in bin 0 and G in bin M - 1): docs/summary-format.md.
 *
 * @example fineBin(0, 10, 'right') === -1; fineBin(0.1, 10, 'right') === 0; fineBin(0.1, 10, 'left') === 1
 */
export function fineBin(value: number, grid: number, edges: BinEdges): number {
  if (value === 0) return -1;
  if (value === 1) return grid;
  return binIndex(value, grid, edges);
}

/** A Neumaier-compensated running sum (summation.ts's `sum`, one value at a time). */
class Compensated {
  total = 0;
  private compensation = 0;
  add(v: number): void {
    const t = this.total + v;
    this.compensation += Math.abs(this.total) >= Math.abs(v) ? (this.total - t) + v : (v - t) + this.total;
    this.total = t;
  }
  value(): number {
    return Number.isFinite(this.total) ? this.total + this.compensation : this.total;
  }
}

/**
 * Checks the grid, the class grid and the memory of a slice's dense class scratch; a usage error
 * naming --grid or --class-grid otherwise.
 */
export function checkGrid(grid: number, classGrid: number, classes: number): void {
  checkGridFlag('--grid', grid);
  checkGridFlag('--class-grid', classGrid);
  const cells = cellsPerClass(classGrid) * classes;
  if (cells > MAX_CLASS_CELLS) {
    throw new CalibError('usage', `summarizing ${classes} classes on a class grid of ${classGrid} needs ${cells} class cells (at most ${MAX_CLASS_CELLS}).`,
      undefined, `Use a coarser class grid: --class-grid ${Math.max(1, largestDivisorAtMost(classGrid, Math.floor(MAX_CLASS_CELLS / classes) - 2))}.`);
  }
}

function largestDivisorAtMost(grid: number, most: number): number {
  for (let d = Math.min(grid, most); d >= 1; d--) if (grid % d === 0) return d;
  return 1;
}

/**
 * The summary of a set of predictions (docs/summary-format.md): per slice, the `total` sums, the
 * top-label (or positive-class) value's fine bins on the grid and each class's probability's fine
 * bins on the (coarser) class grid. The
 * per-row quantities are those of `calib report` (metrics/row-stats.ts `scanRows`: confidence,
 * outcome, correctness, NLL, Brier, entropy), so every exact metric computed from the summary is
 * the row-based one up to the order of additions. Confidence sums are compensated (Neumaier), as
 * the row-based bins and means are.
 *
 * This is what `calib summarize` writes and what `calib sql`'s queries must reproduce.
 */
export function summarizePredictions(preds: Predictions, options: SummarizeOptions): Summary {
  const grid = options.grid;
  const k = preds.classes;
  const columns = options.slices?.columns ?? [];
  const groups = columns.length > 0 ? groupRows(columns, options.slices!.cells, preds.rows) : undefined;
  const classGrid = options.classGrid;
  checkGrid(grid, classGrid, k);
  const { stats } = scanRows(preds, { binaryView: options.binaryView, classwiseBins: 1, edges: options.edges });
  const cells = cellsPerClass(grid);
  // One slice at a time in dense scratch (reused), kept as the cells that hold rows.
  const top = denseSums(cells);
  const classCells = cellsPerClass(classGrid);
  const cls = denseSums(classCells * k);
  const topCompensation = new Float64Array(cells);
  const probabilities = new Float64Array(k);
  const positiveView = preds.binary && options.binaryView === 'positive';
  const given = preds.probabilities;
  const slices: SliceSums[] = [];
  const keys = groups ? groups.keys : [[]];
  for (let s = 0; s < keys.length; s++) {
    const members = groups ? groups.members[s]! : undefined;
    const rows = members ? members.length : preds.rows;
    const slice = emptySlice(keys[s]!, k);
    const t = slice.total;
    const sums = {
      conf: new Compensated(), conf2: new Compensated(), confOutcome: new Compensated(), topConf: new Compensated(),
      nll: new Compensated(), brier: new Compensated(), entropy: new Compensated(),
    };
    for (let r = 0; r < rows; r++) {
      const i = members ? members[r]! : r;
      const y = preds.labels[i]!;
      rowProbabilities(preds, given, i, probabilities);
      const c = stats.confidence[i]!;
      const o = stats.outcome[i]!;
      t.n += 1;
      t.outcome += o;
      t.correct += stats.correct[i]!;
      if (given !== undefined && probabilities[y] === 0) t.floorHits += 1;
      sums.conf.add(c);
      sums.conf2.add(c * c);
      sums.confOutcome.add(c * o);
      sums.topConf.add(positiveView ? Math.max(probabilities[0]!, probabilities[1]!) : c);
      sums.nll.add(stats.nll[i]!);
      sums.brier.add(stats.brier[i]!);
      sums.entropy.add(stats.entropy[i]!);

      const cell = fineBin(c, grid, options.edges) + 1;
      top.n[cell]! += 1;
      // The top cells' confidence sums are compensated as equalWidthTotals' are (one slot per cell).
      const before = top.conf[cell]!;
      const after = before + c;
      topCompensation[cell]! += Math.abs(before) >= c ? (before - after) + c : (c - after) + before;
      top.conf[cell] = after;
      top.outcome[cell]! += o;
      top.conf2[cell]! += c * c;
      top.confOutcome[cell]! += c * o;

      for (let j = 0; j < k; j++) {
        const p = probabilities[j]!;
        const at = j * classCells + fineBin(p, classGrid, options.edges) + 1;
        const hit = j === y ? 1 : 0;
        cls.n[at]! += 1;
        cls.conf[at]! += p;
        cls.outcome[at]! += hit;
        cls.conf2[at]! += p * p;
        cls.confOutcome[at]! += p * hit;
      }
      slice.labelCount[y]! += 1;
    }
    t.conf = sums.conf.value();
    t.conf2 = sums.conf2.value();
    t.confOutcome = sums.confOutcome.value();
    t.topConf = sums.topConf.value();
    t.nll = sums.nll.value();
    t.brier = sums.brier.value();
    t.entropy = sums.entropy.value();
    for (let cell = 0; cell < cells; cell++) top.conf[cell]! += topCompensation[cell]!;
    slice.top = packSums(top);
    slice.classes = packSums(cls);
    if (t.n > 0) slices.push(slice);
    if (s + 1 < keys.length) for (const scratch of [top.n, top.conf, top.outcome, top.conf2, top.confOutcome, topCompensation, cls.n, cls.conf, cls.outcome, cls.conf2, cls.confOutcome]) scratch.fill(0);
  }
  return { header: summaryHeader(preds, options), slices };
}

/** The header of a summary of `preds` made with `options`. */
export function summaryHeader(preds: Predictions, options: SummarizeOptions): SummaryHeader {
  return {
    format: SUMMARY_FORMAT,
    version: SUMMARY_VERSION,
    grid: options.grid,
    class_grid: options.classGrid,
    edges: options.edges,
    classes: [...preds.classNames],
    kinds: [preds.kind],
    binary: preds.binary,
    binary_view: preds.binary ? options.binaryView : null,
    prob_floor: options.probFloor,
    slice_columns: [...(options.slices?.columns ?? [])],
    sources: options.sources,
    calib_version: options.calibVersion,
  };
}

/**
 * Row i's probabilities into `out`: as the file gave them (probability input, bit for bit; the
 * binary column as `(1 - p, p)` or `(p, 1 - p)`), or the softmax of its logits computed as the
 * row kernel does (metrics/row-stats.ts: `exp(z_j - z_max)` times `1 / sum`, the sum from 0 in
 * class order), so a class's probability is the one the row-based classwise bins see.
 */
function rowProbabilities(preds: Predictions, given: Float64Array | undefined, i: number, out: Float64Array): void {
  const k = preds.classes;
  if (given !== undefined) {
    if (preds.binary) {
      const p = given[i]!;
      const one = preds.givenClass === 0 ? 1 - p : p;
      out[0] = preds.givenClass === 0 ? p : 1 - p;
      out[1] = one;
      return;
    }
    for (let j = 0; j < k; j++) out[j] = given[i * k + j]!;
    return;
  }
  const scores = preds.scores;
  const offset = i * k;
  let zMax = scores[offset]!;
  for (let j = 1; j < k; j++) if (scores[offset + j]! > zMax) zMax = scores[offset + j]!;
  let expSum = 0;
  for (let j = 0; j < k; j++) {
    const e = expNonPositive(scores[offset + j]! - zMax);
    out[j] = e;
    expSum += e;
  }
  const inverse = 1 / expSum;
  for (let j = 0; j < k; j++) out[j] = out[j]! * inverse;
}
