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
