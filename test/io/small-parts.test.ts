import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { globToRegExp, matchColumns } from '../../src/io/column-patterns.js';
import { LineMap } from '../../src/io/line-map.js';
import { RowBuffer } from '../../src/io/row-buffer.js';
import { classNamesFromHeaders } from '../../src/io/select-columns.js';
import { sniffDelimiter } from '../../src/io/sniff-delimiter.js';

describe('sniffDelimiter', () => {
  test.each([
    ['a,b,c', ','], ['a\tb\tc', '\t'], ['a;b;c', ';'], ['"x,y";b;c', ';'], ['"a;b;c",d,e', ','],
    ['single', ','], ['a,b;c', ','], ['a;b,c;d', ';'], ['"p\tq"\t"r,s"\tlabel', '\t'],
  ])('%j -> %j', (line, expected) => {
    expect(sniffDelimiter(line)).toBe(expected);
  });
});

describe('column patterns', () => {
  const header = ['id', 'logit_0', 'logit_1', 'logit_10', 'label', 'a.b', 'a+b'];
  test('exact names, * and ? globs, regex characters taken literally', () => {
    expect(matchColumns('logit_*', header)).toEqual([1, 2, 3]);
    expect(matchColumns('logit_?', header)).toEqual([1, 2]);
    expect(matchColumns('label', header)).toEqual([4]);
    expect(matchColumns('Label', header)).toEqual([]);
    expect(matchColumns('a.b', header)).toEqual([5]);
    expect(matchColumns('a+*', header)).toEqual([6]);
    expect(globToRegExp('a.?').test('abc')).toBe(false);
  });
});

describe('classNamesFromHeaders', () => {
  test.each([
    [['p_cat', 'p_dog'], ['cat', 'dog']],
    [Array.from({ length: 10 }, (_, i) => `logit_${i}`), Array.from({ length: 10 }, (_, i) => String(i))],
    [['prob class.a', 'prob class.b'], ['a', 'b']],
    [['cat', 'car'], ['cat', 'car']],
    [['score0', 'score1'], ['score0', 'score1']],
    [['p_', 'p_x'], ['p_', 'p_x']],
    [['p_a_x', 'p_a_y', 'p_b'], ['a_x', 'a_y', 'b']],
    [['only'], ['only']],
  ])('%j -> %j', (headers, expected) => {
    expect(classNamesFromHeaders(headers)).toEqual(expected);
  });
});

describe('LineMap', () => {
  test('property: returns the line added for every row', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 300 }), (first, steps) => {
      const map = new LineMap();
      const lines: number[] = [];
      let line = first;
      for (const step of steps) {
        map.add(line);
        lines.push(line);
        line += step;
      }
      expect(map.rows).toBe(lines.length);
      lines.forEach((l, r) => expect(map.lineOf(r)).toBe(l));
    }));
  });
});

describe('RowBuffer', () => {
  test('grows past its initial capacity and keeps every value and label', () => {
    const buffer = new RowBuffer(3, 2);
    for (let r = 0; r < 37; r++) {
      const base = buffer.addRow(r % 5);
      for (let j = 0; j < 3; j++) buffer.scores[base + j] = r * 10 + j;
    }
    const { scores, labels } = buffer.finish();
    expect(scores.length).toBe(111);
    expect(labels.length).toBe(37);
    expect(scores[36 * 3 + 2]).toBe(362);
    expect(labels[36]).toBe(1);
    expect(Array.from(labels.subarray(0, 6))).toEqual([0, 1, 2, 3, 4, 0]);
  });
});
