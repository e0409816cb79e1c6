import {
  combineObjective, OBJECTIVE_SUMS, objectiveSplit, scaleObjective, scaleObjectiveRange,
  type ObjectivePoint, type ScaleObjective, type ScaleRows,
} from '../fit/scale-objective.js';
import { RESULT_AT } from './protocol.js';
import { sharedCopy, sharedSecondThread, type SecondThread } from './second-thread.js';

/**
 * Temperature-fit passes on two threads. Each pass of a fit (scale-objective.ts) is one `exp` per
 * score, about a second on 50,000 x 1,000 logits, and a fit takes three or more. `scaleObjective`
 * sums its rows as two halves; the pool's `objective` hands the second half to a worker thread
 * and sums the first on the calling thread, then combines them the same way, so a fit gives the
 * same T to the last bit with or without the pool.
 *
 * The worker reads the scores where the reader left them, so they must be in shared memory
 * (`ReadSource.shared`); for anything else, and for fits too small to repay the hand-over,
 * `objective` is `scaleObjective`.
 */
export interface ObjectivePool {
  readonly objective: ScaleObjective;
  /** Passes so far whose second half the worker summed (the rest ran on the calling thread alone). */
  readonly sharedPasses: number;
  /** Stops using the worker: the objective keeps working afterwards, on the calling thread only. */
  close(): void;
}

/**
 * Fits over fewer scores than this stay on one thread (a pass then takes ~10 ms or less, and the
 * hand-over to the already running thread costs about a tenth of a millisecond). The warm start's
 * subsample of large fits (a million scores) is above it.
 */
export const MIN_PARALLEL_SCORES = 500_000;

/**
 * A pool for fits on `scores`, or undefined when it would not help: the scores are not in shared
 * memory, there are fewer than `minScores` of them, or the compiled worker is absent (running
 * from TypeScript sources).
 */
export function objectivePoolFor(scores: Float64Array, options: { minScores?: number } = {}): ObjectivePool | undefined {
  const minScores = options.minScores ?? MIN_PARALLEL_SCORES;
  if (!(scores.buffer instanceof SharedArrayBuffer) || scores.length < minScores) return undefined;
  const thread = sharedSecondThread();
  return thread && objectivePool(thread, minScores);
}

function objectivePool(thread: SecondThread, minScores: number): ObjectivePool {
  let current: { rows: ScaleRows; centered: Float64Array; setup: number } | undefined;
  let closed = false;
  const sums = new Float64Array(2 * OBJECTIVE_SUMS);
  let sharedPasses = 0;

  const objective: ScaleObjective = (rows, centered, b): ObjectivePoint => {
    const n = rows.index.length;
    if (closed || !thread.alive || !(rows.scores.buffer instanceof SharedArrayBuffer) || n * rows.classes < minScores) {
      return scaleObjective(rows, centered, b);
    }
    const h = objectiveSplit(n);
    if (current?.rows !== rows || current.centered !== centered || current.setup !== thread.setupCount) {
      // A new fit: its rows go to the worker once; the passes then only exchange b and six sums.
      // (Again if other work was handed to the shared thread in between.)
      const ready = thread.setup({
        kind: 'objective', scores: rows.scores, classes: rows.classes, index: sharedCopy(rows.index),
        max: sharedCopy(rows.max), centered: sharedCopy(centered), from: h, to: n,
      });
      if (!ready) return scaleObjective(rows, centered, b);
      current = { rows, centered, setup: thread.setupCount };
    }
    thread.numbers[0] = b;
    thread.run();
    scaleObjectiveRange(rows, centered, b, 0, h, sums, 0);
    if (!thread.wait()) return scaleObjective(rows, centered, b);
    sums.set(thread.numbers.subarray(RESULT_AT, RESULT_AT + OBJECTIVE_SUMS), OBJECTIVE_SUMS);
    sharedPasses++;
    return combineObjective(b, n, sums);
  };

  return {
    objective,
    get sharedPasses() {
      return sharedPasses;
    },
    close: () => { closed = true; },
  };
}

/**
 * `fn(objective)` with a pool for `scores` when one helps (`objectivePoolFor`), closed afterwards;
 * `objective` is undefined otherwise, which the fits read as `scaleObjective`.
 */
export function withObjectivePool<T>(scores: Float64Array, fn: (objective: ScaleObjective | undefined) => T): T {
  const pool = objectivePoolFor(scores);
  try {
    return fn(pool?.objective);
  } finally {
    pool?.close();
  }
}
