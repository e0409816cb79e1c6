import { describe, expect, test } from 'vitest';
import { toPredictions, type ConversionOptions, type NumericTable } from '../../src/io/to-predictions.js';
import { expectCalibError } from './helpers.js';

const AUTO: ConversionOptions = { kind: 'auto', probFloor: 1e-12, renormalize: false };

/** A table whose row r is on line r + 2 (as right after a header). */
function table(rows: number[][], labels: number[], classNames?: string[]): NumericTable {
  const width = rows[0]?.length ?? 0;
  return {
    file: 'm.csv', rows: rows.length, width, values: Float64Array.from(rows.flat()), labels: Int32Array.from(labels),
    classNames: classNames ?? (width === 1 ? ['0', '1'] : Array.from({ length: width }, (_, i) => `c${i}`)),
    scoreColumns: Array.from({ length: width }, (_, i) => `s${i}`),
    lineOf: (row) => row + 2,
  };
}

const convert = (rows: number[][], labels: number[], options: Partial<ConversionOptions> = {}) =>
  toPredictions(table(rows, labels), { ...AUTO, ...options });

describe('auto-detection, one column per class (docs/conventions.md, "Inputs")', () => {
  test('every row in [0, 1] summing to 1 within its rounding -> probabilities, kept as given, with their logs', () => {
    // Row 2 has 3 decimals and 3 classes: it may sum to 1 +- 0.0015 (3 x 0.5e-3); 0.999 is kept as written.
    const c = convert([[0.25, 0.75, 0], [0.334, 0.333, 0.332]], [1, 0]);
    expect(c.kindDecision).toEqual({
      kind: 'probs', how: 'auto', reason: 'every row is in [0, 1] and sums to 1 within 1e-3 or its rounding',
    });
    const s = c.predictions.scores;
    expect(s[0]).toBe(Math.log(0.25));
    expect(s[1]).toBe(Math.log(0.75));
    expect(s[2]).toBe(Math.log(1e-12));
    expect(s[3]).toBe(Math.log(0.334));
    expect(Array.from(c.predictions.probabilities!)).toEqual([0.25, 0.75, 0, 0.334, 0.333, 0.332]);
    expect(c.predictions.kind).toBe('probs');
    expect(c.predictions.binary).toBe(false);
  });

  test('a row summing to 1 within 1e-3 but beyond its rounding -> probSum with the tolerance applied', async () => {
    // 0.5005 + 0.5 = 1.0005: values with 4 decimals allow 2 x 0.5e-4 = 1e-4, so the row is refused,
    // and the message says the sum and that tolerance, never 1e-3.
    const e = await expectCalibError(Promise.resolve().then(() => convert([[0.25, 0.75], [0.5005, 0.5]], [1, 0])),
      { file: 'm.csv', line: 3, message: ['sum to 1.0005', 'at most 4 decimals', 'within 0.0001'], hint: /--renormalize/ });
    expect(e.message).not.toMatch(/1e-3/);
  });

  test('rounded probabilities: df.round(3) of 10 classes may sum to 1 +- 0.005, each row as written', () => {
    const rows = [[0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.104], [0.996, 0, 0, 0, 0, 0, 0, 0, 0, 0]];
    const c = convert(rows, [9, 0]);
    expect(c.kindDecision.kind).toBe('probs');
    expect(c.predictions.probabilities![9]).toBe(0.104);
  });

  test('no more than half of the rows pass -> logits, stored as given; the reason counts the failing rows', () => {
    // Rows 1 and 2 fail (a value outside [0, 1]; a sum of 0.5), rows 3 and 4 pass: 2 of 4 pass, which is not more than half.
    const c = convert([[2, -1], [0.25, 0.25], [0.5, 0.5], [0, 1]], [0, 0, 1, 1]);
    expect(c.kindDecision.kind).toBe('logits');
    expect(c.kindDecision.reason).toMatch(/^2 of 4 rows are not probability rows/);
    expect(Array.from(c.predictions.scores)).toEqual([2, -1, 0.25, 0.25, 0.5, 0.5, 0, 1]);
    expect(c.floorHits).toBe(0);
  });

  test('more than half but not all rows pass -> damagedProbs naming the first failing row', async () => {
    // 3 of 4 rows pass; row index 2 (line 4) sums to 0.9.
    const e = await expectCalibError(Promise.resolve().then(() => convert([[0.5, 0.5], [0.1, 0.9], [0.45, 0.45], [0.3, 0.7]], [0, 1, 0, 1])),
      { file: 'm.csv', line: 4, message: ['3 of 4 rows', 'values 0.45, 0.45', 'sum 0.9', 'allowed 1 ± 0.01'], hint: /--kind/ });
    expect(e.format()).toMatch(/^m\.csv:4: /);
  });

  test('huge logits (1e300, -1e300) are finite and accepted', () => {
    const c = convert([[1e300, -1e300], [-1e300, 1e300]], [0, 1]);
    expect(c.kindDecision.kind).toBe('logits');
    expect(Array.from(c.predictions.scores)).toEqual([1e300, -1e300, -1e300, 1e300]);
  });
});

describe('--kind probs', () => {
  test('a value outside [0, 1] -> probOutOfRange with line, column and value', async () => {
    await expectCalibError(Promise.resolve().then(() => convert([[0.5, 0.5], [1.5, -0.5]], [0, 0], { kind: 'probs' })),
      { file: 'm.csv', line: 3, column: 's0', message: ['1.5', 'outside [0, 1]'] });
  });

  test('a row sum beyond its rounding -> probSum, unless renormalize', async () => {
    await expectCalibError(Promise.resolve().then(() => convert([[0.23, 0.67]], [0], { kind: 'probs' })),
      { file: 'm.csv', line: 2, message: ['sum to 0.9'], hint: /--renormalize/ });
    // 0.23 + 0.67 = 0.9: stored log(0.23) - log(0.9), log(0.67) - log(0.9), probabilities divided by the sum.
    const c = convert([[0.23, 0.67]], [0], { kind: 'probs', renormalize: true });
    expect(c.predictions.scores[0]).toBeCloseTo(Math.log(23 / 90), 14);
    expect(c.predictions.scores[1]).toBeCloseTo(Math.log(67 / 90), 14);
    expect(c.predictions.probabilities![0]).toBe(0.23 / (0.23 + 0.67));
    expect(c.notes.join()).toMatch(/1 of 1 probability rows .* divided by their sum/);
  });

  test('a row of zeros cannot be renormalized', async () => {
    await expectCalibError(Promise.resolve().then(() => convert([[0, 0]], [0], { kind: 'probs', renormalize: true })),
      { file: 'm.csv', line: 2, message: ['sum to 0'], hint: /row of zeros/ });
  });

  test('renormalizing a tiny probability by a large sum does not underflow to -Infinity', () => {
    // 5e-324 / 2 rounds to 0 in doubles; log(5e-324) - log(2) = -744.44 - 0.69 = -745.13 does not.
    const c = convert([[5e-324, 1, 1]], [0], { kind: 'probs', renormalize: true, probFloor: 1e-12 });
    expect(5e-324 / 2).toBe(0);
    expect(c.predictions.scores[0]).toBeCloseTo(Math.log(5e-324) - Math.log(2), 10);
  });

  test('exact zeros become log(floor); floorHits counts rows whose TRUE class was 0', () => {
    // Row 1: true class 0 has p = 0 (hit). Row 2: a 0 on a wrong class (no hit). Row 3: no zero.
    const c = convert([[0, 1], [1, 0], [0.5, 0.5]], [0, 0, 1], { kind: 'probs', probFloor: 1e-6 });
    expect(c.floorHits).toBe(1);
    expect(c.predictions.scores[0]).toBe(Math.log(1e-6));
    expect(c.predictions.scores[1]).toBe(0);
    expect(c.predictions.scores[3]).toBe(Math.log(1e-6));
    expect(c.kindDecision).toEqual({ kind: 'probs', how: 'forced', reason: 'forced by --kind' });
  });
});

describe('--kind logits', () => {
  test('stores values as given, even when they look like probabilities', () => {
    const c = convert([[0.25, 0.75]], [1], { kind: 'logits' });
    expect(c.kindDecision).toEqual({ kind: 'logits', how: 'forced', reason: 'forced by --kind' });
    expect(Array.from(c.predictions.scores)).toEqual([0.25, 0.75]);
  });
});

describe('binary, one column', () => {
  test('values in [0, 1] are P(y = 1): rows (log(1 - q), log q), 0 and 1 floored on the zero side', () => {
    const c = convert([[0.8], [0], [1], [0.5]], [1, 1, 0, 0]);
    expect(c.kindDecision.kind).toBe('probs');
    expect(c.kindDecision.how).toBe('auto');
    const s = Array.from(c.predictions.scores);
    expect(s[0]).toBeCloseTo(Math.log(0.2), 15);
    expect(s[1]).toBe(Math.log(0.8));
    expect(s.slice(2, 4)).toEqual([0, Math.log(1e-12)]); // q = 0
    expect(s.slice(4, 6)).toEqual([Math.log(1e-12), 0]); // q = 1
    expect(s.slice(6, 8)).toEqual([Math.log(0.5), Math.log(0.5)]);
    // Row 2: label 1 with q = 0; row 3: label 0 with q = 1: both true classes hit the floor.
    expect(c.floorHits).toBe(2);
    expect(c.predictions).toMatchObject({ classes: 2, binary: true, rows: 4 });
  });

  test('log(1 - q) keeps precision for tiny q (log1p)', () => {
    const c = convert([[1e-17]], [0]);
    expect(c.predictions.scores[0]).toBe(-1e-17);
  });

  test('any value outside [0, 1] -> logits, stored as (0, s)', () => {
    const c = convert([[0.5], [2.5], [-1e300]], [0, 1, 0]);
    expect(c.kindDecision.kind).toBe('logits');
    expect(c.kindDecision.reason).toMatch(/^2 of 3 values are outside \[0, 1\]/);
    expect(Array.from(c.predictions.scores)).toEqual([0, 0.5, 0, 2.5, 0, -1e300]);
  });

  test('a column of whole numbers not all in [0, 1] is implausible (a predicted class or a count)', async () => {
    await expectCalibError(Promise.resolve().then(() => convert([[0], [1], [3], [2]], [0, 1, 1, 0])),
      { file: 'm.csv', line: 4, column: 's0', message: ['binary score 3'], hint: /--kind logits/ });
    // ...but --kind logits accepts it.
    expect(convert([[0], [1], [3]], [0, 1, 1], { kind: 'logits' }).predictions.scores[5]).toBe(3);
  });

  test('--kind probs refuses a value outside [0, 1]', async () => {
    await expectCalibError(Promise.resolve().then(() => convert([[0.5], [1.25]], [0, 1], { kind: 'probs' })),
      { file: 'm.csv', line: 3, column: 's0', message: ['1.25'] });
  });
});

test('fewer than two classes is refused', async () => {
  await expectCalibError(Promise.resolve().then(() => toPredictions(table([[1], [2]], [0, 0], ['only']), AUTO)),
    { file: 'm.csv', line: 1, message: ['only 1 class found'] });
});

describe('auto-detection never turns damage into logits (docs/conventions.md)', () => {
  const named = (rows: number[][], labels: number[], column: string, options: Partial<ConversionOptions> = {}, classNames?: string[]) =>
    toPredictions({ ...table(rows, labels, classNames), scoreColumns: [column] }, { ...AUTO, ...options });

  test('rows summing to 100 are percentages: an error naming --percent; --percent divides by 100', async () => {
    await expectCalibError(Promise.resolve().then(() => convert([[20, 80], [35.5, 64.5]], [1, 0])),
      { line: 2, message: ['2 of 2 rows', 'percent'], hint: /--percent/ });
    const c = convert([[20, 80], [35.5, 64.5]], [1, 0], { percent: true });
    expect(c.kindDecision.kind).toBe('probs');
    expect(Array.from(c.predictions.probabilities!)).toEqual([0.2, 0.8, 0.355, 0.645]);
    expect(c.notes).toContain('scores divided by 100 (--percent).');
  });

  test('whole percentages of 3 classes may sum to 99 or 101', async () => {
    await expectCalibError(Promise.resolve().then(() => convert([[33, 33, 33], [50, 25, 25]], [0, 1])), { line: 2, message: ['percent'] });
  });

  test('a binary column in [0, 100] named like a probability: percentages', async () => {
    await expectCalibError(Promise.resolve().then(() => named([[12.5], [97], [0.5]], [0, 1, 0], 'y_prob')),
      { line: 2, column: 'y_prob', message: ['in [0, 100]', 'percentages'], hint: /--percent/ });
  });

  test('a binary column named like a probability with a value outside [0, 1]: damaged, never logits', async () => {
    await expectCalibError(Promise.resolve().then(() => named([[0.2], [1.3], [-0.4], [0.9]], [0, 1, 0, 1], 'prob')),
      { line: 3, column: 'prob', message: ['1.3', 'damaged probabilities'], hint: /--kind logits/ });
  });

  test('a binary column mostly in [0, 1] with a few values outside: damaged', async () => {
    await expectCalibError(Promise.resolve().then(() => named([[0.2], [0.7], [-2.5], [0.9]], [0, 1, 0, 1], 'score')),
      { line: 4, column: 'score', message: ['3 of 4 values are in [0, 1]'] });
  });

  test('a binary column clearly spread beyond [0, 1], with negative values: logits', () => {
    const c = named([[-3.2], [4.1], [-0.5], [2.2]], [0, 1, 0, 1], 'score');
    expect(c.kindDecision.kind).toBe('logits');
  });

  test('negative whole numbers are plausible logits (binary and one column per class)', () => {
    expect(named([[10], [-10], [3]], [1, 0, 1], 'logit').kindDecision.kind).toBe('logits');
    expect(convert([[10, -10], [-10, 10]], [0, 1]).kindDecision.kind).toBe('logits');
  });

  test('non-negative whole numbers are a count or a class: an error', async () => {
    await expectCalibError(Promise.resolve().then(() => convert([[3, 0], [7, 2]], [0, 1])), { line: 2, message: ['non-negative whole number'] });
    await expectCalibError(Promise.resolve().then(() => named([[3], [7], [12]], [0, 1, 1], 'pred')),
      { line: 2, column: 'pred', message: ['non-negative whole number'] });
  });
});

describe('a single column named for a class is that class\'s probability', () => {
  const one = (column: string, values: number[], labels: number[], classNames = ['0', '1'], options: Partial<ConversionOptions> = {}) =>
    toPredictions({ ...table(values.map((v) => [v]), labels, classNames), scoreColumns: [column] }, { ...AUTO, ...options });

  test('p_0 with labels 0/1 is P(y = 0): the row is (p, 1 - p) and the note says so', () => {
    const c = one('p_0', [0.9, 0.2], [0, 1]);
    expect(c.predictions.givenClass).toBe(0);
    expect(c.kindDecision.reason).toMatch(/P\(y = "0"\)/);
    expect(c.notes.join(' ')).toMatch(/named for class "0"/);
    // Stored logs: (log p, log(1 - p)); softmax gives back (0.9, 0.1) and (0.2, 0.8).
    expect(c.predictions.scores[0]).toBe(Math.log(0.9));
    expect(c.predictions.scores[1]).toBe(Math.log1p(-0.9));
    expect(c.predictions.scores[2]).toBe(Math.log(0.2));
  });

  test('names: p_neg / p_negative / p_false are class 0; p_1, p_pos, prob, y_prob are class 1', () => {
    for (const column of ['p_neg', 'prob_negative', 'p_false', 'proba_0']) expect(one(column, [0.5], [0]).predictions.givenClass).toBe(0);
    for (const column of ['p_1', 'p_pos', 'prob', 'y_prob', 'score', '1']) expect(one(column, [0.5], [0]).predictions.givenClass).toBe(1);
  });

  test('one column named like a log-probability (log_proba, logp, log_prob_1) is a question, not a logit', async () => {
    for (const column of ['log_proba', 'logp', 'log_prob_1', 'y_log_proba']) {
      await expectCalibError(Promise.resolve().then(() => one(column, [-0.1, -2.3], [1, 0])), { column, message: ['log-probability'], hint: /np\.exp.*--kind logits/ });
    }
    expect(one('log_proba', [-0.1, -2.3], [1, 0], ['0', '1'], { kind: 'logits' }).kindDecision.kind).toBe('logits');
    expect(one('logit', [-0.1, -2.3], [1, 0]).kindDecision.kind).toBe('logits');
  });

  test('a column named just 0 (pandas\' name for pd.DataFrame(model.predict(x))) is a question; --classes answers it', async () => {
    await expectCalibError(Promise.resolve().then(() => one('0', [0.9, 0.2], [1, 0])), { column: '0', message: ['pandas'], hint: /--classes 1 .*--classes 0/ });
    const as = (scoreClass: string) => toPredictions({ ...table([[0.9], [0.2]], [1, 0], ['0', '1']), scoreColumns: ['0'], scoreClass }, AUTO);
    expect(as('1').predictions.givenClass).toBe(1);
    expect(as('0').predictions.givenClass).toBe(0);
  });

  test('string classes: p_benign with classes benign/malignant holds P(benign)', () => {
    expect(one('p_benign', [0.5], [0], ['benign', 'malignant']).predictions.givenClass).toBe(0);
    expect(one('p_malignant', [0.5], [0], ['benign', 'malignant']).predictions.givenClass).toBe(1);
  });

  test('a logit column named for class 0 is the logit of P(y = 0): stored (s, 0)', () => {
    const c = one('logit_0', [2.5, -1], [0, 1], ['0', '1'], { kind: 'logits' });
    expect(Array.from(c.predictions.scores)).toEqual([2.5, 0, -1, 0]);
  });
});
