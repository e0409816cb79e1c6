import { describe, expect, it } from 'vitest';
import { binRanges, displayFileName } from '../../src/report/format.js';

describe('binRanges', () => {
  it('keeps two decimals when they tell the bins apart', () => {
    expect(binRanges([{ lower: 0, upper: 0.5 }, { lower: 0.5, upper: 1 }], 'right')).toEqual(['[0.00, 0.50]', '(0.50, 1.00]']);
  });

  it('gives crowded equal-mass bins the digits that make them differ', () => {
    const bins = [{ lower: 0.2, upper: 0.9991 }, { lower: 0.99912, upper: 0.99957 }, { lower: 0.99958, upper: 0.99991 }, { lower: 0.99992, upper: 1 }];
    const labels = binRanges(bins, 'mass');
    expect(labels).toEqual(['[0.2000, 0.9991]', '[0.9991, 0.9996]', '[0.9996, 0.9999]', '[0.9999, 1.0000]']);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('leaves bins of one tied value alike: their ends are the same number', () => {
    expect(binRanges([{ lower: 1, upper: 1 }, { lower: 1, upper: 1 }], 'mass')).toEqual(['[1.00, 1.00]', '[1.00, 1.00]']);
  });
});

describe('displayFileName', () => {
  it('is the base name, stdin for -', () => {
    expect(displayFileName('experiments/2024-06-resnet50-imagenet-final/preds.csv')).toBe('preds.csv');
    expect(displayFileName('C:\\runs\\a.csv')).toBe('a.csv');
    expect(displayFileName('-')).toBe('stdin');
  });
});
