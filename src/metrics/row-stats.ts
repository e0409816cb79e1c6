import type { BinEdges, BinaryView } from '../core/config.js';
import { logFloorOf, logOfComplement, logOfGiven, type Predictions } from '../core/predictions.js';
import type { EvaluateOptions, RowCore, RowStats } from './types.js';
import { expNonPositive } from '../core/exp-nonpositive.js';
import { binIndex } from './binning.js';

/** Per-class equal-width bin sums for classwise ECE, laid out [class * bins + bin]. */
export interface ClasswiseTotals {
  readonly bins: number;
  readonly count: Float64Array;
  readonly probabilitySum: Float64Array;
  readonly hitSum: Float64Array;
}

export interface RowScan {
  readonly stats: RowStats;
  readonly classwise: ClasswiseTotals;
}

/**
 * A scan that kept each row's confidence and outcome but not its NLL, Brier term, entropy and
 * correctness: their means instead, summed as they were computed in row order, which is what
 * `evaluate` takes of the per-row values (`mean`, `meanOfIndicators`), bit for bit. 9 bytes a
 * row instead of 34, for a caller that never resamples the rows (`calib report`).
 */
export interface CompactRowScan {
  readonly stats: RowCore;
  readonly classwise: ClasswiseTotals;
  readonly means: RowMeans;
  /** Whether every row's NLL was finite (an overflowing logit span shows as an infinite NLL). */
  readonly nllFinite: boolean;
}

/** The plain means over rows of a `CompactRowScan`: `evaluate`'s own. */
export interface RowMeans {
  readonly accuracy: number;
  readonly nll: number;
  readonly brier: number;
  readonly entropy: number;
}

export interface ScanConfig {
  readonly binaryView: BinaryView;
  /** Bins and edges for the per-class bins of classwise ECE (always equal-width). */
  readonly classwiseBins: number;
  readonly edges: BinEdges;
  /**
   * For a scan while reading (`RowScanner`): keep only the confidences and outcomes and the means
   * of the rest (`CompactRowScan`). `scanRows` keeps every per-row value regardless.
   */
  readonly meansOnly?: boolean;
}

/** Zeroed per-row statistics for `n` rows. */
export function emptyRowStats(n: number): RowStats {
  return rowStatsOn(new Float64Array(n), new Uint8Array(n), new Uint8Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n));
}

/** Per-row statistics over arrays the caller made (of one length; for instance memory another thread shares). */
export function rowStatsOn(confidence: Float64Array, outcome: Uint8Array, correct: Uint8Array, nll: Float64Array,
  brier: Float64Array, entropy: Float64Array): RowStats {
  return { confidence, outcome, correct, nll, brier, entropy };
}

/**
 * The rows of a scan are taken in blocks of ROW_BLOCK consecutive positions. Each block's
 * classwise bin sums start from zero, and the blocks' sums are added into the totals in block
 * order. The probability sums then come out the same to the last bit however the blocks are
 * shared out: one thread scanning every row in order (`ClasswiseFold`, which adds each block as
 * it ends) or any number of threads each scanning a run of whole blocks into its own slots
 * (`BlockSums`, added up afterwards by `foldBlockSums`).
 */
export const ROW_BLOCK_SHIFT = 12;
/** Rows per block: 4,096. */
export const ROW_BLOCK = 1 << ROW_BLOCK_SHIFT;

/** Blocks of ROW_BLOCK rows in a scan of `rows` rows. */
export function blockCount(rows: number): number {
  return Math.ceil(rows / ROW_BLOCK);
}

/** Where a scan's rows add their classwise bin sums: the sums of block `block` (taken in increasing order). */
export interface ClasswiseSink {
  part(block: number): ClasswiseTotals;
}

/** A scan's classwise bins on one thread, in row order: each block's sums added into `total` when the next block starts. */
export class ClasswiseFold implements ClasswiseSink {
  private readonly total: ClasswiseTotals;
  private readonly current: ClasswiseTotals;
  private block = -1;
  private open = false;

  constructor(k: number, bins: number) {
    this.total = emptyClasswiseTotals(k, bins);
    this.current = emptyClasswiseTotals(k, bins);
  }

  part(block: number): ClasswiseTotals {
    if (block !== this.block) {
      this.close();
      this.block = block;
      this.open = true;
    }
    return this.current;
  }

  /** The totals of every row so far (the last block added too); the fold may go on afterwards. */
  finish(): ClasswiseTotals {
    this.close();
    this.block = -1;
    return copyTotals(this.total);
  }

  private close(): void {
    if (!this.open) return;
    addTotals(this.total, this.current);
    this.current.count.fill(0);
    this.current.probabilitySum.fill(0);
    this.current.hitSum.fill(0);
    this.open = false;
  }
}

/**
 * Each block's classwise sums in its own slot, laid out `[(block - firstBlock) * K * bins + cell]`,
 * over arrays the caller made: a thread that scans a run of whole blocks writes only its slots.
 */
export class BlockSums implements ClasswiseSink {
  readonly cells: number;

  constructor(readonly k: number, readonly bins: number, readonly firstBlock: number,
    readonly count: Float64Array, readonly probabilitySum: Float64Array, readonly hitSum: Float64Array) {
    this.cells = k * bins;
  }

  /** Zeroed slots for `blocks` blocks from `firstBlock` on, in ordinary memory. */
  static zeroed(k: number, bins: number, firstBlock: number, blocks: number): BlockSums {
    const length = blocks * k * bins;
    return new BlockSums(k, bins, firstBlock, new Float64Array(length), new Float64Array(length), new Float64Array(length));
  }

  part(block: number): ClasswiseTotals {
    const from = (block - this.firstBlock) * this.cells;
    const to = from + this.cells;
    return {
      bins: this.bins, count: this.count.subarray(from, to), probabilitySum: this.probabilitySum.subarray(from, to),
      hitSum: this.hitSum.subarray(from, to),
    };
  }
}

/** The classwise totals of a scan from its blocks' slots (every slot of each, in block order): what `ClasswiseFold` gives. */
export function foldBlockSums(parts: readonly BlockSums[]): ClasswiseTotals {
  const first = parts[0]!;
  const total = emptyClasswiseTotals(first.k, first.bins);
  for (const sums of parts) {
    const blocks = sums.count.length / sums.cells;
    for (let b = 0; b < blocks; b++) addTotals(total, sums.part(sums.firstBlock + b));
  }
  return total;
}

/** `foldBlockSums` onto totals made so far: the blocks of `parts` added into `total` in block order (blocks after those already in it). */
export function foldBlockSumsInto(total: ClasswiseTotals, parts: readonly BlockSums[]): void {
  for (const sums of parts) {
    const blocks = sums.count.length / sums.cells;
    for (let b = 0; b < blocks; b++) addTotals(total, sums.part(sums.firstBlock + b));
  }
}

function addTotals(into: ClasswiseTotals, part: ClasswiseTotals): void {
  for (let c = 0; c < into.count.length; c++) {
    into.count[c]! += part.count[c]!;
    into.probabilitySum[c]! += part.probabilitySum[c]!;
    into.hitSum[c]! += part.hitSum[c]!;
  }
}

function copyTotals(totals: ClasswiseTotals): ClasswiseTotals {
  return { bins: totals.bins, count: totals.count.slice(), probabilitySum: totals.probabilitySum.slice(), hitSum: totals.hitSum.slice() };
}

/** Zeroed classwise bins: `bins` equal-width bins for each of `k` classes. */
export function emptyClasswiseTotals(k: number, bins: number): ClasswiseTotals {
  return { bins, count: new Float64Array(k * bins), probabilitySum: new Float64Array(k * bins), hitSum: new Float64Array(k * bins) };
}

/**
 * One pass over the N x K scores: the softmax of each row (optionally at temperature T), and
 * from it every per-row quantity the metrics need. The softmax is computed around the row's
 * maximum (log-sum-exp), `log p_ij = b (z_ij - z_max) - log sum_k exp(b (z_ik - z_max))` with
 * `b = 1 / T`, so logits of 1e300 neither overflow nor lose the true class's log-probability.
 */
export function scanRows(preds: Predictions, config: ScanConfig, options: EvaluateOptions = {}): RowScan {
  const n = options.rows ? options.rows.length : preds.rows;
  const stats = emptyRowStats(n);
  const fold = new ClasswiseFold(preds.classes, config.classwiseBins);
  scanRange(preds, config, options, 0, n, stats, fold);
  return { stats, classwise: fold.finish() };
}

/**
 * `scanRows`' work on the scan positions `start .. end - 1` (of the selection `options.rows`, or
 * the rows themselves): row r's statistics go to `stats` at r, its classwise bins to
 * `sink.part(r >> ROW_BLOCK_SHIFT)`. Threads that each scan a run of whole blocks, into one
 * `stats` and each into its own `BlockSums`, together do exactly what `scanRows` does.
 */
export function scanRange(preds: Predictions, config: ScanConfig, options: EvaluateOptions, start: number, end: number,
  stats: RowStats, sink: ClasswiseSink, statsBase = 0): void {
  const { classes: k, labels } = preds;
  const selection = options.rows;
  const temperature = options.temperature;
  const positiveView = preds.binary && config.binaryView === 'positive';
  const kernel = new RowKernel(k, sink, config.edges);
  // With `statsBase`, row r's statistics go to `stats` at r - statsBase (views of a stretch).
  kernel.statsBase = statsBase;
  const given = givenProbabilities(preds, temperature);
  if (given !== undefined && takesOwnLogs(preds, temperature)) {
    // A binary probability column: the pass takes the logs itself, `scores` is never read.
    const logFloor = logFloorOf(preds);
    for (let r = start; r < end; r++) {
      const i = selection ? selection[r]! : r;
      kernel.scanGivenPair(given, i, labels[i]!, stats, r, positiveView, preds.givenClass, logFloor);
    }
    return;
  }
  const scores = preds.scores;
  for (let r = start; r < end; r++) {
    const i = selection ? selection[r]! : r;
    if (given !== undefined) kernel.scanGiven(given, i, scores, labels[i]!, stats, r, positiveView);
    else kernel.scan(scores, i * k, labels[i]!, inverseTemperature(temperature, i), stats, r, preds.binary, positiveView);
  }
}

/**
 * What the per-row pass of `preds` reads besides the labels: the probabilities of a binary
 * column as given (at T = 1), else the scores and any probabilities. A binary column's pair of
 * logs is not made for it (see `withLazyScores`).
 */
export function scanInputs(preds: Predictions, temperature?: number | Float64Array): Float64Array[] {
  const given = givenProbabilities(preds, temperature);
  if (takesOwnLogs(preds, temperature)) return [given!];
  return given !== undefined ? [preds.scores, given] : [preds.scores];
}

/** The per-row pass reads a binary probability column as given (at T = 1) and takes its logs itself, not `scores`. */
export function takesOwnLogs(preds: Predictions, temperature?: number | Float64Array): boolean {
  return preds.binary && givenProbabilities(preds, temperature) !== undefined;
}

/** `preds` as the per-row pass reads it, with `labels` in their place: no pair of logs made for a binary probability column. */
export function scanView(preds: Predictions, labels: Int32Array, temperature?: number | Float64Array): Predictions {
  const { rows, classes, classNames, kind, binary, probabilities, givenClass, logFloor } = preds;
  const scores = takesOwnLogs(preds, temperature) ? NO_SCORES : preds.scores;
  return {
    rows, classes, classNames, kind, binary, scores, labels,
    ...(probabilities !== undefined ? { probabilities } : {}),
    ...(givenClass !== undefined ? { givenClass } : {}),
    ...(logFloor !== undefined ? { logFloor } : {}),
  };
}

const NO_SCORES = new Float64Array(0);

/**
 * The probabilities the file gave, when the pass must use them as they are: probability input
 * at T = 1. Undefined for logits, and under a temperature (a softmax of the logs at T then).
 */
export function givenProbabilities(preds: Predictions, temperature: number | Float64Array | undefined): Float64Array | undefined {
  return temperature === undefined ? preds.probabilities : undefined;
}

/** b = 1/T for row i: T = 1 when none is given, one T for all rows, or one per row. */
function inverseTemperature(temperature: number | Float64Array | undefined, i: number): number {
  return temperature === undefined ? 1 : 1 / (typeof temperature === 'number' ? temperature : temperature[i]!);
}

/**
 * The work of one row, shared by `scanRows` and the streaming `RowScanner` so that both do the
 * same arithmetic in the same order. Writes row r of `stats` and adds the row to the classwise
 * bins (its block's sums, see ROW_BLOCK). `offset` is where the row's K scores start,
 * `b = 1/T`. With `probabilitiesOut` (N x K, like the scores) the row's softmax is also written
 * there, at the same offset.
 */
export class RowKernel {
  private readonly expShifted: Float64Array;
  private readonly probabilities: Float64Array;

  private part: ClasswiseTotals | undefined;
  private block = -1;
  /**
   * Row r's statistics go to `stats` at `r - statsBase` (its classwise bins still by r's block):
   * a caller that keeps the per-row values of a stretch of rows only (`RowScanner`) passes views
   * that start at the stretch.
   */
  statsBase = 0;

  constructor(private readonly k: number, private readonly sink: ClasswiseSink, private readonly edges: BinEdges) {
    this.expShifted = new Float64Array(k);
    this.probabilities = new Float64Array(k);
  }

  /** The classwise sums row r adds to: its block's. */
  private classwise(r: number): ClasswiseTotals {
    const block = r >>> ROW_BLOCK_SHIFT;
    if (block !== this.block || this.part === undefined) {
      this.part = this.sink.part(block);
      this.block = block;
    }
    return this.part;
  }

  scan(scores: Float64Array, offset: number, y: number, b: number, stats: RowStats, r: number,
    binary: boolean, positiveView: boolean, probabilitiesOut?: Float64Array): void {
    if (this.k === 2 && probabilitiesOut === undefined) {
      this.scanPair(scores, offset, y, b, stats, r, binary, positiveView);
      return;
    }
    const { k, expShifted } = this;
    let top = 0;
    let zMax = scores[offset]!;
    for (let j = 1; j < k; j++) {
      const z = scores[offset + j]!;
      if (z > zMax) { zMax = z; top = j; }
    }
    // One exp per class, e_j = exp(d_j) with d_j = b (z_j - z_max) <= 0, and in the same pass the
    // sums that give entropy and Brier without a log or a second exp per class:
    //   H = -sum_j p_j (d_j - log S) = log S - (sum_j e_j d_j) / S    (both terms >= 0: no cancellation)
    //   Brier = sum_j (p_j - [j = y])^2 = (sum_j e_j^2) / S^2 - 2 p_y + 1
    let expSum = 0;
    let weightedShift = 0;
    let squareSum = 0;
    for (let j = 0; j < k; j++) {
      const d = b * (scores[offset + j]! - zMax);
      const e = expNonPositive(d);
      expShifted[j] = e;
      expSum += e;
      if (e > 0) weightedShift += e * d;
      squareSum += e * e;
    }
    const logExpSum = Math.log(expSum);
    const inverseSum = 1 / expSum;
    const shiftedLabel = b * (scores[offset + y]! - zMax);
    const pLabel = expShifted[y]! * inverseSum;
    const rowEntropy = logExpSum - weightedShift * inverseSum;
    let rowBrier = squareSum * inverseSum * inverseSum - 2 * pLabel + 1;
    if (rowBrier < 0) rowBrier = 0; // rounding when p is one-hot on the label

    // The row's probabilities p_j = e_j / S, kept for the caller when asked (the bootstrap
    // re-bins them per resample), then counted in the classwise bins.
    const probabilities = probabilitiesOut ?? this.probabilities;
    const base = probabilitiesOut ? offset : 0;
    for (let j = 0; j < k; j++) probabilities[base + j] = expShifted[j]! * inverseSum;
    addToClasswise(this.classwise(r), probabilities, base, k, y, this.edges);

    // The top class has shifted value 0, so its probability is exactly 1 / sum.
    // scikit-learn's binary Brier score: (q - y)^2, half of the two-class sum (docs/conventions.md).
    writeRowStats(stats, r - this.statsBase, y, top === y ? 1 : 0, logExpSum - shiftedLabel, rowEntropy, binary ? rowBrier / 2 : rowBrier,
      positiveView, positiveView ? expShifted[1]! * inverseSum : 0, inverseSum);
  }

  /**
   * `scan` for a row of probabilities as the file gave them (docs/conventions.md, "Inputs"):
   * nothing is recomputed from logs, so the confidence is the row's largest value as parsed, bit
   * for bit, and rows that tie in the file tie here. `given` holds the probabilities (N x K),
   * `logs` their logarithms as `Predictions.scores` keeps them (an exact 0 at the floor), row i at
   * `i * K`. Per row:
   *   top = argmax_j p_j (lowest index on ties), confidence = p_top, NLL = -log p_y,
   *   entropy = -sum_j p_j log p_j (0 log 0 = 0), Brier = sum_j (p_j - [j = y])^2.
   */
  scanGiven(given: Float64Array, i: number, logs: Float64Array, y: number, stats: RowStats, r: number,
    positiveView: boolean, probabilitiesOut?: Float64Array): void {
    const k = this.k;
    const offset = i * k;
    let top = 0;
    let pMax = given[offset]!;
    let entropy = 0;
    let brier = 0;
    for (let j = 0; j < k; j++) {
      const p = given[offset + j]!;
      if (p > pMax) { pMax = p; top = j; }
      if (p > 0) entropy -= p * logs[offset + j]!;
      const d = j === y ? p - 1 : p;
      brier += d * d;
    }
    addToClasswise(this.classwise(r), given, offset, k, y, this.edges);
    if (probabilitiesOut !== undefined) probabilitiesOut.set(given.subarray(offset, offset + k), offset);
    writeRowStats(stats, r - this.statsBase, y, top === y ? 1 : 0, -logs[offset + y]!, entropy, brier, positiveView, 0, pMax);
  }

  /**
   * `scanGiven` for the binary one-column layout: `given` holds N values, each class
   * `givenClass`'s probability, the row being `(p, 1 - p)` or `(1 - p, p)`. The logs are taken
   * here as `Predictions.scores` would keep them (`logOfGiven`, `logOfComplement`, the floor
   * `logFloor` for an exact 0), so the pair of logs need not exist. Brier is `(q - y)^2`, as
   * scikit-learn's. With `probabilitiesOut` (N x 2) the row's pair is written at `2 i`.
   */
  scanGivenPair(given: Float64Array, i: number, y: number, stats: RowStats, r: number,
    positiveView: boolean, givenClass: 0 | 1 = 1, logFloor: number, probabilitiesOut?: Float64Array): void {
    const p = given[i]!;
    const p1 = givenClass === 1 ? p : 1 - p;
    const p0 = givenClass === 1 ? 1 - p : p;
    const l0 = givenClass === 1 ? logOfComplement(p, logFloor) : logOfGiven(p, logFloor);
    const l1 = givenClass === 1 ? logOfGiven(p, logFloor) : logOfComplement(p, logFloor);
    const top = p1 > p0 ? 1 : 0;
    let entropy = 0;
    if (p0 > 0) entropy -= p0 * l0;
    if (p1 > 0) entropy -= p1 * l1;
    const d = p1 - y;
    addPairToClasswise(this.classwise(r), p0, p1, y, this.edges);
    if (probabilitiesOut !== undefined) {
      probabilitiesOut[2 * i] = p0;
      probabilitiesOut[2 * i + 1] = p1;
    }
    writeRowStats(stats, r - this.statsBase, y, top === y ? 1 : 0, -(y === 1 ? l1 : l0), entropy, d * d, positiveView, p1,
      top === 1 ? p1 : p0);
  }

  /**
   * `scan` for two classes (every binary file), written out: the same operations in the same
   * order as the loops above with k = 2, so the same bits, without the loops' bookkeeping (a
   * per-row pass over 50 million binary rows spends most of its time there).
   */
  private scanPair(scores: Float64Array, offset: number, y: number, b: number, stats: RowStats, r: number,
    binary: boolean, positiveView: boolean): void {
    const z0 = scores[offset]!;
    const z1 = scores[offset + 1]!;
    const top = z1 > z0 ? 1 : 0;
    const zMax = top === 1 ? z1 : z0;
    const d0 = b * (z0 - zMax);
    const d1 = b * (z1 - zMax);
    const e0 = expNonPositive(d0);
    const e1 = expNonPositive(d1);
    const expSum = 0 + e0 + e1;
    let weightedShift = 0;
    if (e0 > 0) weightedShift += e0 * d0;
    if (e1 > 0) weightedShift += e1 * d1;
    const squareSum = 0 + e0 * e0 + e1 * e1;
    const logExpSum = Math.log(expSum);
    const inverseSum = 1 / expSum;
    const shiftedLabel = b * ((y === 1 ? z1 : z0) - zMax);
    const pLabel = (y === 1 ? e1 : e0) * inverseSum;
    const rowEntropy = logExpSum - weightedShift * inverseSum;
    let rowBrier = squareSum * inverseSum * inverseSum - 2 * pLabel + 1;
    if (rowBrier < 0) rowBrier = 0;

    const p0 = e0 * inverseSum;
    const p1 = e1 * inverseSum;
    addPairToClasswise(this.classwise(r), p0, p1, y, this.edges);

    writeRowStats(stats, r - this.statsBase, y, top === y ? 1 : 0, logExpSum - shiftedLabel, rowEntropy, binary ? rowBrier / 2 : rowBrier,
      positiveView, p1, inverseSum);
  }
}

/**
 * Row r's statistics: `hit` is [top class = y], `positive` the positive class's probability (the
 * confidence in the binary positive view) and `top` the top class's (the confidence otherwise).
 */
function writeRowStats(stats: RowStats, r: number, y: number, hit: number, nll: number, entropy: number, brier: number,
  positiveView: boolean, positive: number, top: number): void {
  stats.nll[r] = nll;
  stats.entropy[r] = entropy;
  stats.correct[r] = hit;
  stats.brier[r] = brier;
  if (positiveView) {
    stats.confidence[r] = positive;
    stats.outcome[r] = y === 1 ? 1 : 0;
  } else {
    stats.confidence[r] = top;
    stats.outcome[r] = hit;
  }
}

/** `addToClasswise` for a two-class row (p0, p1), written out for the binary files' long loops. */
function addPairToClasswise(classwise: ClasswiseTotals, p0: number, p1: number, y: number, edges: BinEdges): void {
  const { bins: m, count, probabilitySum, hitSum } = classwise;
  const bin0 = binIndex(p0, m, edges);
  const bin1 = binIndex(p1, m, edges);
  count[bin0]! += 1;
  probabilitySum[bin0]! += p0;
  count[m + bin1]! += 1;
  probabilitySum[m + bin1]! += p1;
  hitSum[y * m + (y === 1 ? bin1 : bin0)]! += 1;
}

/**
 * Adds one row to the classwise bins: each class's probability `p_j = probabilities[base + j]`
 * lands in one of its M equal-width bins (count and probability sum), and the row's label
 * counts as a hit in the bin of `p_y`.
 */
export function addToClasswise(classwise: ClasswiseTotals, probabilities: Float64Array, base: number, k: number, y: number,
  edges: BinEdges): void {
  const { bins: m, count, probabilitySum, hitSum } = classwise;
  for (let j = 0; j < k; j++) {
    const p = probabilities[base + j]!;
    const cell = j * m + binIndex(p, m, edges);
    count[cell]! += 1;
    probabilitySum[cell]! += p;
  }
  hitSum[y * m + binIndex(probabilities[base + y]!, m, edges)]! += 1;
}

/**
 * Classwise ECE (Nixon et al. 2019, "Measuring Calibration in Deep Learning", SCE; Kull et al.
 * 2019): `(1/K) sum_k sum_m (n_mk / N) |acc_mk - conf_mk|`, where for class k the rows are binned
 * by `p_ik` (equal-width) and `acc_mk` is the fraction of the bin's rows with `y = k`.
 *
 * @example K = 2, rows p = (0.8, 0.2) y = 0 and p = (0.4, 0.6) y = 0, 5 right-closed bins:
 *   class 0: bins (0.6,0.8] {0.8, hit} and (0.2,0.4] {0.4, hit}: (1/2)|1-0.8| + (1/2)|1-0.4| = 0.4
 *   class 1: bins (0,0.2] {0.2, miss} and (0.4,0.6] {0.6, miss}: (1/2)(0.2) + (1/2)(0.6) = 0.4
 *   classwise ECE = (0.4 + 0.4) / 2 = 0.4
 */
export function classwiseCalibrationError(totals: ClasswiseTotals, classes: number, rows: number): number {
  let total = 0;
  for (let cell = 0; cell < classes * totals.bins; cell++) {
    if (totals.count[cell]! === 0) continue;
    total += Math.abs(totals.hitSum[cell]! - totals.probabilitySum[cell]!) / rows;
  }
  return total / classes;
}
