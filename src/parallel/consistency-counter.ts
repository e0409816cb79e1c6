import { consistencyCounts, countConsistencyResamples, type ConsistencyCounter } from '../stats/calibration-tests.js';
import { sharedCopy, sharedSecondThread } from './second-thread.js';

/**
 * Consistency resampling (calibration-tests.ts) on two threads: the worker draws the second half
 * of the resamples while the calling thread draws the first. Each resample has its own seeded
 * generator, so the counts are the same as on one thread. The test costs one uniform draw per
 * row per resample: a million rows and 1,000 resamples are about 10^9 draws.
 */
export interface ConsistencyThreads {
  readonly counter: ConsistencyCounter;
  /** Resamples so far that the worker drew. */
  readonly sharedResamples: number;
  close(): void;
}

/** Below this many draws (rows x resamples) the test stays on one thread (about 0.2 s or less). */
export const MIN_PARALLEL_DRAWS = 20_000_000;

/** Threads for a test of `rows` x `resamples` draws, or undefined when they would not help. */
export function consistencyThreadsFor(rows: number, resamples: number, options: { minDraws?: number } = {}): ConsistencyThreads | undefined {
  if (rows * resamples < (options.minDraws ?? MIN_PARALLEL_DRAWS) || resamples < 2) return undefined;
  const thread = sharedSecondThread();
  if (!thread) return undefined;
  let sharedResamples = 0;
  let closed = false;
  const counter: ConsistencyCounter = (job) => {
    if (closed) return countConsistencyResamples(job);
    const half = job.resamples >>> 1;
    const m = job.bins;
    const theirs = new Float64Array(new SharedArrayBuffer((job.resamples - half) * m * Float64Array.BYTES_PER_ELEMENT));
    const shared = { ...job, bin: sharedCopy(job.bin), threshold: sharedCopy(job.threshold) };
    if (!thread.setup({ kind: 'consistency', job: shared, from: half, to: job.resamples, out: theirs })) return countConsistencyResamples(job);
    thread.run();
    const out = new Float64Array(job.resamples * m);
    consistencyCounts(job, 0, half, out, 0);
    if (!thread.wait()) return countConsistencyResamples(job);
    out.set(theirs, half * m);
    sharedResamples += job.resamples - half;
    return out;
  };
  return {
    counter,
    get sharedResamples() {
      return sharedResamples;
    },
    close: () => { closed = true; },
  };
}
