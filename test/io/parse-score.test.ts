import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { classifyBadScore, looksNumeric, parseScore } from '../../src/io/parse-score.js';

describe('parseScore', () => {
  test.each([
    ['0', 0], ['1', 1], ['-3', -3], ['+2.5', 2.5], ['.5', 0.5], ['2.', 2], ['1e3', 1000], ['1E-3', 0.001],
    ['-1.5e+2', -150], [' 0.25 ', 0.25], ['\t7\t', 7], ['0.1', 0.1], ['1e300', 1e300], ['-1e300', -1e300],
    ['5e-324', 5e-324], ['00.5', 0.5],
  ])('reads %j as %d', (text, value) => {
    expect(parseScore(text)).toBe(value);
  });

  test.each([
    '', ' ', '0x10', '1_000', '1,5', '1.2.3', 'e5', '1e', '.', '-', '+', 'NaN', 'nan', 'inf', 'Infinity', '-Infinity',
    '1e999', '-1e999', '0b1', '0o7', '1 2', 'abc', '1.5f', '١', '∞', '1\n', '--1',
  ])('refuses %j', (text) => {
    expect(parseScore(text)).toBeUndefined();
  });

  test('-0 keeps its sign (bit-identical to Number)', () => {
    expect(Object.is(parseScore('-0'), -0)).toBe(true);
  });

  // -0 is left out: String(-0) is "0", so no writer puts its sign in the file.
  test('property: every finite double written by String or toPrecision(17) reads back bit-identically', () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0));
    fc.assert(fc.property(finite, (x) => {
      expect(Object.is(parseScore(String(x)), x)).toBe(true);
      expect(Object.is(parseScore(x.toPrecision(17)), x)).toBe(true);
      expect(Object.is(parseScore(x.toExponential()), x)).toBe(true);
    }), { numRuns: 2000 });
  });

  test('property: whenever parseScore accepts a string, the value equals Number(string)', () => {
    const alphabet = fc.constantFrom('0', '1', '9', '.', 'e', 'E', '-', '+', ' ', 'x', '_', ',');
    fc.assert(fc.property(fc.array(alphabet, { maxLength: 10 }).map((a) => a.join('')), (text) => {
      const value = parseScore(text);
      if (value !== undefined) expect(Object.is(value, Number(text))).toBe(true);
    }), { numRuns: 3000 });
  });
});

describe('classifyBadScore', () => {
  test.each([
    ['', 'empty'], ['   ', 'empty'], ['nan', 'notFinite'], ['NaN', 'notFinite'], ['inf', 'notFinite'],
    ['-Infinity', 'notFinite'], ['+INF', 'notFinite'], ['1e999', 'notFinite'], ['abc', 'notANumber'],
    ['1,5', 'notANumber'], ['0x10', 'notANumber'], ['1_000', 'notANumber'],
  ])('%j is %s', (text, kind) => {
    expect(classifyBadScore(text)).toBe(kind);
  });
});

describe('looksNumeric (decides whether a column is a score column)', () => {
  test.each([['0.5', true], ['nan', true], ['', true], ['0,5', true], ['1,234.5', true], ['img_01.png', false], ['cat', false]])(
    '%j -> %s', (text, expected) => {
      expect(looksNumeric(text)).toBe(expected);
    });
});
