/** The sort by confidence on several threads (src/parallel/row-sort.ts). */
import { describe, expect, it } from 'vitest';
import { sortRows } from '../../src/metrics/estimators/argsort.js';
import { sortRowsOnThreads } from '../../src/parallel/row-sort.js';
import { pool, THREAD_COUNTS } from '../helpers/threads.js';

/** Confidences on a coarse grid (many ties, some across the two halves) with 0/1 outcomes. */
function rows(n: number, seed: number): { confidence: Float64Array; outcome: Uint8Array } {
  let s = seed;
  const random = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const confidence = Float64Array.from({ length: n }, () => Math.round(random() * 200) / 200);
  const outcome = Uint8Array.from({ length: n }, () => (random() < 0.5 ? 1 : 0));
  return { confidence, outcome };
}

describe('sortRowsOnThreads', () => {
  it('equals sortRows value for value on 2, 3 and 4 threads, ties in row order across the shares', () => {
    for (const n of [10_001, 10_000, 7]) {
      const { confidence, outcome } = rows(n, n);
      const want = sortRows(confidence, outcome);
      for (const threads of THREAD_COUNTS) {
        const sorted = sortRowsOnThreads(pool(threads), confidence, outcome, 0);
        if (n > 7) expect(sorted.confidence.buffer).toBeInstanceOf(SharedArrayBuffer); // the helpers wrote their buckets
        expect(sorted, `${n} rows, ${threads} threads`).toEqual(want);
      }
    }
  });

  it('equals sortRows on values over many scales, with -0, and when one bucket holds most rows', () => {
    let s = 99;
    const random = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
    const draws: Record<string, () => number> = {
      'powers of a millionth': () => 10 ** (-6 * Math.min(Math.floor(-Math.log2(random() || 1e-300)), 50)),
      'zeros of both signs and ones': () => [0, -0, 1][Math.floor(random() * 3)]!,
      'near 1, a few near 0': () => (random() < 0.01 ? random() * 1e-6 : 1 - random() * 1e-9),
    };
    for (const [name, draw] of Object.entries(draws)) {
      const confidence = Float64Array.from({ length: 20_001 }, draw);
      const outcome = Uint8Array.from({ length: 20_001 }, () => (random() < 0.5 ? 1 : 0));
      for (const threads of THREAD_COUNTS) expect(sortRowsOnThreads(pool(threads), confidence, outcome, 0), name).toEqual(sortRows(confidence, outcome));
    }
  });

  it('leaves rows that are all equal, and small inputs, to sortRows', () => {
    const confidence = new Float64Array(1_000).fill(0.5);
    const outcome = Uint8Array.from({ length: 1_000 }, (_, i) => i % 2);
    const same = sortRowsOnThreads(pool(3), confidence, outcome, 0);
    expect(same).toEqual(sortRows(confidence, outcome));
    expect(same.confidence.buffer).toBeInstanceOf(ArrayBuffer);
    const small = rows(5_000, 7);
    const sorted = sortRowsOnThreads(pool(3), small.confidence, small.outcome); // below MIN_PARALLEL_SORT_ROWS
    expect(sorted.confidence.buffer).toBeInstanceOf(ArrayBuffer);
    expect(sorted).toEqual(sortRows(small.confidence, small.outcome));
  });
});
