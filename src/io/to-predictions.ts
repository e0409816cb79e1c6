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
    const logFloor = Math.log(options.probFloor);
    for (let r = 0; r < rows; r++) {
      const q = values[r] ?? NaN;
      if (!(q >= 0 && q <= 1)) throw errors.probOutOfRange(table.file, table.lineOf(r), table.scoreColumns[0] ?? '', q);
      out[2 * r] = q === 1 ? logFloor : q === 0 ? 0 : Math.log1p(-q);
      out[2 * r + 1] = q === 0 ? logFloor : Math.log(q);
      if ((table.labels[r] === 1 && q === 0) || (table.labels[r] === 0 && q === 1)) floorHits++;
    }
  }
  return { predictions: build(table, 2, out, decision.kind, true), kindDecision: decision, floorHits, notes: [] };
}

/** A zeroed array for converted scores, in shared memory when the values read are (a second thread may read it). */
function scoresLike(values: Float64Array, length: number): Float64Array {
  return values.buffer instanceof SharedArrayBuffer
    ? new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT)) : new Float64Array(length);
}

function build(table: NumericTable, classes: number, scores: Float64Array, kind: ScoreKind, isBinary: boolean): Predictions {
  const labels = table.labels.length === table.rows ? table.labels : table.labels.slice(0, table.rows);
  return { rows: table.rows, classes, classNames: table.classNames, scores, labels, kind, binary: isBinary };
}
