import { columnPairLogs, logOfComplement, logOfGiven, withLazyScores, type Predictions, type ScoreKind } from '../core/predictions.js';
import { PROB_SUM_TOLERANCE } from '../core/config.js';
import { errors } from '../core/errors.js';
import { namesLabel } from './labels.js';
import { parseScore } from './parse-score.js';

/**
 * The step between tokenizing and the rest of calib: a raw numeric matrix and class ids become
 * validated `Predictions` (docs/conventions.md, "Inputs" and "Auto-detection"): logits as they
 * are, probabilities as they are plus their logs. It knows nothing of CSV, so every reader ends
 * here.
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
  /** One score column: the class it holds, when `--classes NAME` said so (instead of its name). */
  readonly scoreClass?: string;
  /** 1-based physical line of a row, for messages. */
  lineOf(row: number): number;
  /**
   * The reader found every value a number within half the largest double (no NaN, no infinity,
   * no row of logits that can span more than a double holds): the checks for those are skipped.
   */
  readonly bounded?: boolean;
}

export interface ConversionOptions {
  readonly kind: 'auto' | 'logits' | 'probs';
  readonly probFloor: number;
  readonly renormalize: boolean;
  /** The scores are percentages: divide them by 100 before anything else (`--percent`). */
  readonly percent?: boolean;
  /**
   * Computes a binary probability column's logs (`probabilityPairLogs` over every row). The
   * runtime's readers pass one that shares the rows out among threads (src/parallel/).
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

// ---------------------------------------------------------------- row sums and their tolerance

/**
 * Decimal places of the shortest text that reads back as `v` (`0.35` -> 2, `1.5e-7` -> 8): what a
 * writer that rounded to d places left, or fewer (never more), so a tolerance built on it is
 * never stricter than the text allows.
 */
export function decimalPlaces(v: number): number {
  const text = String(v);
  const e = text.indexOf('e');
  const mantissa = e < 0 ? text : text.slice(0, e);
  const exponent = e < 0 ? 0 : Number(text.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const fraction = dot < 0 ? 0 : mantissa.length - dot - 1;
  return Math.max(0, fraction - exponent);
}

/** A probability row may always be this far from 1 (docs/conventions.md, "Inputs"). */
export const MIN_SUM_TOLERANCE = 1e-6;

/**
 * How far from 1 a row of K probabilities may sum: the rounding its text allows, K x 0.5 x 10^-d
 * for values with at most d >= 1 decimals (`df.round(3)` of 10 classes: 0.005), never less than
 * MIN_SUM_TOLERANCE, plus the rounding of the sum itself (a few ulps a term). `values` are the
 * numbers as written: for percentages divided by 100 afterwards, `extraDecimals` is 2.
 */
export function sumTolerance(values: Float64Array, base: number, k: number, extraDecimals = 0): { tolerance: number; decimals: number } {
  let decimals = 0;
  for (let j = 0; j < k; j++) decimals = Math.max(decimals, decimalPlaces(values[base + j]!) + extraDecimals);
  // Whole numbers (a one-hot row of 0s and 1s) were not rounded: they allow no slack.
  const rounding = decimals === 0 ? 0 : k * 0.5 * 10 ** -decimals * (1 + 1e-9) + k * 4 * Number.EPSILON;
  return { tolerance: Math.max(MIN_SUM_TOLERANCE, rounding), decimals };
}

/** Row sums this close to 1 need no tolerance worked out (most rows of most files). */
function sumsToOne(sum: number): boolean {
  return Math.abs(sum - 1) <= MIN_SUM_TOLERANCE;
}

// ---------------------------------------------------------------- wide: one column per class

/**
 * Auto-detection (docs/conventions.md, "Auto-detection"): a row is a probability row when its
 * values are in [0, 1] and it sums to 1 within PROB_SUM_TOLERANCE or the rounding its text allows,
 * whichever is larger. Every row passing: probabilities. Most rows summing to 100 within their
 * rounding: percentages, an error (or `--percent`). At most half passing: logits, unless every
 * value is a non-negative whole number (a predicted class or a count: an error). In between: damaged
 * probabilities, an error naming the first row that fails.
 */
function wide(table: NumericTable, options: ConversionOptions): Conversion {
  const { rows, width: k } = table;
  const values = options.percent ? dividedBy100(table.values, rows * k) : table.values;
  /** How a row's tolerance is found: from the numbers as written. */
  const tolerance = (base: number): { tolerance: number; decimals: number } =>
    options.percent ? sumTolerance(table.values, base, k, 2) : sumTolerance(values, base, k);
  let decision: KindDecision;
  if (options.percent) {
    decision = percentDecision(table, options);
  } else if (options.kind === 'auto') {
    decision = detectWide(table, values);
  } else {
    decision = { kind: options.kind, how: 'forced', reason: 'forced by --kind' };
  }
  if (decision.kind === 'logits') {
    const exact = values.length === rows * k ? values : values.slice(0, rows * k);
    if (table.bounded !== true) checkLogitSpans(table, exact);
    return { predictions: build(table, k, exact, 'logits', false), kindDecision: decision, floorHits: 0, notes: [] };
  }

  const logFloor = Math.log(options.probFloor);
  const out = scoresLike(values, rows * k);
  let probabilities = values.length === rows * k ? values : values.subarray(0, rows * k);
  let floorHits = 0;
  let renormalized = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * k;
    for (let j = 0; j < k; j++) {
      const p = values[base + j]!;
      if (!(p >= 0 && p <= 1)) {
        throw errors.probOutOfRange(table.file, table.lineOf(r), table.scoreColumns[j] ?? '', table.values[base + j]!,
          options.percent === true);
      }
    }
    const sum = rowSum(values, base, k);
    if (!sumsToOne(sum)) {
      const allowed = tolerance(base);
      if (!(Math.abs(sum - 1) <= allowed.tolerance)) {
        if (!options.renormalize || sum === 0) {
          throw errors.probSum(table.file, table.lineOf(r), sum, allowed.tolerance, allowed.decimals, options.percent === true);
        }
        // A copy, so that the numbers read stay as read (the reader's buffer may be shared).
        if (renormalized === 0) probabilities = Float64Array.from(probabilities);
        renormalized++;
        // log p - log sum rather than log(p / sum): a tiny p divided by a large sum must not
        // underflow to 0 and give -Infinity.
        const logSum = Math.log(sum);
        for (let j = 0; j < k; j++) {
          const p = values[base + j]!;
          probabilities[base + j] = p / sum;
          out[base + j] = p === 0 ? logFloor : Math.log(p) - logSum;
        }
        if (values[base + table.labels[r]!] === 0) floorHits++;
        continue;
      }
    }
    for (let j = 0; j < k; j++) {
      const p = values[base + j]!;
      out[base + j] = p === 0 ? logFloor : Math.log(p);
    }
    if (values[base + table.labels[r]!] === 0) floorHits++;
  }
  const notes = renormalized > 0
    ? [`${renormalized} of ${rows} probability rows did not sum to 1 within their rounding and were divided by their sum (--renormalize).`] : [];
  if (options.percent) notes.push('scores divided by 100 (--percent).');
  const predictions = { ...build(table, k, out, 'probs', false), probabilities, logFloor };
  return { predictions, kindDecision: decision, floorHits, notes };
}

/**
 * Logits whose row spans more than the largest double (`1e308, -1e308`) have a log-softmax that
 * no double holds (the NLL of the low class is over 1.8e308): refused, naming the row, rather
 * than reported as an infinite or NaN metric.
 */
export function checkLogitSpans(table: NumericTable, values: Float64Array): void {
  const k = table.width;
  const r = firstSpanningRow(values, 0, table.rows, k);
  if (r >= 0) throw errors.logitSpan(table.file, table.lineOf(r), formatRow(values, r * k, k));
}

/**
 * The first of `count` rows (row i's K values at `values[start + i K ..]`) whose logits span more
 * than the largest double, or -1.
 */
export function firstSpanningRow(values: Float64Array, start: number, count: number, k: number): number {
  // No row can span more than the largest double while every value is within half of it: one
  // cheap pass over the matrix says so for every file a model writes.
  let huge = false;
  const end = start + count * k;
  for (let i = start; i < end; i++) {
    const v = values[i]!;
    if (v > HALF_MAX || v < -HALF_MAX) {
      huge = true;
      break;
    }
  }
  if (!huge) return -1;
  for (let r = 0; r < count; r++) {
    const base = start + r * k;
    let lo = values[base]!;
    let hi = lo;
    for (let j = 1; j < k; j++) {
      const v = values[base + j]!;
      if (v < lo) lo = v;
      else if (v > hi) hi = v;
    }
    if (!Number.isFinite(hi - lo)) return r;
  }
  return -1;
}

/**
 * The conversion of a wide table read as a window of rows (read-predictions.ts, ScoreWindow):
 * logits, as `decide` says (a WideDetector's decision over every row as it was read), with
 * scores that were not kept. Reading them is a programming error: only the per-row pass made
 * while reading is there.
 */
export function windowedLogits(table: NumericTable, decide: () => KindDecision): Conversion {
  // In toPredictions' order: the classes, then the kind.
  if (table.classNames.length < 2) throw errors.tooFewClasses(table.file, table.classNames.length);
  const decision = decide();
  if (decision.kind !== 'logits') throw new Error('windowedLogits: a windowed read is of logits only');
  const predictions = withLazyScores(fields(table, table.width, 'logits', false), () => {
    throw new Error('the scores of a file read in a window were not kept: only its per-row pass is there');
  });
  return { predictions, kindDecision: decision, floorHits: 0, notes: [] };
}

/** Half the largest double: two values within it differ by a finite amount. */
const HALF_MAX = Number.MAX_VALUE / 2;

/** `--percent` says the scores are probabilities (in percent): they are validated as such, never detected. */
function percentDecision(table: NumericTable, options: ConversionOptions): KindDecision {
  if (options.kind === 'logits') throw errors.percentWithLogits();
  return { kind: 'probs', how: 'forced', reason: 'probabilities in percent (--percent), divided by 100' };
}

function detectWide(table: NumericTable, values: Float64Array): KindDecision {
  const detector = new WideDetector(table.width);
  detector.add(values, 0, table.rows);
  return detector.decide(table);
}

/**
 * `--kind auto`'s tests of a wide table's rows (see `wide`), fed the rows in order: all at once,
 * or a window at a time while the file is read (read-predictions.ts), then `decide`d. Keeps the
 * counts and the values of the rows its messages name (the first row, the first that fails), so
 * the rows need not be kept.
 */
export class WideDetector {
  private rows = 0;
  private passing = 0;
  private firstFailing = -1;
  private failingValues: Float64Array | undefined;
  private firstValues: Float64Array | undefined;
  private percentRows = 0;
  private wholeNonNegative = true;
  private everyRowInUnit = true;

  constructor(private readonly k: number) {}

  /** Rows detected so far. */
  get detected(): number {
    return this.rows;
  }

  /** Every row so far is a probability row (so the file may still be probabilities). */
  get allPass(): boolean {
    return this.passing === this.rows;
  }

  /** The next `count` rows, row i's K values at `values[start + i K ..]`. */
  add(values: Float64Array, start: number, count: number): void {
    const k = this.k;
    const tolerance = (base: number): { tolerance: number } => sumTolerance(values, base, k);
    if (this.rows === 0 && count > 0) this.firstValues = values.slice(start, start + k);
    for (let i = 0; i < count; i++) {
      const base = start + i * k;
      let inUnit = true;
      let inPercent = true;
      let sum = 0;
      for (let j = 0; j < k; j++) {
        const v = values[base + j]!;
        if (!(v >= 0 && v <= 1)) {
          inUnit = false;
          if (!(v <= 100)) inPercent = false;
        }
        if (this.wholeNonNegative && !(v >= 0 && Number.isInteger(v))) this.wholeNonNegative = false;
        // A logit row is told apart at its first negative value: nothing more to learn from it.
        if (!(v >= 0)) {
          inPercent = false;
          if (!this.wholeNonNegative) break;
        }
        sum += v;
      }
      if (inUnit && isProbabilitySum(base, k, sum, tolerance)) {
        this.passing++;
        continue;
      }
      if (this.firstFailing < 0) {
        this.firstFailing = this.rows + i;
        this.failingValues = values.slice(base, base + k);
      }
      if (!inUnit) this.everyRowInUnit = false;
      if (!inUnit && inPercent && isPercentSum(values, base, k, sum)) this.percentRows++;
    }
    this.rows += count;
  }

  /** The kind of every row added (docs/conventions.md, "Auto-detection"), or the error that says why calib cannot tell. */
  decide(table: Pick<NumericTable, 'file' | 'lineOf' | 'scoreColumns'>): KindDecision {
    const { rows, passing, k } = this;
    if (passing === rows) {
      if (table.scoreColumns.every((c) => LOGIT_NAME.test(c))) throw errors.logitNamedProbabilities(table.file, table.scoreColumns[0] ?? '', true);
      return { kind: 'probs', how: 'auto', reason: 'every row is in [0, 1] and sums to 1 within 1e-3 or its rounding' };
    }
    const failing = this.failingValues!;
    const line = table.lineOf(this.firstFailing);
    if (this.percentRows > rows / 2) {
      throw errors.percentRows(table.file, line, formatRow(failing, 0, k), rowSum(failing, 0, k), this.percentRows, rows);
    }
    if (passing > rows / 2) {
      throw errors.damagedProbs(table.file, line, formatRow(failing, 0, k), rowSum(failing, 0, k), passing, rows,
        Math.max(PROB_SUM_TOLERANCE, sumTolerance(failing, 0, k).tolerance));
    }
    if (this.wholeNonNegative) {
      throw errors.wholeNumberScores(table.file, table.lineOf(0), formatRow(this.firstValues!, 0, k));
    }
    // Every value in [0, 1] but the rows do not sum to 1: per-class sigmoid (one-vs-rest) probabilities
    // as often as logits that happen to stay in [0, 1]. Read as logits they give plausible numbers of
    // the wrong thing, so calib asks, unless the column names say logits.
    if (this.everyRowInUnit && !table.scoreColumns.every((c) => LOGIT_NAME.test(c))) {
      throw errors.unitScoresNotSumming(table.file, line, formatRow(failing, 0, k), rowSum(failing, 0, k), rows - passing, rows);
    }
    return {
      kind: 'logits', how: 'auto',
      reason: `${rows - passing} of ${rows} rows are not probability rows (values in [0, 1] summing to 1)`,
    };
  }
}

/** Detection's test of a row in [0, 1]: its sum within PROB_SUM_TOLERANCE of 1, or within its rounding. */
function isProbabilitySum(base: number, k: number, sum: number, tolerance: (base: number) => { tolerance: number }): boolean {
  const off = Math.abs(sum - 1);
  if (off <= PROB_SUM_TOLERANCE) return true;
  // No rounding allows more than K x 0.05 (one decimal): past that, no need to count decimals.
  if (off > 0.05 * k) return false;
  return off <= tolerance(base).tolerance;
}

/**
 * A row in [0, 100] summing to 100 within 0.1, or within the rounding of its values (whole
 * percentages allow K x 0.5), at most PERCENT_SLACK: percentages.
 */
function isPercentSum(values: Float64Array, base: number, k: number, sum: number): boolean {
  const off = Math.abs(sum - 100);
  if (off <= 100 * PROB_SUM_TOLERANCE) return true;
  if (off > PERCENT_SLACK) return false;
  let decimals = 0;
  for (let j = 0; j < k; j++) decimals = Math.max(decimals, decimalPlaces(values[base + j]!));
  return off <= Math.min(PERCENT_SLACK, k * 0.5 * 10 ** -decimals * (1 + 1e-9));
}

/** The most a row of percentages may be off 100 and still count as one (5 percentage points). */
const PERCENT_SLACK = 5;

function dividedBy100(values: Float64Array, length: number): Float64Array {
  const out = scoresLike(values, length);
  for (let i = 0; i < length; i++) out[i] = values[i]! / 100;
  return out;
}

function rowSum(values: Float64Array, base: number, k: number): number {
  let sum = 0;
  for (let j = 0; j < k; j++) sum += values[base + j] ?? 0;
  return sum;
}

/** A row's values for a message (at most 8 of them). */
export function formatRow(values: Float64Array, base: number, k: number): string {
  const shown = Array.from(values.subarray(base, base + Math.min(k, 8)), String);
  return shown.join(', ') + (k > 8 ? `, ... (${k} values)` : '');
}

// ---------------------------------------------------------------- binary: one score column

/**
 * Column names that say the column holds logits: when their values look like probabilities
 * instead, name and values contradict each other, and calib asks (`--kind`).
 */
const LOGIT_NAME = /^(?:logit|logits|y_logit|decision|decision_function|margin|log_odds|(?:logit|logits)[_\-. ].+)$/i;

/**
 * Column names that say the column holds a log-probability (`predict_log_proba[:, 1]`): with
 * several columns, log-probabilities are logits (softmax gives the probabilities back), but the
 * sigmoid of one log-probability is not its probability, so calib asks.
 */
const LOG_PROBABILITY_NAME = /^(?:y_)?(?:log_?p|log_?probs?|log_?proba|log_?probability|log_?probabilities)(?:[_\-. ].+)?$/i;

/** Column names that say the column holds a probability. */
const PROBABILITY_NAME = /^(?:p|prob|probs|proba|probability|probabilities|y_prob|y_proba|pred_prob|pred_proba|predict_proba|y_pred_prob|y_pred_proba|confidence|(?:p|prob|proba|probability)[_\-. ].+)$/i;

/**
 * One column: the probability (or logit) of class `givenClass` (1 unless the column is named for
 * class 0: `p_0`, `p_neg`, `p_benign`). Auto-detection (docs/conventions.md): every value in
 * [0, 1] is probabilities. Otherwise it is never read as probabilities, and only read as logits
 * when nothing else fits: values in [0, 100] with none negative are percentages or logits (an
 * error: `--percent` or `--kind logits` says which); a column named like a probability, or one
 * whose values are mostly in [0, 1], is damaged (an error naming the first bad row); whole
 * numbers that are never negative are a predicted class or a count (an error). Negative whole
 * numbers are plausible logits. Stored as `(log(1 - q), log q)` or `(0, s)` (swapped for class 0),
 * so softmax of a row is `(1 - q, q)` or `(1 - sigmoid(s), sigmoid(s))`.
 */
function binary(table: NumericTable, options: ConversionOptions): Conversion {
  const { rows } = table;
  const column = table.scoreColumns[0] ?? '';
  const raw = table.values.length === rows ? table.values : table.values.subarray(0, rows);
  const values = options.percent ? dividedBy100(raw, rows) : raw;
  const givenClass = scoreColumnClass(table, column);
  const of = givenClass === 1 ? 'P(y = 1)' : `P(y = ${JSON.stringify(table.classNames[0])})`;
  let decision: KindDecision;
  if (options.percent) {
    decision = percentDecision(table, options);
    // Percentages that never pass 1 are probabilities already: dividing them would shrink every
    // score a hundredfold and still look valid.
    let largest = 0;
    for (let r = 0; r < rows; r++) if (raw[r]! > largest) largest = raw[r]!;
    if (largest <= 1) throw errors.percentOfProbabilities(table.file, column);
  } else if (options.kind === 'auto') {
    decision = detectBinary(table, values, column, of);
  } else {
    decision = { kind: options.kind, how: 'forced', reason: 'forced by --kind' };
  }
  const notes = givenClass === 0
    ? [`column ${JSON.stringify(column)} is named for class ${JSON.stringify(table.classNames[0])}, so it is read as ${of}; the positive class ${JSON.stringify(table.classNames[1])} has 1 minus it.`]
    : [];
  if (options.percent) notes.push('scores divided by 100 (--percent).');

  let floorHits = 0;
  if (decision.kind === 'logits') {
    const out = scoresLike(values, rows * 2);
    for (let r = 0; r < rows; r++) out[2 * r + givenClass] = values[r]!;
    return { predictions: build(table, 2, out, 'logits', true), kindDecision: decision, floorHits, notes };
  }
  const logFloor = Math.log(options.probFloor);
  const checked = checkProbabilityColumn(values, table.labels, givenClass);
  if (checked.firstBad >= 0) {
    throw errors.probOutOfRange(table.file, table.lineOf(checked.firstBad), column, raw[checked.firstBad]!, options.percent === true);
  }
  floorHits = checked.floorHits;
  // The pair of logs (16 bytes a row) is made only if a command reads `scores`: report's per-row
  // pass takes the logs of the probabilities itself.
  const predictions = withLazyScores({ ...fields(table, 2, 'probs', true), probabilities: values, givenClass, logFloor }, () => {
    const out = scoresLike(values, rows * 2);
    if (givenClass === 1) (options.pairLogs ?? allPairLogs)(values, table.labels, out, logFloor);
    else columnPairLogs(values, 0, logFloor, out);
    return out;
  });
  return { predictions, kindDecision: decision, floorHits, notes };
}

/**
 * The first value of a binary probability column outside [0, 1] (-1 when none), and the rows
 * whose true class has probability exactly 0 (`givenClass` is the class the column holds).
 */
function checkProbabilityColumn(values: Float64Array, labels: Int32Array, givenClass: 0 | 1): PairLogsResult {
  let floorHits = 0;
  for (let r = 0; r < values.length; r++) {
    const v = values[r]!;
    if (!(v >= 0 && v <= 1)) return { floorHits, firstBad: r };
    // The true class's probability is v for a row of the column's class, 1 - v otherwise.
    if (v === (labels[r] === givenClass ? 0 : 1)) floorHits++;
  }
  return { floorHits, firstBad: -1 };
}

function detectBinary(table: NumericTable, values: Float64Array, column: string, of: string): KindDecision {
  const rows = table.rows;
  let outside = 0;
  let firstOutside = -1;
  let negative = false;
  let whole = true;
  let largest = -Infinity;
  for (let r = 0; r < rows; r++) {
    const v = values[r]!;
    if (!(v >= 0 && v <= 1)) {
      outside++;
      if (firstOutside < 0) firstOutside = r;
    }
    if (v < 0) negative = true;
    if (whole && !Number.isInteger(v)) whole = false;
    if (v > largest) largest = v;
  }
  if (outside === 0) {
    if (LOGIT_NAME.test(column)) throw errors.logitNamedProbabilities(table.file, column);
    return { kind: 'probs', how: 'auto', reason: `every value is in [0, 1], so the column is read as ${of}` };
  }
  const line = table.lineOf(firstOutside);
  const value = values[firstOutside]!;
  if (LOG_PROBABILITY_NAME.test(column)) throw errors.logProbabilityColumn(table.file, column);
  const named = PROBABILITY_NAME.test(column);
  if (!negative && whole && !named) throw errors.implausibleBinary(table.file, line, column, value);
  if (!negative && largest <= 100) throw errors.percentColumn(table.file, line, column, value, named);
  if (named) throw errors.damagedProbColumn(table.file, line, column, value, `its name says it holds probabilities`);
  if (rows - outside > rows / 2) {
    throw errors.damagedProbColumn(table.file, line, column, value, `${rows - outside} of ${rows} values are in [0, 1]`);
  }
  return {
    kind: 'logits', how: 'auto',
    reason: `${outside} of ${rows} values are outside [0, 1] and some are negative, so the column is read as the logit of ${of}`,
  };
}

/**
 * The class a single score column is named for: the class whose name the column's name is or
 * ends with after a separator (`p_0`, `proba_1`, `p_fraud`; the longest such name wins), or, for
 * labels 0/1, `neg`/`negative`/`false` and `pos`/`positive`/`true`. 1 when it names neither.
 */
export function columnClass(column: string, classNames: readonly string[]): 0 | 1 {
  // The length of the name the column is named for (the longest wins), 0 when it names none.
  const ends = (name: string): number => (name !== '' && namesLabel(column, name) ? name.length : 0);
  const conventional = classNames[1] === '1' && (classNames[0] === '0' || classNames[0] === '-1');
  const synonyms = (names: readonly string[]): number => Math.max(0, ...names.map(ends));
  const zero = Math.max(ends(classNames[0] ?? ''), conventional ? synonyms(['neg', 'negative', 'false']) : 0);
  const one = Math.max(ends(classNames[1] ?? ''), conventional ? synonyms(['pos', 'positive', 'true']) : 0);
  return zero > one ? 0 : 1;
}

/**
 * The class the one score column holds: the one `--classes NAME` names, else the one its name
 * names (`columnClass`). A number in the name is a question when the labels are numbers too:
 * `p_1` beside labels 1 and 2 is class "1" by name but class 2 by position (scikit-learn's
 * `predict_proba[:, 1]`), so calib asks for `--classes`.
 */
function scoreColumnClass(table: NumericTable, column: string): 0 | 1 {
  const names = table.classNames;
  if (table.scoreClass !== undefined) {
    const wanted = table.scoreClass.trim().toLowerCase();
    const i = names.findIndex((name) => name.toLowerCase() === wanted);
    if (i < 0) throw errors.scoreClassNotFound(table.file, table.scoreClass, names);
    return i === 0 ? 0 : 1;
  }
  const byName = columnClass(column, names);
  // `0` is the name pandas gives the one column of pd.DataFrame(model.predict(x)) or
  // pd.DataFrame(proba[:, 1]), which hold P(y = 1): by its name the column holds class 0.
  if (byName === 0 && column.trim() === '0') throw errors.pandasColumnZero(table.file, column, names[0]!, names[1]!);
  const suffix = /(?:^|[_\-. :/|])(\d+)$/.exec(column)?.[1];
  const numbers = names.map((name) => parseScore(name));
  const conventional = names[1] === '1' && (names[0] === '0' || names[0] === '-1');
  if (suffix !== undefined && !conventional && numbers.every((x) => x !== undefined)) {
    const position = Number(suffix);
    const sorted = [...names].sort((a, b) => parseScore(a)! - parseScore(b)!);
    const atPosition = position <= 1 ? sorted[position] : undefined;
    const named = names.find((name) => parseScore(name) === position);
    if (atPosition !== undefined && named !== undefined && atPosition !== named) {
      throw errors.ambiguousScoreClass(table.file, column, named, atPosition);
    }
  }
  return byName;
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
    out[2 * r] = logOfComplement(q, logFloor);
    out[2 * r + 1] = logOfGiven(q, logFloor);
    if ((labels[r] === 1 && q === 0) || (labels[r] === 0 && q === 1)) floorHits++;
  }
  return { floorHits, firstBad: -1 };
}

const allPairLogs: PairLogs = (values, labels, out, logFloor) => probabilityPairLogs(values, labels, out, logFloor, 0, values.length);

/** A zeroed array for converted scores, in shared memory when the values read are (other threads may read it). */
function scoresLike(values: Float64Array, length: number): Float64Array {
  return values.buffer instanceof SharedArrayBuffer
    ? new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT)) : new Float64Array(length);
}

function build(table: NumericTable, classes: number, scores: Float64Array, kind: ScoreKind, isBinary: boolean): Predictions {
  return { ...fields(table, classes, kind, isBinary), scores };
}

/** `build` without the scores. */
function fields(table: NumericTable, classes: number, kind: ScoreKind, isBinary: boolean): Omit<Predictions, 'scores'> {
  const labels = table.labels.length === table.rows ? table.labels : table.labels.slice(0, table.rows);
  return { rows: table.rows, classes, classNames: table.classNames, labels, kind, binary: isBinary };
}
