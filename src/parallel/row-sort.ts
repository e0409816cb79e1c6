import {
  BucketSort, MAX_BUCKETS, bucketLevel, countBuckets, emptySortedRows, sortRows, spreadBuckets, valueRange, type BucketLevel,
  type SortedRows,
} from '../metrics/estimators/argsort.js';
import type { SortJob } from './protocol.js';
import { sharedCopy, sharedSecondThread, type SecondThread } from './second-thread.js';

/** Sorts of fewer rows stay on one thread: there the hand-overs cost about what they save. */
export const MIN_PARALLEL_SORT_ROWS = 4_000_000;

/**
 * `sortRows` on two threads, for `evaluate`'s `sort` option: the first level of `sortRows`'
 * bucket sort with each thread taking half the rows at each step (the range of values, the
 * bucket counts, the spreading, this thread's rows first in every bucket so that ties keep row
 * order), then each thread sorts the buckets of about half the rows, in place. No merge: the
 * buckets are already in order. The stable order is unique, so the result is `sortRows`' own,
 * value for value (tested). Falls back to `sortRows` for fewer than `minRows` rows, when the
 * worker cannot start, when all values are equal, and when the worker fails at any step (the
 * inputs are never written, so the sort starts again from them).
 */
export function sortRowsOnTwoThreads(confidence: Float64Array, outcome: Uint8Array,
  settings: { minRows?: number; onDone?: (workerSorted: boolean) => void } = {}): SortedRows {
  const n = confidence.length;
  const thread = n >= (settings.minRows ?? MIN_PARALLEL_SORT_ROWS) ? sharedSecondThread() : undefined;
  const sorted = thread && sortOnTwoThreads(thread, confidence, outcome);
  if (thread) settings.onDone?.(sorted !== undefined);
  return sorted ?? sortRows(confidence, outcome);
}

/** The two-thread sort, or undefined when it cannot be done that way. */
function sortOnTwoThreads(thread: SecondThread, confidence: Float64Array, outcome: Uint8Array): SortedRows | undefined {
  const n = confidence.length;
  const half = n >>> 1;
  const job: SortJob = {
    kind: 'sort', confidence: sharedCopy(confidence), outcome: sharedCopy(outcome), from: half, to: n,
    into: emptySortedRows(n, true),
    next: new Int32Array(new SharedArrayBuffer(4 * MAX_BUCKETS)),
    ends: new Int32Array(new SharedArrayBuffer(4 * MAX_BUCKETS)),
    plan: new Float64Array(new SharedArrayBuffer(8 * PLAN_LENGTH)),
  };
  if (!thread.setup(job)) return undefined;
  /** One step on both threads: the worker's share (`step`), then this thread's (`mine`). */
  const both = (step: SortStep, mine: () => void): boolean => {
    thread.numbers[0] = step;
    thread.run();
    mine();
    return thread.wait();
  };
  const { into, plan, next, ends } = job;

  let range = { min: Infinity, max: -Infinity };
  if (!both(SortStep.Range, () => { range = valueRange(confidence, 0, half); })) return undefined;
  const min = Math.min(range.min, plan[0]!);
  const max = Math.max(range.max, plan[1]!);
  // All equal (sortRows copies them), or a spread too small to scale (sortRows' radix sort).
  const level = max > min ? bucketLevel(min, max, n) : undefined;
  if (level === undefined) return undefined;
  plan[2] = level.min;
  plan[3] = level.scale;
  plan[4] = level.buckets;

  const mine = new Int32Array(level.buckets);
  next.fill(0, 0, level.buckets);
  if (!both(SortStep.Count, () => countBuckets(confidence, 0, half, level, mine))) return undefined;
  // In each bucket, this thread's rows (the first half's) come first: the stable order.
  let at = 0;
  for (let b = 0; b < level.buckets; b++) {
    const first = mine[b]!;
    const second = next[b]!;
    mine[b] = at;
    next[b] = at + first;
    at += first + second;
    ends[b] = at;
  }
  if (!both(SortStep.Spread, () => spreadBuckets(confidence, outcome, 0, half, level, mine, into.confidence, into.outcome))) return undefined;

  // The worker sorts the buckets from the first that ends past the middle.
  let split = 0;
  while (split < level.buckets - 1 && ends[split]! < half) split++;
  plan[5] = split;
  plan[6] = split === 0 ? 0 : ends[split - 1]!;
  // Scratch for the levels below: each thread its own, outside shared memory (only the pages of
  // its own buckets are ever touched).
  const sorter = new BucketSort(emptySortedRows(n));
  if (!both(SortStep.Buckets, () => sorter.sortBuckets(into.confidence, into.outcome, ends, 0, split, 0, n, 0))) return undefined;
  return into;
}

/** The steps of a two-thread sort (the command's `numbers[0]`). */
const SortStep = { Range: 0, Count: 1, Spread: 2, Buckets: 3 } as const;
type SortStep = (typeof SortStep)[keyof typeof SortStep];

/** `plan`: [worker's min, worker's max, level min, scale, buckets, worker's first bucket, its first row]. */
const PLAN_LENGTH = 7;

/** The worker's share of one step of `sortRowsOnTwoThreads` (worker.ts). */
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
  else new BucketSort(emptySortedRows(confidence.length)).sortBuckets(into.confidence, into.outcome, job.ends, plan[5]!, level.buckets, plan[6]!, confidence.length, 0);
}
