import type { ScaleObjective } from '../fit/scale-objective.js';
import type { Predictions } from '../core/predictions.js';
import type { ReadThreads } from '../io/read-predictions.js';
import type { ScanConfig } from '../metrics/row-stats.js';
import type { EvaluateHooks } from '../metrics/types.js';
import type { ConsistencyCounter } from '../stats/consistency-resampling.js';
import { consistencyOnThreads, MIN_PARALLEL_DRAWS } from './consistency-counter.js';
import { MIN_PARALLEL_SCORES, objectiveOnThreads } from './objective-pool.js';
import { MIN_PARALLEL_PAIR_ROWS, pairLogsOnThreads } from './pair-logs.js';
import { parquetOnThreads } from './parquet-decode.js';
import { ThreadPool } from './pool.js';
import { parseRangeInWorker } from './range-worker.js';
import { compactScanOnThreads, MIN_PARALLEL_SCAN_SCORES, scanOnThreads } from './row-scan.js';
import { MIN_PARALLEL_SORT_ROWS, sortRowsOnThreads } from './row-sort.js';
import { workerScanFeed } from './scan-feed.js';
import { MIN_ASIDE_ROWS, smoothEceAside } from './smooth-ece-aside.js';

/**
 * Where calib's long loops run: every worker thread of the process is started through one of
 * these (src/cli wires one in, from `--threads`). The core and io take the parts they use as
 * plain hooks (`EvaluateHooks`, `ReadThreads`, a fit's objective, the consistency test's
 * counter), so neither knows about threads; on one thread every hook is the plain single-thread
 * code. Each step is shared out so that the numbers are the same to the last bit on any number
 * of threads.
 */
export interface Runtime {
  /** Threads the long loops use: the calling thread and `threads - 1` helpers. */
  readonly threads: number;
  /** For `readPredictionsOn`. */
  readonly read: ReadThreads;
  /** For `evaluateOn` and `evaluateScan`. */
  readonly evaluation: EvaluateHooks;
  /** A temperature fit's passes (FitTemperatureOptions.objective); undefined on one thread. */
  readonly objective: ScaleObjective | undefined;
  /** The consistency test's resamples (ConsistencyOptions.counter); undefined on one thread. */
  readonly counter: ConsistencyCounter | undefined;
  /** Starts the helpers now, so that their start-up overlaps a large read. */
  prestart(): void;
}

export interface RuntimeOptions {
  /** Threads, at least 1 (1: everything on the calling thread, no worker is started). */
  readonly threads: number;
  /**
   * Share out work of any size (tests: the worker paths on small inputs). By default each step
   * stays on one thread below the size where the hand-over costs about what it saves.
   */
  readonly eager?: boolean;
}

/** Plain files from this size on are read in pieces, one a thread, or scanned on another thread as they are read. */
export const MIN_THREADED_READ_BYTES = 16 << 20;

export function createRuntime(options: RuntimeOptions): Runtime {
  const threads = options.threads;
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`createRuntime: threads must be a positive integer, not ${threads}`);
  if (threads === 1) {
    // One thread still scans a report's rows in stretches (9 bytes a row kept, not 34).
    const evaluation = { compactScan: (preds: Predictions, config: ScanConfig) => compactScanOnThreads(undefined, preds, config) };
    return { threads, read: { sharedMemory: false }, evaluation, objective: undefined, counter: undefined, prestart: () => undefined };
  }
  const pool = new ThreadPool(threads);
  const min = (size: number): number => (options.eager ? 0 : size);
  return {
    threads,
    read: {
      sharedMemory: true,
      split: { minBytes: min(MIN_THREADED_READ_BYTES), parts: threads - 1, parse: parseRangeInWorker },
      scan: { minBytes: min(MIN_THREADED_READ_BYTES), start: workerScanFeed },
      pairLogs: pairLogsOnThreads(pool, min(MIN_PARALLEL_PAIR_ROWS)),
      parquet: parquetOnThreads(pool, min(MIN_THREADED_READ_BYTES)),
    },
    evaluation: {
      scan: (preds, config, evaluateOptions) => scanOnThreads(pool, preds, config, evaluateOptions, min(MIN_PARALLEL_SCAN_SCORES)),
      compactScan: (preds, config) => compactScanOnThreads(pool, preds, config, min(MIN_PARALLEL_SCAN_SCORES)),
      sort: (confidence, outcome) => sortRowsOnThreads(pool, confidence, outcome, min(MIN_PARALLEL_SORT_ROWS)),
      startSmoothEce: smoothEceAside(pool, min(MIN_ASIDE_ROWS)),
    },
    objective: objectiveOnThreads(pool, min(MIN_PARALLEL_SCORES)),
    counter: consistencyOnThreads(pool, min(MIN_PARALLEL_DRAWS)),
    prestart: () => pool.prestart(),
  };
}
