import { consistencyCounts, countConsistencyResamples, type ConsistencyCounter } from '../stats/consistency-resampling.js';
import type { ThreadPool } from './pool.js';
import { share, sharedCopy, sharedFloat64 } from './shares.js';

/** Below this many draws (rows x resamples) the test stays on one thread (about 0.2 s or less). */
export const MIN_PARALLEL_DRAWS = 20_000_000;

/**
 * Consistency resampling (calibration-tests.ts) on the pool's threads: each thread draws a
 * contiguous share of the resamples. Each resample has its own seeded generator, so the counts
 * are the same on any number of threads. The test costs one uniform draw per row per resample:
 * a million rows and 1,000 resamples are about 10^9 draws.
 */
export function consistencyOnThreads(pool: ThreadPool, minDraws = MIN_PARALLEL_DRAWS): ConsistencyCounter {
  return (job) => {
    const rows = job.threshold.length;
    if (rows * job.resamples < minDraws || job.resamples < 2) return countConsistencyResamples(job);
    const helpers = pool.helpers().slice(0, job.resamples - 1);
    if (helpers.length === 0) return countConsistencyResamples(job);
    const parts = helpers.length + 1;
    const m = job.bins;
    const shares = Array.from({ length: parts }, (_, s) => share(job.resamples, parts, s));
    const shared = { ...job, bin: sharedCopy(job.bin), threshold: sharedCopy(job.threshold) };
    const outs = shares.slice(1).map(({ from, to }) => sharedFloat64((to - from) * m));
    const out = new Float64Array(job.resamples * m);
    const done = pool.runAll(helpers, helpers.map((_, i) => ({ kind: 'consistency' as const, job: shared, ...shares[i + 1]!, out: outs[i]! })),
      () => consistencyCounts(job, shares[0]!.from, shares[0]!.to, out, 0));
    done.forEach((ok, i) => {
      const { from, to } = shares[i + 1]!;
      if (ok) out.set(outs[i]!, from * m);
      else consistencyCounts(job, from, to, out, from * m);
    });
    return out;
  };
}
