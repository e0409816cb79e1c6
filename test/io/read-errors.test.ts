import { describe, expect, test } from 'vitest';
import { expectReadError, readText } from './helpers.js';

describe('cells', () => {
  test.each([
    ['0x10'], ['1_000'], ['abc'], ['1.2.3'], ['--1'],
  ])('%j -> notANumber with line, column and value', async (value) => {
    const e = await expectReadError(`p0,p1,label\n0.5,0.5,0\n0.5,${value},1\n`,
      { line: 3, column: 'p1', message: [`${JSON.stringify(value)} is not a number`] });
    expect(e.format()).toMatch(/:3: column "p1": /);
  });

  test('a decimal comma (semicolon file) -> the hint says so', async () => {
    await expectReadError('p0;p1;label\n0,5;0,5;0\n', { line: 2, column: 'p0', message: ['"0,5" is not a number'], hint: /decimal comma/ });
  });

  test('a thousands separator -> the hint says so', async () => {
    await expectReadError('s0,s1,label\n"1,234.5",2,0\n', { line: 2, column: 's0', message: ['"1,234.5"'], hint: /thousands separator/ });
  });

  test('an empty score cell -> emptyCell', async () => {
    await expectReadError('p0,p1,label\n0.5,0.5,0\n0.5,,1\n', { line: 3, column: 'p1', message: ['the cell is empty'] });
  });

  test.each([['nan'], ['NaN'], ['inf'], ['-Infinity'], ['Infinity'], ['1e999']])('%j -> notFinite', async (value) => {
    await expectReadError(`p0,p1,label\n0.5,0.5,0\n${value},0.5,1\n`,
      { line: 3, column: 'p0', message: [`${JSON.stringify(value)} is not a finite number`] });
  });

  test('a first-row NaN still makes the column a score column (an error, not a silently dropped column)', async () => {
    await expectReadError('p0,p1,label\nnan,0.5,0\n', { line: 2, column: 'p0', message: ['"nan" is not a finite number'] });
  });
});

describe('rows', () => {
  test('too few fields -> raggedRow', async () => {
    await expectReadError('p0,p1,label\n0.5,0.5,0\n0.5,1\n', { line: 3, message: ['row has 2 fields, the header has 3'], hint: /truncated/ });
  });

  test('too many fields -> raggedRow', async () => {
    await expectReadError('p0,p1,label\n0.5,0.5,0,7\n', { line: 2, message: ['row has 4 fields, the header has 3'], hint: /unquoted delimiter/ });
  });

  test('a truncated last line (no newline, cut mid-row) -> raggedRow on that line', async () => {
    await expectReadError('p0,p1,label\r\n0.5,0.5,0\r\n0.25,0.', { line: 3, message: ['row has 2 fields'] });
  });

  test('an unclosed quote -> badCsv on the line where the record starts', async () => {
    await expectReadError('p0,p1,label\n0.5,0.5,0\n"0.5,0.5,1\n0.5,0.5,1\n', { line: 3, message: ['a quoted field is never closed'], hint: /quot/ });
  });

  test('text after a closing quote -> badCsv', async () => {
    await expectReadError('p0,p1,label\n"0.5"x,0.5,1\n', { line: 2, message: ['the CSV is malformed'] });
  });
});

describe('header and file', () => {
  test('an empty file -> emptyFile', async () => {
    await expectReadError('', { message: ['the file is empty'] });
  });

  test('only blank lines or a BOM -> emptyFile', async () => {
    await expectReadError('\n\r\n  \n', { message: ['the file is empty'] });
    await expectReadError('\uFEFF', { message: ['the file is empty'] });
  });

  test('a header without rows -> noRows', async () => {
    await expectReadError('p0,p1,label\n', { line: 1, message: ['header but no data rows'] });
    await expectReadError('p0,p1,label\n\n\n', { line: 1, message: ['header but no data rows'] });
  });

  test('a duplicate column name -> duplicateColumn with both positions', async () => {
    await expectReadError('p0,p1,p0,label\n0.5,0.5,0,0\n', { line: 1, message: ['"p0" twice (columns 1 and 3)'] });
  });

  test('an empty first column name is pandas\' index (dropped); an empty name elsewhere needs #N', async () => {
    const result = await readText(',p0,p1,label\n0,0.5,0.5,0\n');
    expect(result.scoreColumns).toEqual(['p0', 'p1']);
    expect(result.columns[0]).toMatchObject({ position: 1, name: '', role: 'index' });
    await expectReadError('p0,,label\n0.5,0.5,0\n', { line: 1, message: ['"#2" holds numbers'], hint: /--ignore '#2'/ });
    expect((await readText('a,,label\n0.5,0.5,0\n', { scores: ['a', '#2'] })).scoreColumns).toEqual(['a', '#2']);
  });

  test('a header of only the label -> tooFewClasses', async () => {
    await expectReadError('label\n0\n', { line: 1, message: ['only 0 classes found; calibration needs at least two'] });
  });

  test('every other column ignored -> noScoreColumns', async () => {
    await expectReadError('name,p0,label\nx,0.5,0\n', { line: 1, message: ['no score columns'] }, { ignore: ['p0'] });
    await expectReadError('name,kind,label\nx,y,0\n', { line: 1, message: ['no score columns'] });
  });
});
