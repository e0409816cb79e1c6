import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import {
  combineObjective, OBJECTIVE_SUMS, objectiveSplit, scaleObjective, scaleObjectiveRange,
  type ObjectivePoint, type ScaleObjective, type ScaleRows,
} from '../fit/scale-objective.js';
import { Command, RESULT_AT, type RowsMessage } from './protocol.js';

/**
 * Temperature-fit passes on two threads. Each pass of a fit (scale-objective.ts) is one `exp` per
 * score, about a second on 50,000 x 1,000 logits, and a fit takes three or more. `scaleObjective`
 * sums its rows as two halves; the pool's `objective` hands the second half to a worker thread
 * and sums the first on the calling thread, then combines them the same way, so a fit gives the
 * same T to the last bit with or without the pool.
 *
 * The fit stays synchronous: the main thread wakes the worker with `Atomics.notify` and sleeps in
 * `Atomics.wait` until its half is done (no event loop turn, so no async fit). The worker reads the
 * scores where the reader left them, so they must be in shared memory (`ReadSource.shared`); for
 * anything else, and for fits too small to repay the hand-over, `objective` is `scaleObjective`.
 */
export interface ObjectivePool {
  readonly objective: ScaleObjective;
  /** Passes so far whose second half the worker summed (the rest ran on the calling thread alone). */
  readonly sharedPasses: number;
  /** Stops the worker. The objective keeps working afterwards, on the calling thread only. */
  close(): void;
}

/** Fits over fewer scores than this stay on one thread (a pass then takes ~20 ms or less). */
export const MIN_PARALLEL_SCORES = 2_000_000;

const WORKER_URL = new URL('./objective-worker.js', import.meta.url);

/** How long the first pass waits for the worker thread to start before doing without it. */
const STARTUP_MS = 10_000;

/**
 * A pool for fits on `scores`, or undefined when it would not help: the scores are not in shared
 * memory, there are fewer than `minScores` of them, or the compiled worker is absent (running
 * from TypeScript sources).
 */
export function objectivePoolFor(scores: Float64Array, options: { minScores?: number } = {}): ObjectivePool | undefined {
  const minScores = options.minScores ?? MIN_PARALLEL_SCORES;
  if (!(scores.buffer instanceof SharedArrayBuffer) || scores.length < minScores) return undefined;
  if (!existsSync(fileURLToPath(WORKER_URL))) return undefined;
  return startPool(minScores);
}

function startPool(minScores: number): ObjectivePool {
  const control = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  const numbers = new Float64Array(new SharedArrayBuffer((RESULT_AT + OBJECTIVE_SUMS) * Float64Array.BYTES_PER_ELEMENT));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_URL, { workerData: { control, numbers, port: port2 }, transferList: [port2] });
  worker.unref(); // never keeps the process alive
  let open = true;
  worker.on('error', () => { open = false; });
  let current: { rows: ScaleRows; centered: Float64Array } | undefined;
  const sums = new Float64Array(2 * OBJECTIVE_SUMS);
  let sharedPasses = 0;

  /** Stores a command, wakes the worker; `wait` then sleeps until the worker is idle again. */
  const send = (command: number): void => {
    Atomics.store(control, 0, command);
    Atomics.notify(control, 0);
  };
  const wait = (): boolean => {
    // A worker that never got going (it failed to load) would leave us waiting for ever: until it
    // says it listens, wait at most STARTUP_MS, then carry on without it.
    if (Atomics.load(control, 1) !== 1 && Atomics.wait(control, 1, 0, STARTUP_MS) === 'timed-out') {
      open = false;
      return false;
    }
    for (;;) {
      const state = Atomics.load(control, 0);
      if (state === Command.Idle) return true;
      if (state === Command.Failed) {
        open = false;
        return false;
      }
      Atomics.wait(control, 0, state);
    }
  };
  const shared = <T extends Float64Array | Int32Array>(array: T): T => {
    if (array.buffer instanceof SharedArrayBuffer) return array;
    const copy = new (array.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(array.byteLength));
    copy.set(array as never);
    return copy;
  };

  const objective: ScaleObjective = (rows, centered, b): ObjectivePoint => {
    const n = rows.index.length;
    if (!open || !(rows.scores.buffer instanceof SharedArrayBuffer) || n * rows.classes < minScores) {
      return scaleObjective(rows, centered, b);
    }
    const h = objectiveSplit(n);
    if (current?.rows !== rows || current.centered !== centered) {
      // A new fit: its rows go to the worker once; the passes then only exchange b and six sums.
      const message: RowsMessage = {
        scores: rows.scores, classes: rows.classes, index: shared(rows.index), max: shared(rows.max),
        centered: shared(centered), from: h, to: n,
      };
      port1.postMessage(message);
      send(Command.Rows);
      if (!wait()) return scaleObjective(rows, centered, b);
      current = { rows, centered };
    }
    numbers[0] = b;
    send(Command.Evaluate);
    scaleObjectiveRange(rows, centered, b, 0, h, sums, 0);
    if (!wait()) return scaleObjective(rows, centered, b);
    sums.set(numbers.subarray(RESULT_AT, RESULT_AT + OBJECTIVE_SUMS), OBJECTIVE_SUMS);
    sharedPasses++;
    return combineObjective(b, n, sums);
  };

  return {
    objective,
    get sharedPasses() {
      return sharedPasses;
    },
    close() {
      if (!open) return;
      open = false;
      send(Command.Stop);
      port1.close();
    },
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
