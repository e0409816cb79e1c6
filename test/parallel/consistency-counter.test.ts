/** Consistency resampling on several threads (src/parallel/consistency-counter.ts). */
import { describe, expect, it } from 'vitest';
import { consistencyOnThreads } from '../../src/parallel/consistency-counter.js';
import { consistencyCounts, consistencyResampling, countConsistencyResamples } from '../../src/stats/calibration-tests.js';
import { pool, THREAD_COUNTS } from '../helpers/threads.js';

/** Confidences spread over [0.3, 1) and outcomes drawn a little below them (overconfident). */
function rows(n: number): { confidence: Float64Array; outcome: Uint8Array } {
  let s = 7;
  const random = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const confidence = Float64Array.from({ length: n }, () => 0.3 + 0.7 * random());
  const outcome = Uint8Array.from(confidence, (c) => (random() < c - 0.05 ? 1 : 0));
  return { confidence, outcome };
}

describe('consistencyOnThreads', () => {
  it('gives the same p-value and bands as one thread on 2, 3 and 4 threads, each drawing a share of the resamples', () => {
    const { confidence, outcome } = rows(5_000);
    const options = { bins: 10, resamples: 101, seed: 3 };
    const want = consistencyResampling(confidence, outcome, options);
    for (const threads of THREAD_COUNTS) {
      expect(consistencyResampling(confidence, outcome, { ...options, counter: consistencyOnThreads(pool(threads), 0) })).toEqual(want);
    }
    // Fewer resamples than threads: one each.
    const few = { bins: 10, resamples: 2, seed: 3 };
    expect(consistencyResampling(confidence, outcome, { ...few, counter: consistencyOnThreads(pool(4), 0) }))
      .toEqual(consistencyResampling(confidence, outcome, few));
  });

  it('counts every resample the same way whichever thread draws it', () => {
    const { confidence } = rows(1_000);
    const bin = Uint32Array.from(confidence, (c) => Math.min(4, Math.ceil(c * 5) - 1));
    const job = { bin, threshold: confidence.map((c) => c * 4294967296), bins: 5, resamples: 6, seed: 9 };
    const all = countConsistencyResamples(job);
    const tail = new Float64Array(3 * 5);
    consistencyCounts(job, 3, 6, tail, 0);
    expect(tail).toEqual(all.subarray(15));
    expect(consistencyOnThreads(pool(3), 0)(job)).toEqual(all);
    // Each row is drawn once per resample: the counts add up to at most N, and differ between resamples.
    expect(all.subarray(0, 5).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1_000);
    expect(Array.from(all.subarray(0, 5))).not.toEqual(Array.from(all.subarray(5, 10)));
  });
});
