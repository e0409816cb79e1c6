/**
 * The sort by confidence on two threads (src/parallel/row-sort.ts), loaded from dist/ so that the
 * worker runs the compiled module (`npm test` builds first).
 */
import { describe, expect, it } from 'vitest';
import type * as Argsort from '../../src/metrics/estimators/argsort.js';
import type * as RowSort from '../../src/parallel/row-sort.js';

const threads = await import(new URL('../../dist/parallel/row-sort.js', import.meta.url).href) as typeof RowSort;
const argsort = await import(new URL('../../dist/metrics/estimators/argsort.js', import.meta.url).href) as typeof Argsort;

/** Confidences on a coarse grid (many ties, some across the two halves) with 0/1 outcomes. */
function rows(n: number, seed: number): { confidence: Float64Array; outcome: Uint8Array } {
  let s = seed;
  const random = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const confidence = Float64Array.from({ length: n }, () => Math.round(random() * 200) / 200);
  const outcome = Uint8Array.from({ length: n }, () => (random() < 0.5 ? 1 : 0));
  return { confidence, outcome };
}

describe('sortRowsOnTwoThreads', () => {
  it('equals sortRows value for value, ties in row order across the two halves', () => {
    for (const n of [10_001, 10_000]) {
      const { confidence, outcome } = rows(n, n);
      let workerSorted: boolean | undefined;
      const sorted = threads.sortRowsOnTwoThreads(confidence, outcome, { minRows: 0, onDone: (used) => { workerSorted = used; } });
      expect(workerSorted).toBe(true);
      expect(sorted).toEqual(argsort.sortRows(confidence, outcome));
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
      let workerSorted: boolean | undefined;
      const sorted = threads.sortRowsOnTwoThreads(confidence, outcome, { minRows: 0, onDone: (used) => { workerSorted = used; } });
      expect(workerSorted, name).toBe(true);
      expect(sorted, name).toEqual(argsort.sortRows(confidence, outcome));
    }
  });

  it('leaves rows that are all equal to sortRows (nothing to spread)', () => {
    const confidence = new Float64Array(1_000).fill(0.5);
    const outcome = Uint8Array.from({ length: 1_000 }, (_, i) => i % 2);
    const calls: boolean[] = [];
    expect(threads.sortRowsOnTwoThreads(confidence, outcome, { minRows: 0, onDone: (used) => calls.push(used) }))
      .toEqual(argsort.sortRows(confidence, outcome));
    expect(calls).toEqual([false]);
  });

  it('reads arrays outside shared memory (it copies them for the worker) and leaves small inputs to sortRows', () => {
    const { confidence, outcome } = rows(5_000, 7);
    const calls: boolean[] = [];
    const onDone = (used: boolean): void => { calls.push(used); };
    expect(threads.sortRowsOnTwoThreads(confidence, outcome, { onDone })).toEqual(argsort.sortRows(confidence, outcome));
    expect(calls).toEqual([]); // below MIN_PARALLEL_SORT_ROWS: no worker
    expect(threads.sortRowsOnTwoThreads(confidence, outcome, { minRows: 2, onDone })).toEqual(argsort.sortRows(confidence, outcome));
    expect(calls).toEqual([true]);
  });
});
