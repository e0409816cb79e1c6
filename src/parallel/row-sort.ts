import {
  BucketSort, MAX_BUCKETS, bucketLevel, countBuckets, sortRows, spreadBuckets, valueRange, type BucketLevel,
  type SortedRows,
} from '../metrics/estimators/argsort.js';
import type { Helper } from './helper.js';
import type { ThreadPool } from './pool.js';
import type { SortJob } from './protocol.js';
import { share, sharedCopy, sharedFloat64, sharedInt32, sharedUint8 } from './shares.js';

/** Sorts of fewer rows stay on one thread: there the hand-overs cost about what they save. */
export const MIN_PARALLEL_SORT_ROWS = 4_000_000;

/**
 * `sortRows` on the pool's threads, for `evaluate`'s `sort` hook: the first level of `sortRows`'
 * bucket sort with each thread taking a contiguous share of the rows at each step (the range of
 * values, the bucket counts, the spreading, the shares' rows in share order within every bucket
 * so that ties keep row order), then each thread sorts the buckets of about its share of the
 * rows, in place. No merge: the buckets are already in order. The stable order is unique, so the
 * result is `sortRows`' own, value for value, whatever the number of threads (tested). One thread
 * for fewer than `minRows` rows and when all values are equal; when a helper fails at any step,
 * the sort starts again here (its inputs are never written).
 */
export function sortRowsOnThreads(pool: ThreadPool, confidence: Float64Array, outcome: Uint8Array,
  minRows = MIN_PARALLEL_SORT_ROWS): SortedRows {
  const n = confidence.length;
  const helpers = n >= minRows && n >= 2 ? pool.helpers() : [];
  return (helpers.length > 0 ? sortOnThreads(pool, helpers, confidence, outcome) : undefined) ?? sortRows(confidence, outcome);
}

/** The sort on the calling thread and `helpers`, or undefined when it cannot be done that way. */
function sortOnThreads(pool: ThreadPool, helpers: readonly Helper[], confidence: Float64Array, outcome: Uint8Array): SortedRows | undefined {
  const n = confidence.length;
  const parts = helpers.length + 1;
  const shares = Array.from({ length: parts }, (_, s) => share(n, parts, s));
  const values = sharedCopy(confidence);
  const labels = sharedCopy(outcome);
  const into: SortedRows = { confidence: sharedFloat64(n), outcome: sharedUint8(n) };
  const ends = sharedInt32(MAX_BUCKETS);
  const jobs: SortJob[] = helpers.map((_, i) => ({
    kind: 'sort', confidence: values, outcome: labels, ...shares[i + 1]!, into,
    next: sharedInt32(MAX_BUCKETS), ends, plan: sharedFloat64(PLAN_LENGTH),
  }));
  const mine = shares[0]!;
  let first = true;
  /** One step on every thread: the helpers' shares (`step`), then this thread's (`here`). */
  const all = (step: SortStep, here: () => void): boolean => {
    helpers.forEach((helper) => { helper.numbers[0] = step; });
    const done = pool.runAll(helpers, first ? jobs : jobs.map(() => undefined), here);
    first = false;
    return done.every(Boolean);
  };

  let range = { min: Infinity, max: -Infinity };
  if (!all(SortStep.Range, () => { range = valueRange(confidence, mine.from, mine.to); })) return undefined;
  let min = range.min;
  let max = range.max;
  for (const job of jobs) {
    min = Math.min(min, job.plan[0]!);
    max = Math.max(max, job.plan[1]!);
  }
  // All equal (sortRows copies them), or a spread too small to scale (sortRows' radix sort).
  const level = max > min ? bucketLevel(min, max, n) : undefined;
  if (level === undefined) return undefined;
  for (const job of jobs) {
    job.plan[2] = level.min;
    job.plan[3] = level.scale;
    job.plan[4] = level.buckets;
    job.next.fill(0, 0, level.buckets);
  }

  const counts = new Int32Array(level.buckets);
  if (!all(SortStep.Count, () => countBuckets(confidence, mine.from, mine.to, level, counts))) return undefined;
  // In each bucket, the shares' rows in share order (this thread's, the first share, first): the stable order.
  const nexts = [counts, ...jobs.map((job) => job.next)];
  let at = 0;
  for (let b = 0; b < level.buckets; b++) {
    for (const next of nexts) {
      const rows = next[b]!;
      next[b] = at;
      at += rows;
    }
    ends[b] = at;
  }
  if (!all(SortStep.Spread, () => spreadBuckets(confidence, outcome, mine.from, mine.to, level, counts, into.confidence, into.outcome))) {
    return undefined;
  }

  // Share s sorts the buckets from the first that ends past s n / parts (its first row is where the bucket before it ends).
  const firstBucket = (s: number): number => {
    if (s === 0) return 0;
    if (s === parts) return level.buckets;
    let b = 0;
    while (b < level.buckets - 1 && ends[b]! < shares[s]!.from) b++;
    return b;
  };
  const bounds = Array.from({ length: parts + 1 }, (_, s) => firstBucket(s));
  for (let s = 1; s < parts; s++) bounds[s] = Math.max(bounds[s]!, bounds[s - 1]!);
  const startRow = (b: number): number => (b === 0 ? 0 : ends[b - 1]!);
  jobs.forEach((job, i) => {
    job.plan[5] = bounds[i + 1]!;
    job.plan[6] = startRow(bounds[i + 1]!);
    job.plan[7] = bounds[i + 2]!;
  });
  // Scratch for the levels below: each thread its own, outside shared memory, as long as its largest bucket.
  const sorter = new BucketSort();
  if (!all(SortStep.Buckets, () => sorter.sortBuckets(into.confidence, into.outcome, ends, 0, bounds[1]!, 0, n, 0))) return undefined;
  return into;
}

/** The steps of a sort on several threads (the helper's `numbers[0]`). */
const SortStep = { Range: 0, Count: 1, Spread: 2, Buckets: 3 } as const;
type SortStep = (typeof SortStep)[keyof typeof SortStep];

/** `plan`: [share's min, share's max, level min, scale, buckets, share's first bucket, its first row, its end bucket]. */
const PLAN_LENGTH = 8;

/** A helper's share of one step of `sortRowsOnThreads` (worker.ts). */
export function sortStep(job: SortJob, step: number): void {
  const { confidence, outcome, from, to, plan, into } = job;
  if (step === SortStep.Range) {
    const { min, max } = valueRange(confidence, from, to);
    plan[0] = min;
    plan[1] = max;
    return;
  }
  const level: BucketLevel = { min: plan[2]!, scale: plan[3]!, buckets: plan[4]! };
  if (step === SortStep.Count) countBuckets(confidence, from, to, level, job.next);
  else if (step === SortStep.Spread) spreadBuckets(confidence, outcome, from, to, level, job.next, into.confidence, into.outcome);
  else new BucketSort().sortBuckets(into.confidence, into.outcome, job.ends, plan[5]!, plan[7]!, plan[6]!, confidence.length, 0);
}
