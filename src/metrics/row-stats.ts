import type { BinEdges, BinaryView } from '../core/config.js';
import type { Predictions } from '../core/predictions.js';
import type { EvaluateOptions, RowStats } from './types.js';
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

export interface ScanConfig {
  readonly binaryView: BinaryView;
  /** Bins and edges for the per-class bins of classwise ECE (always equal-width). */
  readonly classwiseBins: number;
  readonly edges: BinEdges;
}

/** Zeroed per-row statistics for `n` rows; in shared memory with `shared` (for a second thread to write). */
export function emptyRowStats(n: number, shared = false): RowStats {
  const f64 = (): Float64Array => shared ? new Float64Array(new SharedArrayBuffer(8 * n)) : new Float64Array(n);
  const u8 = (): Uint8Array => shared ? new Uint8Array(new SharedArrayBuffer(n)) : new Uint8Array(n);
  return { confidence: f64(), outcome: u8(), correct: u8(), nll: f64(), brier: f64(), entropy: f64() };
}

/**
 * The classwise bin sums are kept in two parts, one for the rows of even-numbered blocks of
 * ROW_BLOCK rows and one for odd-numbered blocks, and added at the end (`mergeClasswise`). The
 * probability sums then come out the same to the last bit whether one thread scans every row in
 * order or two threads scan alternate blocks (src/parallel/): each part sees its rows in the
 * same order either way.
 */
export const ROW_BLOCK_SHIFT = 12;
/** Rows per block: 4,096. */
export const ROW_BLOCK = 1 << ROW_BLOCK_SHIFT;

export interface ClasswiseParts {
  readonly even: ClasswiseTotals;
  readonly odd: ClasswiseTotals;
}

export function emptyClasswiseParts(k: number, bins: number): ClasswiseParts {
  return { even: emptyClasswiseTotals(k, bins), odd: emptyClasswiseTotals(k, bins) };
}

/** The part row r (its position in the scan) adds to. */
export function classwisePart(parts: ClasswiseParts, r: number): ClasswiseTotals {
  return ((r >>> ROW_BLOCK_SHIFT) & 1) === 0 ? parts.even : parts.odd;
}

/** The classwise totals of all rows: the even part plus the odd part, cell by cell. */
export function mergeClasswise(even: ClasswiseTotals, odd: ClasswiseTotals): ClasswiseTotals {
  const merged = emptyClasswiseTotals(even.count.length / even.bins, even.bins);
  for (let c = 0; c < merged.count.length; c++) {
    merged.count[c] = even.count[c]! + odd.count[c]!;
    merged.probabilitySum[c] = even.probabilitySum[c]! + odd.probabilitySum[c]!;
    merged.hitSum[c] = even.hitSum[c]! + odd.hitSum[c]!;
  }
  return merged;
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
  const { classes: k, scores, labels } = preds;
  const selection = options.rows;
  const n = selection ? selection.length : preds.rows;
  const temperature = options.temperature;
  const positiveView = preds.binary && config.binaryView === 'positive';
  const m = config.classwiseBins;

  const stats = emptyRowStats(n);
  const parts = emptyClasswiseParts(k, m);
  const kernel = new RowKernel(k, parts, config.edges);
  const given = givenProbabilities(preds, temperature);

  for (let r = 0; r < n; r++) {
    const i = selection ? selection[r]! : r;
    if (given !== undefined) kernel.scanGiven(given, i, scores, labels[i]!, stats, r, preds.binary, positiveView, preds.givenClass);
    else kernel.scan(scores, i * k, labels[i]!, inverseTemperature(temperature, i), stats, r, preds.binary, positiveView);
  }

  return { stats, classwise: mergeClasswise(parts.even, parts.odd) };
}

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
 * `scanRows`' work on the rows of every other block of ROW_BLOCK rows: parity 0 takes blocks 0,
 * 2, 4, ..., parity 1 takes blocks 1, 3, 5, .... Two threads, one per parity, writing to the same
 * shared `stats` and each to its own `parts`, together do exactly what `scanRows` does: merge
 * the even part of the one with the odd part of the other. Every row (no selection).
 */
export function scanBlocks(preds: Predictions, config: ScanConfig, temperature: number | Float64Array | undefined,
  parity: 0 | 1, stats: RowStats, parts: ClasswiseParts): void {
  const { classes: k, scores, labels, rows: n } = preds;
  const positiveView = preds.binary && config.binaryView === 'positive';
  const kernel = new RowKernel(k, parts, config.edges);
  const given = givenProbabilities(preds, temperature);
  for (let start = parity * ROW_BLOCK; start < n; start += 2 * ROW_BLOCK) {
    const end = Math.min(n, start + ROW_BLOCK);
    for (let r = start; r < end; r++) {
      if (given !== undefined) kernel.scanGiven(given, r, scores, labels[r]!, stats, r, preds.binary, positiveView, preds.givenClass);
      else kernel.scan(scores, r * k, labels[r]!, inverseTemperature(temperature, r), stats, r, preds.binary, positiveView);
    }
  }
}

/**
 * The work of one row, shared by `scanRows` and the streaming `RowScanner` so that both do the
 * same arithmetic in the same order. Writes row r of `stats` and adds the row to the classwise
 * bins (the part for r's block, see ROW_BLOCK). `offset` is where the row's K scores start,
 * `b = 1/T`. With `probabilitiesOut` (N x K, like the scores) the row's softmax is also written
 * there, at the same offset.
 */
export class RowKernel {
  private readonly expShifted: Float64Array;
  private readonly probabilities: Float64Array;

  constructor(private readonly k: number, private readonly classwise: ClasswiseParts, private readonly edges: BinEdges) {
    this.expShifted = new Float64Array(k);
    this.probabilities = new Float64Array(k);
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
    addToClasswise(classwisePart(this.classwise, r), probabilities, base, k, y, this.edges);

    // The top class has shifted value 0, so its probability is exactly 1 / sum.
    // scikit-learn's binary Brier score: (q - y)^2, half of the two-class sum (docs/conventions.md).
    writeRowStats(stats, r, y, top === y ? 1 : 0, logExpSum - shiftedLabel, rowEntropy, binary ? rowBrier / 2 : rowBrier,
      positiveView, positiveView ? expShifted[1]! * inverseSum : 0, inverseSum);
  }

  /**
   * `scan` for a row of probabilities as the file gave them (docs/conventions.md, "Inputs"):
   * nothing is recomputed from logs, so the confidence is the row's largest value as parsed, bit
   * for bit, and rows that tie in the file tie here. `given` holds the probabilities (N x K; for
   * the binary one-column layout N values of class `givenClass`'s probability, the row being
   * `(p, 1 - p)` or `(1 - p, p)`), `logs` their logarithms as `Predictions.scores` keeps them (an
   * exact 0 at the floor), row i at `i * K`. Per row:
   *   top = argmax_j p_j (lowest index on ties), confidence = p_top, NLL = -log p_y,
   *   entropy = -sum_j p_j log p_j (0 log 0 = 0), Brier = sum_j (p_j - [j = y])^2
   *   ((q - y)^2 for the binary column, as scikit-learn).
   */
  scanGiven(given: Float64Array, i: number, logs: Float64Array, y: number, stats: RowStats, r: number,
    binary: boolean, positiveView: boolean, givenClass: 0 | 1 = 1, probabilitiesOut?: Float64Array): void {
    const k = this.k;
    const offset = i * k;
    if (binary) {
      const p = given[i]!;
      const p1 = givenClass === 1 ? p : 1 - p;
      const p0 = givenClass === 1 ? 1 - p : p;
      const l0 = logs[offset]!;
      const l1 = logs[offset + 1]!;
      const top = p1 > p0 ? 1 : 0;
      let entropy = 0;
      if (p0 > 0) entropy -= p0 * l0;
      if (p1 > 0) entropy -= p1 * l1;
      const d = p1 - y;
      addPairToClasswise(classwisePart(this.classwise, r), p0, p1, y, this.edges);
      if (probabilitiesOut !== undefined) {
        probabilitiesOut[offset] = p0;
        probabilitiesOut[offset + 1] = p1;
      }
      writeRowStats(stats, r, y, top === y ? 1 : 0, -(y === 1 ? l1 : l0), entropy, d * d, positiveView, p1,
        top === 1 ? p1 : p0);
      return;
    }
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
    addToClasswise(classwisePart(this.classwise, r), given, offset, k, y, this.edges);
    if (probabilitiesOut !== undefined) probabilitiesOut.set(given.subarray(offset, offset + k), offset);
    writeRowStats(stats, r, y, top === y ? 1 : 0, -logs[offset + y]!, entropy, brier, positiveView, 0, pMax);
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
    addPairToClasswise(classwisePart(this.classwise, r), p0, p1, y, this.edges);

    writeRowStats(stats, r, y, top === y ? 1 : 0, logExpSum - shiftedLabel, rowEntropy, binary ? rowBrier / 2 : rowBrier,
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
