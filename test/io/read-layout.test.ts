import { describe, expect, test } from 'vitest';
import { expectCalibError, expectReadError, readText, rowsOf } from './helpers.js';

describe('label column', () => {
  test.each(['label', 'labels', 'y', 'Y_TRUE', 'target', 'True_Label', 'class', 'ground_truth'])('found by the name %j', async (name) => {
    const result = await readText(`p0,p1,${name}\n0.5,0.5,1\n`);
    expect(result.labelColumn).toBe(name);
    expect(Array.from(result.predictions.labels)).toEqual([1]);
  });

  test('found anywhere in the header; --label picks another column', async () => {
    expect((await readText('target,p0,p1\n0,0.5,0.5\n')).scoreColumns).toEqual(['p0', 'p1']);
    const result = await readText('truth,p0,p1\n1,0.5,0.5\n', { label: 'truth' });
    expect(result.labelColumn).toBe('truth');
    expect(Array.from(result.predictions.labels)).toEqual([1]);
  });

  test('two candidates -> ambiguousLabel; --label or --ignore resolves it', async () => {
    const text = 'p0,p1,label,target\n0.5,0.5,1,0\n';
    await expectReadError(text, { line: 1, message: ['"label", "target"'], hint: /--label/ });
    expect((await readText(text, { label: 'target' })).predictions.labels[0]).toBe(0);
    expect((await readText(text, { ignore: ['target'] })).predictions.labels[0]).toBe(1);
  });

  test('no candidate -> noLabelColumn listing the columns; an unknown --label -> unknownColumn', async () => {
    await expectReadError('p0,p1,truth\n0.5,0.5,1\n', { line: 1, message: ['"p0", "p1", "truth"'], hint: /--label/ });
    await expectReadError('p0,p1,label\n0.5,0.5,1\n', { kind: 'usage', line: 1, message: ['--label names column "lab"'] }, { label: 'lab' });
  });
});

describe('score columns', () => {
  test('a column whose first value is not a number is left out, with a note; the scores taken are noted', async () => {
    const result = await readText('model,p0,p1,label\nresnet,0.5,0.5,1\n');
    expect(result.scoreColumns).toEqual(['p0', 'p1']);
    expect(result.notes.join('\n')).toContain('column "model" is not used: its first value "resnet" is not a number');
    expect(result.columns.map((c) => c.role)).toEqual(['unused-text', 'score', 'score', 'label']);
    expect(result.notes.join('\n')).toContain('2 score columns: "p0", "p1"');
  });

  test('a numeric id column is never a score column: role id, with a note', async () => {
    const text = 'id,p0,p1,label\n17,0.5,0.5,1\n';
    const result = await readText(text);
    expect(result.scoreColumns).toEqual(['p0', 'p1']);
    expect(result.columns[0]).toEqual({ position: 1, name: 'id', role: 'id', reason: 'named like an id (never a score)' });
    expect(result.notes.join()).toContain('left out: "id" (id: named like an id (never a score))');
    expect(result.warnings).toEqual([]);
    // --scores can still take it, if it really is one.
    expect((await readText(text, { scores: ['id', 'p0', 'p1'], kind: 'logits' })).scoreColumns).toEqual(['id', 'p0', 'p1']);
  });

  test('--scores takes names and globs (* and ?), in header order; --ignore removes from them', async () => {
    const header = 'id,logit_0,logit_1,logit_2,extra,label';
    const text = `${header}\n1,3,-1,0.5,9,2\n`;
    const glob = await readText(text, { scores: ['logit_*'] });
    expect(glob.scoreColumns).toEqual(['logit_0', 'logit_1', 'logit_2']);
    expect(glob.predictions.classNames).toEqual(['0', '1', '2']);
    expect(rowsOf(glob)).toEqual([[3, -1, 0.5]]);
    expect((await readText(text, { scores: ['logit_2', 'logit_?'] })).scoreColumns).toEqual(['logit_0', 'logit_1', 'logit_2']);
    expect((await readText(text, { scores: ['logit_*'], ignore: ['logit_1'] })).scoreColumns).toEqual(['logit_0', 'logit_2']);
  });

  test('--scores naming a missing column -> unknownColumn; naming the label -> usage error', async () => {
    await expectReadError('p0,p1,label\n0.5,0.5,0\n', { kind: 'usage', line: 1, message: ['--scores names column "q*"'] }, { scores: ['q*'] });
    const e = await readText('p0,p1,label\n0.5,0.5,0\n', { scores: ['p0', 'label'] }).catch((x: unknown) => x);
    expect(String(e)).toContain('--scores includes the label column');
  });

  test('--scores naming a text column reads it as scores (and fails on the text)', async () => {
    await expectReadError('name,p0,label\nabc,0.5,0\n', { line: 2, column: 'name', message: ['"abc" is not a number'] },
      { scores: ['name', 'p0'] });
  });

  test('--ignore matching nothing is a warning, not an error', async () => {
    const result = await readText('p0,p1,label\n0.5,0.5,0\n', { ignore: ['id'] });
    expect(result.warnings).toEqual(['--ignore "id" matches no column.']);
  });
});

describe('class names', () => {
  test.each([
    ['p_cat,p_dog', ['cat', 'dog']],
    [Array.from({ length: 10 }, (_, i) => `logit_${i}`).join(','), Array.from({ length: 10 }, (_, i) => String(i))],
    ['cat,car', ['cat', 'car']],
  ])('%s -> %j', async (header, names) => {
    // Scores that look like logits (a logit_* column holding a one-hot row would be a question).
    const values = names.map((_, i) => (i === 0 ? 2.5 : -1)).join(',');
    const result = await readText(`${header},label\n${values},0\n`);
    expect(result.predictions.classNames).toEqual(names);
  });
});

describe('a logit-named column whose values look like probabilities is a question (--kind)', () => {
  test('one column named logit in [0, 1], or logit_* rows summing to 1: exit 2 asking for --kind', async () => {
    await expectReadError('logit,label\n0.2,0\n0.9,1\n', { column: 'logit', message: ['named like a logit'] , hint: /--kind/ });
    await expectReadError('logit_0,logit_1,label\n0.2,0.8,1\n0.6,0.4,0\n', { column: 'logit_0', message: ['every row summing to 1'], hint: /--kind/ });
    const forced = await readText('logit,label\n0.2,0\n0.9,1\n', { kind: 'logits' });
    expect(forced.predictions.kind).toBe('logits');
  });
});

describe('multiclass labels', () => {
  const header = 'p_cat,p_dog,p_bird,label';
  const row = '0.2,0.3,0.5';

  test('indices 0..K-1 (also 2.0, 1e0), stripped names and full header names', async () => {
    const labels = ['0', '2.0', '1e0', 'dog', 'p_bird', ' cat '];
    const result = await readText(`${header}\n${labels.map((l) => `${row},${l}`).join('\n')}\n`);
    expect(Array.from(result.predictions.labels)).toEqual([0, 2, 1, 1, 2, 0]);
  });

  test.each([['3'], ['-1'], ['1.5'], ['cow'], ['Cats']])('label %j -> unknownLabel with line, column and value', async (label) => {
    await expectReadError(`${header}\n${row},0\n${row},${label}\n`,
      { line: 3, column: 'label', message: [`label "${label}" is not one of the classes`, '"cat", "dog", "bird"; or indices 0..2'] });
  });

  test('numeric class names that are not their positions (p_1..p_3) match by name only', async () => {
    const text = 'p_1,p_2,p_3,label\n0.2,0.3,0.5,1\n0.2,0.3,0.5,3\n';
    const result = await readText(text);
    expect(Array.from(result.predictions.labels)).toEqual([0, 2]);
    expect(result.notes.join()).toContain('labels are matched to names');
    await expectReadError('p_1,p_2,p_3,label\n0.2,0.3,0.5,0\n', { line: 2, column: 'label', message: ['label "0"'], hint: /positions are not accepted/ });
  });

  test('an empty label -> emptyCell', async () => {
    await expectReadError(`${header}\n${row},\n`, { line: 2, column: 'label', message: ['the cell is empty'] });
  });
});

describe('binary layout: one score column', () => {
  test('labels 0/1: classes ["0", "1"], rows (log(1 - q), log q)', async () => {
    const result = await readText('p,label\n0.8,1\n0.25,0\n');
    expect(result.predictions).toMatchObject({ classes: 2, binary: true, kind: 'probs', classNames: ['0', '1'] });
    expect(Array.from(result.predictions.labels)).toEqual([1, 0]);
    const rows = rowsOf(result);
    expect(rows[0]?.[0]).toBeCloseTo(Math.log(0.2), 15);
    expect(rows[0]?.[1]).toBe(Math.log(0.8));
    expect(rows[1]).toEqual([Math.log1p(-0.25), Math.log(0.25)]);
  });

  test('true/false in any case, and 1.0/0.0', async () => {
    const result = await readText('p,label\n0.8,TRUE\n0.2,false\n0.3,1.0\n0.4,0.0\n');
    expect(Array.from(result.predictions.labels)).toEqual([1, 0, 1, 0]);
    expect(result.predictions.classNames).toEqual(['0', '1']);
  });

  test('-1/1 read as negative/positive', async () => {
    const result = await readText('s,label\n2.5,1\n-0.5,-1\n');
    expect(Array.from(result.predictions.labels)).toEqual([1, 0]);
    expect(result.predictions.classNames).toEqual(['-1', '1']);
  });

  test('two names: the one that sorts last is positive (noted); --positive overrides', async () => {
    const text = 'p,label\n0.9,yes\n0.2,no\n0.6,yes\n';
    const auto = await readText(text);
    expect(auto.predictions.classNames).toEqual(['no', 'yes']);
    expect(Array.from(auto.predictions.labels)).toEqual([1, 0, 1]);
    expect(auto.notes.join()).toContain('positive class is "yes" (sorts last); use --positive');
    const flipped = await readText(text, { positive: 'no' });
    expect(flipped.predictions.classNames).toEqual(['yes', 'no']);
    expect(Array.from(flipped.predictions.labels)).toEqual([0, 1, 0]);
  });

  test('a third label -> thirdBinaryLabel at its line', async () => {
    await expectReadError('p,label\n0.9,yes\n0.2,no\n0.6,maybe\n', { line: 4, column: 'label', message: ['"maybe" is a third distinct label'] });
  });

  test('one name only -> singleBinaryLabel; --positive settles it', async () => {
    await expectReadError('p,label\n0.9,yes\n0.6,yes\n', { column: 'label', message: ['every label is "yes"'], hint: /--positive "yes"/ });
    const result = await readText('p,label\n0.9,yes\n0.6,yes\n', { positive: 'yes' });
    expect(result.predictions.classNames).toEqual(['not yes', 'yes']);
    expect(Array.from(result.predictions.labels)).toEqual([1, 1]);
  });

  test('--positive not among the labels -> positiveNotFound', async () => {
    await expectReadError('p,label\n0.9,yes\n0.6,no\n', { kind: 'usage', column: 'label', message: ['--positive "cat"'] }, { positive: 'cat' });
  });

  test('values outside [0, 1] -> logits stored as (0, s); huge logits accepted', async () => {
    const result = await readText('logit,label\n1e300,1\n-1e300,0\n0.5,1\n');
    expect(result.kindDecision.kind).toBe('logits');
    expect(rowsOf(result)).toEqual([[0, 1e300], [0, -1e300], [0, 0.5]]);
  });

  test('a whole-number column named like a prediction is bookkeeping, not a score -> noScoreColumns naming it', async () => {
    await expectReadError('pred,label\n0,0\n1,1\n2,1\n', { line: 1, message: ['bookkeeping ("pred")'], hint: /--scores pred/ });
  });

  test('a column of whole numbers with another name -> implausibleBinary', async () => {
    await expectReadError('votes,label\n0,0\n1,1\n2,1\n', { line: 4, column: 'votes', message: ['binary score 2'] });
  });

  test('--positive with several score columns is ignored with a warning', async () => {
    const result = await readText('p0,p1,label\n0.5,0.5,1\n', { positive: 'x' });
    expect(result.warnings).toContain('--positive is only used with a single score column; ignored.');
  });
});

describe('kind decision (docs/conventions.md, "Inputs")', () => {
  test('probabilities: reason, the values as given, and their logs', async () => {
    const result = await readText('a,b,c,label\n0.2,0.3,0.5,0\n0,0,1,0\n');
    expect(result.kindDecision).toEqual({
      kind: 'probs', how: 'auto', reason: 'every row is in [0, 1] and sums to 1 within 1e-3 or its rounding',
    });
    // Row 2's true class (a) has p = 0: one floor hit, stored as log(1e-12).
    expect(result.floorHits).toBe(1);
    expect(rowsOf(result)[1]).toEqual([Math.log(1e-12), Math.log(1e-12), 0]);
    expect(Array.from(result.predictions.probabilities!)).toEqual([0.2, 0.3, 0.5, 0, 0, 1]);
  });

  test('logits: the reason counts the rows that are not probability rows', async () => {
    const result = await readText('a,b,label\n2,-1,0\n0.5,0.5,1\n3,4,1\n');
    expect(result.kindDecision).toMatchObject({ kind: 'logits', how: 'auto' });
    expect(result.kindDecision.reason).toMatch(/^2 of 3 rows are not probability rows/);
  });

  test('damaged probabilities -> damagedProbs naming the first failing row, its values and sum', async () => {
    await expectReadError('a,b,label\n0.5,0.5,0\n0.25,0.75,1\n0.5,0.25,1\n', { line: 4, message: ['2 of 3 rows', 'values 0.5, 0.25', 'sum 0.75'] });
  });

  test('--kind probs: out of range and bad sums name line and column; --renormalize divides by the sum', async () => {
    await expectReadError('a,b,label\n0.5,0.5,0\n2,-1,0\n', { line: 3, column: 'a', message: ['probability 2 is outside [0, 1]'] }, { kind: 'probs' });
    // Two values with 2 decimals may sum to 1 +- 0.01; 0.9 is beyond.
    await expectReadError('a,b,label\n0.55,0.35,0\n', { line: 2, message: ['sum to 0.9', 'at most 2 decimals', 'within 0.01'] },
      { kind: 'probs' });
    const result = await readText('a,b,label\n0.55,0.35,0\n', { kind: 'probs', renormalize: true });
    // 0.55 / 0.9 = 11/18, 0.35 / 0.9 = 7/18.
    expect(rowsOf(result)[0]?.[0]).toBeCloseTo(Math.log(11 / 18), 14);
    expect(rowsOf(result)[0]?.[1]).toBeCloseTo(Math.log(7 / 18), 14);
    expect(result.predictions.probabilities![0]).toBe(0.55 / (0.55 + 0.35));
    expect(result.kindDecision).toEqual({ kind: 'probs', how: 'forced', reason: 'forced by --kind' });
  });

  test('--kind logits stores probabilities-looking values as given', async () => {
    const result = await readText('a,b,label\n0.5,0.5,0\n', { kind: 'logits' });
    expect(rowsOf(result)).toEqual([[0.5, 0.5]]);
    expect(result.predictions.kind).toBe('logits');
  });

  test('--prob-floor changes the floor; an invalid floor is a usage error', async () => {
    const result = await readText('a,b,label\n0,1,0\n', { probFloor: 1e-6 });
    expect(rowsOf(result)[0]?.[0]).toBe(Math.log(1e-6));
    await expect(readText('a,b,label\n0,1,0\n', { probFloor: 0 })).rejects.toMatchObject({ kind: 'usage' });
  });
});

describe('binary positive class named by the score column', () => {
  test('p_fraud with labels fraud/legit: fraud is positive although legit sorts last', async () => {
    const result = await readText('p_fraud,label\n0.9,fraud\n0.2,legit\n');
    expect(result.predictions.classNames).toEqual(['legit', 'fraud']);
    expect(Array.from(result.predictions.labels)).toEqual([1, 0]);
    expect(result.notes.join()).toContain('positive class is "fraud" (named by the score column "p_fraud")');
  });
});

describe('names taken from the labels and the data', () => {
  test('labels written as full headers keep the full headers as class names', async () => {
    const result = await readText('class_0,class_1,y_true\n0.9,0.1,class_1\n0.2,0.8,class_0\n');
    expect(result.predictions.classNames).toEqual(['class_0', 'class_1']);
    expect(Array.from(result.predictions.labels)).toEqual([1, 0]);
    // The same columns with index labels get the stripped names.
    expect((await readText('class_0,class_1,y_true\n0.9,0.1,1\n')).predictions.classNames).toEqual(['0', '1']);
  });

  test('no label-like name: the only text column is the label, with a note', async () => {
    const result = await readText('score,diagnosis\n-4.5,benign\n2.5,malignant\n');
    expect(result.labelColumn).toBe('diagnosis');
    expect(result.predictions.classNames).toEqual(['benign', 'malignant']);
    expect(Array.from(result.predictions.labels)).toEqual([0, 1]);
    expect(result.notes.join()).toContain('"diagnosis" is the only text column');
  });

  test('two text columns, or only an index-like one, is still noLabelColumn', async () => {
    await expectReadError('name,score,diagnosis\nx,-4.5,benign\n', { line: 1, message: ['no label column found'] });
    await expectReadError('id,p0,p1\nimg_1,0.5,0.5\n', { line: 1, message: ['no label column found'] });
  });
});

describe('column roles (issue 16)', () => {
  const roles = (result: { columns: readonly { role: string }[] }): string[] => result.columns.map((c) => c.role);

  test('pandas: an empty first header and "Unnamed: N" are the index; ids by name are never scores', async () => {
    const result = await readText(',Unnamed: 0,image_id,p_0,p_1,label\n0,0,17,0.2,0.8,1\n');
    expect(roles(result)).toEqual(['index', 'index', 'id', 'score', 'score', 'label']);
  });

  test("pandas' index in Parquet (pyarrow's __index_level_0__, after a filter) is the index, not an unresolved number", async () => {
    const result = await readText('__index_level_0__,p_0,p_1,label\n3,0.2,0.8,1\n7,0.6,0.4,0\n');
    expect(roles(result)).toEqual(['index', 'score', 'score', 'label']);
    expect(result.columns[0]!.reason).toContain('pyarrow');
  });

  test('bookkeeping names are left out when every sampled value is whole; a fraction makes them an error', async () => {
    const result = await readText('fold,y_true,y_pred,y_prob\n0,1,1,0.8\n1,0,0,0.4\n');
    expect(roles(result)).toEqual(['bookkeeping', 'label', 'bookkeeping', 'score']);
    await expectReadError('y_true,pred,y_prob\n1,1,0.8\n0,0.4,0.6\n', { line: 1, message: ['"pred" holds numbers'], hint: /--ignore pred/ });
  });

  test('a numeric column outside the family, or two families, stop with the flag to pass', async () => {
    await expectReadError('p_0,p_1,loss,label\n0.2,0.8,0.3,1\n', { line: 1, message: ['"loss" holds numbers'], hint: /--ignore loss.*--scores 'p_\*'/ });
    await expectReadError('p_0,p_1,logit_0,logit_1,label\n0.2,0.8,0,1,1\n', { line: 1, message: ['"p_0", "p_1" (columns named "p_*")'], hint: /--scores 'p_\*'/ });
    expect((await readText('p_0,p_1,loss,label\n0.2,0.8,0.3,1\n', { ignore: ['loss'] })).scoreColumns).toEqual(['p_0', 'p_1']);
  });

  test('#N addresses a column by position in --label, --scores and --ignore', async () => {
    const text = 'p,p,x\n0.2,0.8,1\n';
    await expectReadError(text, { line: 1, message: ['"p" twice (columns 1 and 2)'], hint: /'#2'/ }, { label: 'x' });
    const result = await readText(text, { label: '#3', scores: ['#1', '#2'] });
    expect(result.scoreColumns).toEqual(['p (#1)', 'p (#2)']);
    expect((await readText(text, { label: 'x', ignore: ['#1'] })).scoreColumns).toEqual(['p (#2)']);
  });

  test('class names match labels ignoring case when no two names differ only in case', async () => {
    const result = await readText('Setosa,Versicolor,label\n0.9,0.1,setosa\n0.2,0.8,VERSICOLOR\n');
    expect(Array.from(result.predictions.labels)).toEqual([0, 1]);
    expect(result.notes.join()).toContain('ignoring case');
    await expectReadError('a,A,label\n0.5,0.5,a\n0.5,0.5,b\n', { line: 3, column: 'label', message: ['label "b"'] });
  });

  test('--classes names numbered score columns; their count must match', async () => {
    const text = '0,1,2,label\n0.7,0.2,0.1,cat\n0.1,0.8,0.1,dog\n0.1,0.1,0.8,fox\n';
    await expectReadError(text, { line: 2, column: 'label', message: ['label "cat"'], hint: /--classes/ });
    const result = await readText(text, { classes: ['cat', 'dog', 'fox'] });
    expect(result.predictions.classNames).toEqual(['cat', 'dog', 'fox']);
    expect(Array.from(result.predictions.labels)).toEqual([0, 1, 2]);
    await expectCalibError(readText(text, { classes: ['cat', 'dog'] }), { kind: 'usage', line: 1, message: ['--classes gives 2 names for 3 score columns'] });
  });

  test('labels 1..K with columns named 1..K, also written 2.0', async () => {
    const result = await readText('1,2,3,label\n0.7,0.2,0.1,1\n0.1,0.8,0.1,2.0\n0.1,0.1,0.8,3\n');
    expect(Array.from(result.predictions.labels)).toEqual([0, 1, 2]);
  });

  test('number labels that leave out the class at one end of numbered columns fit two ways: --classes says which', async () => {
    // Labels 1, 2 beside p_0..p_2: names, or classes 1..3 in column order (predict_proba of a model fitted on 1..3).
    const shifted = 'p_0,p_1,p_2,label\n0.7,0.2,0.1,1\n0.1,0.8,0.1,2\n';
    await expectReadError(shifted, { column: 'label', message: ['no label is class "0"', '"p_1" by name', '"p_0"'], hint: /--classes 0,1,2 .*--classes 1,2,3/ });
    expect(Array.from((await readText(shifted, { classes: ['1', '2', '3'] })).predictions.labels)).toEqual([0, 1]);
    expect(Array.from((await readText(shifted, { classes: ['0', '1', '2'] })).predictions.labels)).toEqual([1, 2]);
    // Labels 1, 2 beside columns 1, 2, 3: names, or positions 0..2 of encoded labels.
    const encoded = '1,2,3,label\n0.7,0.2,0.1,1\n0.1,0.8,0.1,2\n';
    await expectReadError(encoded, { column: 'label', message: ['no label is class "3"'], hint: /--classes 1,2,3 .*--classes 0,1,2/ });
    // Class 0 (or class K) present, or one label throughout: one reading only.
    expect(Array.from((await readText('p_0,p_1,p_2,label\n0.7,0.2,0.1,0\n0.1,0.8,0.1,2\n')).predictions.labels)).toEqual([0, 2]);
    expect(Array.from((await readText('p_0,p_1,label\n0.2,0.8,1\n')).predictions.labels)).toEqual([1]);
  });

  test('a numbered family does not take in p_max; a confidence beside a predicted class is questioned', async () => {
    await expectReadError('p_0,p_1,p_max,label\n0.2,0.8,0.8,1\n', { line: 1, message: ['"p_max" holds numbers'], hint: /--ignore p_max/ });
    const hf = 'label,predicted_label,score\nPOS,POS,0.9\nNEG,POS,0.6\nNEG,NEG,0.8\n';
    await expectReadError(hf, { line: 1, message: ['"score" is never below 0.5', '"predicted_label"'], hint: /--scores score/ });
    expect((await readText(hf, { scores: ['score'] })).scoreColumns).toEqual(['score']);
    // Values below 0.5: P(y = 1), read as such.
    expect((await readText('y_true,y_pred,y_prob\n1,1,0.9\n0,0,0.2\n')).scoreColumns).toEqual(['y_prob']);
  });

  test('bare class-name columns must be named by some label', async () => {
    // Logits: nothing in the values tells loss apart, but no label names it.
    await expectReadError('cat,dog,loss,label\n2.5,-1,0.36,cat\n0.2,1.8,0.22,dog\n',
      { line: 1, message: ['"loss" is read as class scores by name'], hint: /--ignore loss/ });
    // With index labels, a column whose removal makes every row sum to 1 is outside the family.
    await expectReadError('cat,dog,fox,loss,label\n0.7,0.2,0.1,0.36,0\n0.2,0.5,0.3,0.69,1\n', { line: 1, message: ['"loss" holds numbers'], hint: /--ignore loss/ });
    // A column of whole numbers beside class names holding fractions is outside the family.
    await expectReadError('cat,dog,model,label\n0.7,0.3,3,cat\n0.2,0.8,3,dog\n', { line: 1, message: ['"model" holds numbers'], hint: /--ignore model/ });
  });
});
