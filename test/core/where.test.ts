import { describe, expect, it } from 'vitest';
import { CalibError } from '../../src/core/errors.js';
import { matchRows, parseWhere, whereColumns } from '../../src/core/where.js';

const caught = (f: () => unknown): CalibError => {
  try { f(); } catch (error) { if (error instanceof CalibError) return error; throw error; }
  throw new Error('expected a CalibError');
};

describe('parseWhere', () => {
  it.each([
    ['split=test', 'split', '=', ['test']],
    ['split == test', 'split', '=', ['test']],
    ['lang!=en', 'lang', '!=', ['en']],
    ['fold in 1,2', 'fold', 'in', ['1', '2']],
    ['fold IN 1, 2 ,3', 'fold', 'in', ['1', '2', '3']],
    ['lang not in en,fr', 'lang', 'not in', ['en', 'fr']],
    ['age>=18', 'age', '>=', ['18']],
    ['age < 1e2', 'age', '<', ['1e2']],
    ["site in 'a,b',c", 'site', 'in', ['a,b', 'c']],
    ['"my col"=x y', 'my col', '=', ['x y']],
    ['model name=a=b', 'model name', '=', ['a=b']],
  ])('%s', (text, column, op, values) => {
    expect(parseWhere(text)).toEqual({ text, column, op, values });
  });

  it.each([
    ['split', 'no operator'],
    ['=test', 'no column name'],
    ['split=', 'no value'],
    ['fold in 1,,2', 'an empty value'],
    ['age>young', 'compares numbers'],
  ])('refuses %s', (text, what) => {
    const error = caught(() => parseWhere(text));
    expect(error.kind).toBe('usage');
    expect(error.message).toContain(what);
    expect(error.hint).toContain('COLUMN=VALUE');
  });

  it('lists each column once', () => {
    expect(whereColumns(['a=1', 'b=2', 'a!=3'].map(parseWhere))).toEqual(['a', 'b']);
  });
});

describe('matchRows', () => {
  const table: Record<string, string[]> = {
    split: ['test', 'train', 'test', 'val', 'test'],
    lang: ['en', 'fr', 'fr', 'en', 'de'],
    age: ['10', '20', '30', '40', '50'],
  };
  const cells = (c: string): string[] => table[c]!;
  const rows = (...texts: string[]): number[] => [...matchRows(texts.map(parseWhere), 5, cells, 'f.csv')];

  it('keeps the rows every clause accepts', () => {
    expect(rows('split=test')).toEqual([0, 2, 4]);
    expect(rows('split=test', 'lang!=en')).toEqual([2, 4]);
    expect(rows('lang in fr,de')).toEqual([1, 2, 4]);
    expect(rows('lang not in fr,de')).toEqual([0, 3]);
    expect(rows('age>20')).toEqual([2, 3, 4]);
    expect(rows('age<=20')).toEqual([0, 1]);
    expect(rows('age>=30', 'age<50')).toEqual([2, 3]);
  });

  it('names a value that occurs in no row, with the values there are', () => {
    const error = caught(() => rows('split=tset'));
    expect(error.message).toContain('"tset" occurs in no row of column "split"');
    expect(error.hint).toContain('"test", "train", "val"');
    expect(error.where?.file).toBe('f.csv');
    expect(caught(() => rows('lang not in en,xx')).message).toContain('"xx"');
  });

  it('refuses a numeric comparison on text, naming the row', () => {
    expect(caught(() => rows('lang>3')).message).toContain('"en" at data row 1');
  });

  it('refuses a selection that keeps nothing', () => {
    expect(caught(() => rows('split=train', 'lang=en')).message).toContain('no row satisfies');
  });
});
