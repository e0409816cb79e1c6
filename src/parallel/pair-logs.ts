import { probabilityPairLogs, type PairLogsResult } from '../io/to-predictions.js';
import type { ThreadPool } from './pool.js';
import { inSharedMemory, share, sharedCopy, sharedFloat64 } from './shares.js';

/** Columns shorter than this are converted on one thread (a few milliseconds). */
export const MIN_PARALLEL_PAIR_ROWS = 1_000_000;

/**
 * A binary probability column's logs (to-predictions.ts `probabilityPairLogs`, two logs a row)
 * on the pool's threads: each takes a contiguous share of the rows. Every row's values are
 * computed by the same function either way, and the first bad row reported is the first in the
 * file. Needs the column and the output in shared memory (the reader puts large files there);
 * one thread otherwise, and for short columns.
 */
export function pairLogsOnThreads(pool: ThreadPool, minRows = MIN_PARALLEL_PAIR_ROWS) {
  return (values: Float64Array, labels: Int32Array, out: Float64Array, logFloor: number): PairLogsResult => {
    const n = values.length;
    const helpers = inSharedMemory(values, out) && n >= minRows ? pool.helpers().slice(0, n - 1) : [];
    if (helpers.length === 0) return probabilityPairLogs(values, labels, out, logFloor, 0, n);
    const parts = helpers.length + 1;
    const shares = Array.from({ length: parts }, (_, s) => share(n, parts, s));
    const shared = sharedCopy(labels);
    const results = helpers.map(() => sharedFloat64(2));
    let mine: PairLogsResult = { floorHits: 0, firstBad: -1 };
    const done = pool.runAll(helpers, helpers.map((_, i) => ({
      kind: 'pairLogs' as const, values, labels: shared, out, logFloor, ...shares[i + 1]!, result: results[i]!,
    })), () => { mine = probabilityPairLogs(values, labels, out, logFloor, shares[0]!.from, shares[0]!.to); });
    let floorHits = mine.floorHits;
    if (mine.firstBad >= 0) return mine;
    for (let i = 0; i < helpers.length; i++) {
      const { from, to } = shares[i + 1]!;
      const theirs = done[i] ? { floorHits: results[i]![0]!, firstBad: results[i]![1]! } : probabilityPairLogs(values, labels, out, logFloor, from, to);
      if (theirs.firstBad >= 0) return { floorHits: floorHits + theirs.floorHits, firstBad: theirs.firstBad };
      floorHits += theirs.floorHits;
    }
    return { floorHits, firstBad: -1 };
  };
}
