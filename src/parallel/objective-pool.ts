import {
  combineObjective, OBJECTIVE_SUMS, objectiveParts, scaleObjective, scaleObjectiveParts,
  type ObjectivePoint, type ScaleObjective, type ScaleRows,
} from '../fit/scale-objective.js';
import type { Helper } from './helper.js';
import type { ThreadPool } from './pool.js';
import type { SetupMessage } from './protocol.js';
import { inSharedMemory, share, sharedCopy, sharedFloat64 } from './shares.js';

/**
 * Fits over fewer scores than this stay on one thread (a pass then takes ~10 ms or less, and the
 * hand-over to threads already running costs about a tenth of a millisecond). The warm start's
 * subsample of large fits (a million scores) is above it.
 */
export const MIN_PARALLEL_SCORES = 500_000;

/**
 * Temperature-fit passes on the pool's threads. Each pass of a fit (scale-objective.ts) is one
 * `exp` per score, about a second on 50,000 x 1,000 logits, and a fit takes three or more.
 * `scaleObjective` sums its rows in parts of a fixed size and combines the parts in order; this
 * objective shares the parts out in runs, one run per thread, and combines them the same way, so
 * a fit gives the same T to the last bit on any number of threads.
 *
 * The helpers read the scores where the reader left them, so they must be in shared memory; for
 * anything else, and for fits smaller than `minScores`, a pass is `scaleObjective`.
 */
export function objectiveOnThreads(pool: ThreadPool, minScores = MIN_PARALLEL_SCORES): ScaleObjective {
  let current: {
    rows: ScaleRows; centered: Float64Array; helpers: Helper[]; setups: number[]; outs: Float64Array[]; runs: { from: number; to: number }[];
  } | undefined;

  return (rows, centered, b): ObjectivePoint => {
    const n = rows.index.length;
    const parts = objectiveParts(n, rows.classes);
    if (!inSharedMemory(rows.scores) || n * rows.classes < minScores || parts < 2) return scaleObjective(rows, centered, b);
    let jobs: (SetupMessage | undefined)[];
    const fresh = current === undefined || current.rows !== rows || current.centered !== centered
      || current.helpers.some((helper, i) => !helper.alive || helper.setupCount !== current!.setups[i]);
    if (fresh) {
      // A new fit: its rows go to the helpers once; the passes then only exchange b and the sums.
      // (Again if other work was handed to a helper in between.)
      const helpers = pool.helpers().slice(0, parts - 1);
      if (helpers.length === 0) return scaleObjective(rows, centered, b);
      const threads = helpers.length + 1;
      const runs = Array.from({ length: threads }, (_, s) => share(parts, threads, s));
      const index = sharedCopy(rows.index), max = sharedCopy(rows.max), shared = sharedCopy(centered);
      const outs = helpers.map((_, i) => sharedFloat64((runs[i + 1]!.to - runs[i + 1]!.from) * OBJECTIVE_SUMS));
      jobs = helpers.map((_, i) => ({
        kind: 'objective' as const, scores: rows.scores, classes: rows.classes, index, max, centered: shared,
        fromPart: runs[i + 1]!.from, toPart: runs[i + 1]!.to, out: outs[i]!,
      }));
      current = { rows, centered, helpers, setups: [], outs, runs };
    } else {
      jobs = current!.helpers.map(() => undefined);
    }
    const { helpers, outs, runs } = current!;
    const sums = new Float64Array(parts * OBJECTIVE_SUMS);
    helpers.forEach((helper) => { helper.numbers[0] = b; });
    const done = pool.runAll(helpers, jobs, () => scaleObjectiveParts(rows, centered, b, runs[0]!.from, runs[0]!.to, sums, 0));
    current!.setups = helpers.map((helper) => helper.setupCount);
    done.forEach((ok, i) => {
      const run = runs[i + 1]!;
      if (ok) sums.set(outs[i]!, run.from * OBJECTIVE_SUMS);
      else scaleObjectiveParts(rows, centered, b, run.from, run.to, sums, run.from * OBJECTIVE_SUMS);
    });
    if (!done.every(Boolean)) current = undefined;
    return combineObjective(b, n, sums);
  };
}
