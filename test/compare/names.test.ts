import { expect, test } from 'vitest';
import { modelNameFromFile, uniqueModelNames } from '../../src/compare/names.js';
import { CalibError } from '../../src/core/errors.js';

test('a model is named after its file, without .csv / .csv.gz', () => {
  expect(modelNameFromFile('runs/vit-b16.csv')).toBe('vit-b16');
  expect(modelNameFromFile('runs/vit.csv.gz')).toBe('vit');
  expect(modelNameFromFile('C:\\exports\\ResNet.CSV')).toBe('ResNet');
  expect(modelNameFromFile('model.v2.tsv')).toBe('model.v2');
  expect(modelNameFromFile('-')).toBe('stdin');
  expect(modelNameFromFile('.csv')).toBe('.csv');
});

test('given names are kept; colliding file names take their parent directory', () => {
  expect(uniqueModelNames([{ file: 'a/model.csv' }, { file: 'b/model.csv.gz' }, { file: 'c.csv', name: 'baseline' }]))
    .toEqual(['a/model', 'b/model', 'baseline']);
  // Only the colliding ones widen; deeper when the parents collide too.
  expect(uniqueModelNames([{ file: 'x/run1/preds.csv' }, { file: 'y/run1/preds.csv' }, { file: 'other.csv' }]))
    .toEqual(['x/run1/preds', 'y/run1/preds', 'other']);
});

test('the same path twice is numbered', () => {
  expect(uniqueModelNames([{ file: 'p.csv' }, { file: 'p.csv' }, { file: './p.csv' }])).toEqual(['p', 'p#2', 'p#3']);
});

test('a derived name that equals a given name is widened, not the given one', () => {
  expect(uniqueModelNames([{ file: 'runs/a.csv' }, { file: 'b.csv', name: 'a' }])).toEqual(['runs/a', 'a']);
});

test('the same name given twice is a usage error', () => {
  expect(() => uniqueModelNames([{ file: 'a.csv', name: 'm' }, { file: 'b.csv', name: 'm' }])).toThrow(CalibError);
  expect(() => uniqueModelNames([{ file: 'a.csv', name: 'm' }, { file: 'b.csv', name: 'm' }])).toThrow('the model name "m" is given twice.');
});

test('a given name is never renumbered, even when it comes after the file it collides with', () => {
  expect(uniqueModelNames([{ file: 'a.csv' }, { file: 'b.csv', name: 'a' }])).toEqual(['a#2', 'a']);
});
