/**
 * Consistency resampling on two threads (src/parallel/consistency-counter.ts), loaded from dist/
 * so that the worker runs the compiled module (`npm test` builds first).
 */
import { describe, expect, it } from 'vitest';
import type * as Threads from '../../src/parallel/consistency-counter.js';
import type * as Tests from '../../src/stats/calibration-tests.js';

const threads = await import(new URL('../../dist/parallel/consistency-counter.js', import.meta.url).href) as typeof Threads;
const tests = await import(new URL('../../dist/stats/calibration-tests.js', import.meta.url).href) as typeof Tests;

/** Confidences spread over [0.3, 1) and outcomes drawn a little below them (overconfident). */
function rows(n: number): { confidence: Float64Array; outcome: Uint8Array } {
  let s = 7;
  const random = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const confidence = Float64Array.from({ length: n }, () => 0.3 + 0.7 * random());
  const outcome = Uint8Array.from(confidence, (c) => (random() < c - 0.05 ? 1 : 0));
  return { confidence, outcome };
}

describe('consistencyThreadsFor', () => {
  it('gives the same p-value and bands as one thread, with the worker drawing half the resamples', () => {
    const { confidence, outcome } = rows(5_000);
    const pair = threads.consistencyThreadsFor(confidence.length, 101, { minDraws: 0 })!;
    expect(pair).toBeDefined();
    try {
      const options = { bins: 10, resamples: 101, seed: 3 };
      const together = tests.consistencyResampling(confidence, outcome, { ...options, counter: pair.counter });
      expect(together).toEqual(tests.consistencyResampling(confidence, outcome, options));
      expect(pair.sharedResamples).toBe(51); // resamples 50 .. 100
    } finally {
      pair.close();
    }
  });

  it('counts every resample the same way whichever thread draws it', () => {
    const { confidence } = rows(1_000);
    const bin = Uint32Array.from(confidence, (c) => Math.min(4, Math.ceil(c * 5) - 1));
    const job = { bin, threshold: confidence.map((c) => c * 4294967296), bins: 5, resamples: 6, seed: 9 };
    const all = tests.countConsistencyResamples(job);
    const tail = new Float64Array(3 * 5);
    tests.consistencyCounts(job, 3, 6, tail, 0);
    expect(tail).toEqual(all.subarray(15));
    // Each row is drawn once per resample: the counts add up to at most N, and differ between resamples.
    expect(all.subarray(0, 5).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1_000);
    expect(Array.from(all.subarray(0, 5))).not.toEqual(Array.from(all.subarray(5, 10)));
  });

  it('is not started for a small test', () => {
    expect(threads.consistencyThreadsFor(1_000, 1_000)).toBeUndefined(); // 10^6 draws
  });
});
