import { expect, test } from 'vitest';
import { closestName, editDistance } from '../../src/check/closest.js';

test('editDistance is the Levenshtein distance', () => {
  expect(editDistance('kitten', 'sitting')).toBe(3); // k->s, e->i, +g
  expect(editDistance('', 'abc')).toBe(3);
  expect(editDistance('ece', 'ece')).toBe(0);
});

test('closestName: near misses, separators, case and prefixes', () => {
  const names = ['accuracy', 'ece', 'mce', 'classwise_ece', 'nll', 'brier'];
  expect(closestName('ecee', names)).toBe('ece');
  expect(closestName('acuracy', names)).toBe('accuracy');
  expect(closestName('Classwise-ECE', names)).toBe('classwise_ece');
  expect(closestName('maximum', ['max', 'min'])).toBe('max');
  expect(closestName('minimum', ['max', 'min'])).toBe('min');
  expect(closestName('throughput', names)).toBeUndefined();
});
