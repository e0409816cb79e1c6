import type { Predictions, ScoreKind } from '../core/predictions.js';
import { PROB_SUM_TOLERANCE } from '../core/config.js';
import { errors } from '../core/errors.js';

/**
 * The step between tokenizing and the rest of calib: a raw numeric matrix and class ids become
 * validated `Predictions` in log space (METRICS.md, "Inputs" and "Auto-detection"). It knows
 * nothing of CSV, so any reader (the csv-parse one, a future byte-level one) ends here.
 */
export interface NumericTable {
  readonly file: string;
  readonly rows: number;
  /** Score columns in the file: K for the wide layout, 1 for a binary P(y = 1) column. */
  readonly width: number;
  /** Row-major rows x width values, exactly as written in the file. */
  readonly values: Float64Array;
  /** Class of each row, 0..classNames.length-1. */
  readonly labels: Int32Array;
  readonly classNames: readonly string[];
  readonly scoreColumns: readonly string[];
  /** 1-based physical line of a row, for messages. */
  lineOf(row: number): number;
}

export interface ConversionOptions {
  readonly kind: 'auto' | 'logits' | 'probs';
  readonly probFloor: number;
  readonly renormalize: boolean;
  /**
   * Computes a binary probability column's logs (`probabilityPairLogs` over every row). The
   * reader passes one that does half the rows on a second thread (src/parallel/).
   */
  readonly pairLogs?: PairLogs;
}

/** `probabilityPairLogs` over all rows of `values`, however it is computed. */
export type PairLogs = (values: Float64Array, labels: Int32Array, out: Float64Array, logFloor: number) => PairLogsResult;

export interface PairLogsResult {
  /** Rows whose true class got probability exactly 0 (replaced by the floor). */
  readonly floorHits: number;
  /** The first row whose value is not in [0, 1], or -1. */
  readonly firstBad: number;
}

export interface KindDecision {
  readonly kind: ScoreKind;
  readonly how: 'auto' | 'forced';
  /** One human sentence. */
  readonly reason: string;
}

export interface Conversion {
  readonly predictions: Predictions;
  readonly kindDecision: KindDecision;
  /** Rows whose true-class probability was exactly 0 and was replaced by the floor. */
  readonly floorHits: number;
  readonly notes: readonly string[];
}

export function toPredictions(table: NumericTable, options: ConversionOptions): Conversion {
  if (table.classNames.length < 2) throw errors.tooFewClasses(table.file, table.classNames.length);
  return table.width === 1 ? binary(table, options) : wide(table, options);
}

// ---------------------------------------------------------------- wide: one column per class

function wide(table: NumericTable, options: ConversionOptions): Conversion {
  const { rows, width: k, values } = table;
  let decision: KindDecision;
  if (options.kind === 'auto') {
    let passing = 0;
    let firstFailing = -1;
    for (let r = 0; r < rows; r++) {
      if (isProbabilityRow(values, r * k, k)) passing++;
      else if (firstFailing < 0) firstFailing = r;
    }
    if (passing === rows) {
      decision = { kind: 'probs', how: 'auto', reason: 'every row is in [0, 1] and sums to 1 within 1e-3' };
    } else if (passing <= rows / 2) {
      decision = {
        kind: 'logits', how: 'auto',
        reason: `${rows - passing} of ${rows} rows are not probability rows (values in [0, 1] summing to 1 within 1e-3)`,
      };
    } else {
      const base = firstFailing * k;
      throw errors.damagedProbs(table.file, table.lineOf(firstFailing), formatRow(values, base, k),
        rowSum(values, base, k), passing, rows);
    }
  } else {
    decision = { kind: options.kind, how: 'forced', reason: 'forced by --kind' };
  }
  if (decision.kind === 'logits') {
    const exact = values.length === rows * k ? values : values.slice(0, rows * k);
    return { predictions: build(table, k, exact, 'logits', false), kindDecision: decision, floorHits: 0, notes: [] };
  }

  const logFloor = Math.log(options.probFloor);
  const out = scoresLike(values, rows * k);
  // log p - log sum rather than log(p / sum): a tiny p divided by a large sum (--renormalize) must
  // not underflow to 0 and give -Infinity.
  let floorHits = 0;
  let renormalized = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * k;
    for (let j = 0; j < k; j++) {
      const p = values[base + j] ?? NaN;
      if (!(p >= 0 && p <= 1)) throw errors.probOutOfRange(table.file, table.lineOf(r), table.scoreColumns[j] ?? '', p);
    }
    const sum = rowSum(values, base, k);
    if (!(Math.abs(sum - 1) <= PROB_SUM_TOLERANCE)) {
      if (!options.renormalize || sum === 0) throw errors.probSum(table.file, table.lineOf(r), sum);
      renormalized++;
    }
    const logSum = Math.log(sum);
    for (let j = 0; j < k; j++) {
      const p = values[base + j] ?? 0;
      out[base + j] = p === 0 ? logFloor : Math.log(p) - logSum;
    }
    if (values[base + (table.labels[r] ?? 0)] === 0) floorHits++;
  }
  const notes = renormalized > 0
    ? [`${renormalized} of ${rows} probability rows did not sum to 1 within 1e-3 and were renormalized (--renormalize).`] : [];
  return { predictions: build(table, k, out, 'probs', false), kindDecision: decision, floorHits, notes };
}

/** Every value in [0, 1] and the sum within PROB_SUM_TOLERANCE of 1 (METRICS.md). */
function isProbabilityRow(values: Float64Array, base: number, k: number): boolean {
  let sum = 0;
  for (let j = 0; j < k; j++) {
    const p = values[base + j] ?? NaN;
    if (!(p >= 0 && p <= 1)) return false;
    sum += p;
  }
  return Math.abs(sum - 1) <= PROB_SUM_TOLERANCE;
}

function rowSum(values: Float64Array, base: number, k: number): number {
  let sum = 0;
  for (let j = 0; j < k; j++) sum += values[base + j] ?? 0;
  return sum;
}

function formatRow(values: Float64Array, base: number, k: number): string {
  const shown = Array.from(values.subarray(base, base + Math.min(k, 8)), String);
  return shown.join(', ') + (k > 8 ? `, ... (${k} values)` : '');
}

// ---------------------------------------------------------------- binary: one P(y = 1) column

/**
 * One column: probabilities if every value is in [0, 1], else logits (METRICS.md). Stored as
 * `(log(1 - q), log q)` or `(0, s)`, so softmax of a row is `(1 - q, q)` or `(1 - sigmoid(s),
 * sigmoid(s))`.
 *
 * Plausibility rule (auto mode only): a column that is not all in [0, 1] and holds nothing but
 * whole numbers is refused. That is what a predicted class, a count or a second label column looks
 * like; a model's logits are practically never all integers. Any finite value is otherwise a
 * valid logit, however large; `--kind logits` skips the rule.
 */
function binary(table: NumericTable, options: ConversionOptions): Conversion {
  const { rows, values } = table;
  let decision: KindDecision;
  if (options.kind === 'auto') {
    let outside = 0;
    let firstOutside = -1;
    let allIntegers = true;
    for (let r = 0; r < rows; r++) {
      const v = values[r] ?? NaN;
      if (!(v >= 0 && v <= 1)) {
        outside++;
        if (firstOutside < 0) firstOutside = r;
      }
      if (allIntegers && !Number.isInteger(v)) allIntegers = false;
    }
    if (outside === 0) {
      decision = { kind: 'probs', how: 'auto', reason: 'every value is in [0, 1], so the column is read as P(y = 1)' };
    } else if (allIntegers) {
      throw errors.implausibleBinary(table.file, table.lineOf(firstOutside), table.scoreColumns[0] ?? '', values[firstOutside] ?? NaN);
    } else {
      decision = {
        kind: 'logits', how: 'auto',
        reason: `${outside} of ${rows} values are outside [0, 1], so the column is read as the logit of P(y = 1)`,
      };
    }
  } else {
    decision = { kind: options.kind, how: 'forced', reason: 'forced by --kind' };
  }

  const out = scoresLike(values, rows * 2);
  let floorHits = 0;
  if (decision.kind === 'logits') {
    for (let r = 0; r < rows; r++) out[2 * r + 1] = values[r] ?? 0;
  } else {
    const column = values.length === rows ? values : values.subarray(0, rows);
    const result = (options.pairLogs ?? allPairLogs)(column, table.labels, out, Math.log(options.probFloor));
    if (result.firstBad >= 0) {
      throw errors.probOutOfRange(table.file, table.lineOf(result.firstBad), table.scoreColumns[0] ?? '', values[result.firstBad] ?? NaN);
    }
    floorHits = result.floorHits;
  }
  return { predictions: build(table, 2, out, decision.kind, true), kindDecision: decision, floorHits, notes: [] };
}

/**
 * Rows `from .. to - 1` of a binary probability column q as the pair (log(1 - q), log q), in
 * `out` (two per row); a probability of exactly 0 becomes `logFloor`. Stops at the first value
 * outside [0, 1] and returns its row (the caller reports it with its line).
 */
export function probabilityPairLogs(values: Float64Array, labels: Int32Array, out: Float64Array, logFloor: number,
  from: number, to: number): PairLogsResult {
  let floorHits = 0;
  for (let r = from; r < to; r++) {
    const q = values[r]!;
    if (!(q >= 0 && q <= 1)) return { floorHits, firstBad: r };
    out[2 * r] = q === 1 ? logFloor : q === 0 ? 0 : Math.log1p(-q);
    out[2 * r + 1] = q === 0 ? logFloor : Math.log(q);
    if ((labels[r] === 1 && q === 0) || (labels[r] === 0 && q === 1)) floorHits++;
  }
  return { floorHits, firstBad: -1 };
}

const allPairLogs: PairLogs = (values, labels, out, logFloor) => probabilityPairLogs(values, labels, out, logFloor, 0, values.length);

/** A zeroed array for converted scores, in shared memory when the values read are (a second thread may read it). */
function scoresLike(values: Float64Array, length: number): Float64Array {
  return values.buffer instanceof SharedArrayBuffer
    ? new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT)) : new Float64Array(length);
}

function build(table: NumericTable, classes: number, scores: Float64Array, kind: ScoreKind, isBinary: boolean): Predictions {
  const labels = table.labels.length === table.rows ? table.labels : table.labels.slice(0, table.rows);
  return { rows: table.rows, classes, classNames: table.classNames, scores, labels, kind, binary: isBinary };
}
