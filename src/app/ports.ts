/**
 * What a use case is given to reach the world: a reader of prediction files, a place for notes
 * and warnings as they arise, and the hooks that run work on a second thread. The CLI passes the
 * real ones (src/cli); tests pass their own. A use case does no other I/O.
 */
import type { Warning } from '../core/warnings.js';
import type { ScaleObjective } from '../fit/scale-objective.js';
import type { ReadResult } from '../io/read-predictions.js';
import type { TextColumnRequest } from '../io/select-columns.js';
import type { ScanConfig } from '../metrics/row-stats.js';
import type { EvaluateHooks } from '../metrics/types.js';
import type { ConsistencyCounter } from '../stats/calibration-tests.js';

/** How a use case wants a file read (the reading options themselves are the reader's). */
export interface ReadRequest {
  /** Compute the per-row statistics while reading (`ReadResult.scan`). */
  readonly scan?: ScanConfig;
  /** The scores are for a temperature fit: its passes may run on other threads (the reader may start them early). */
  readonly fit?: boolean;
  /** Keep every row's other cells (`ReadResult.kept`), to write them beside new scores. */
  readonly keepCells?: boolean;
  /** Hand over these columns' text, row by row (`ReadResult.text`): --group-by, --where, --id. */
  readonly textColumns?: readonly TextColumnRequest[];
}

/** Reads one prediction file; it reports its own notes and warnings (they are in the result too). */
export type Reader = (file: string, request: ReadRequest) => Promise<ReadResult>;

/** Where a use case says what it is doing (notes) and what it found wrong (warnings), as it goes. */
export interface Progress {
  note(text: string): void;
  warn(warning: Warning): void;
}

/** Other threads' share of the temperature fits' passes; closed when the fits are done. */
export interface ObjectiveHandle {
  readonly objective: ScaleObjective;
  /** Threads the passes run on, for the progress note. */
  readonly threads: number;
  close(): void;
}

/** Other threads' share of the consistency test's resamples. */
export interface CounterHandle {
  readonly counter: ConsistencyCounter;
  close(): void;
}

/**
 * Work the CLI runs on other threads when it is large enough (src/parallel/). Opaque here:
 * every hook gives the same numbers as the default it replaces, and each may be left out.
 */
export interface ParallelHooks {
  /** The per-row pass, the sort and smooth ECE of `evaluate`. */
  readonly evaluation?: EvaluateHooks;
  /** A pool for the fits over `scores`, or undefined when one would not help. */
  readonly objectivePool?: (scores: Float64Array) => ObjectiveHandle | undefined;
  /** Threads for a consistency test of `rows` x `resamples` draws, or undefined. */
  readonly consistencyThreads?: (rows: number, resamples: number) => Promise<CounterHandle | undefined>;
}

/** Everything a use case is given besides its options. */
export interface UseCaseDeps {
  readonly read: Reader;
  readonly progress: Progress;
  readonly parallel?: ParallelHooks;
}

/** Progress that goes nowhere (tests, library use). */
export const SILENT: Progress = { note: () => {}, warn: () => {} };

/** `fn(objective)` with the pool the hooks give for `scores`, closed afterwards. */
export function withPool<T>(hooks: ParallelHooks | undefined, scores: Float64Array, fn: (objective: ScaleObjective | undefined) => T): T {
  const pool = hooks?.objectivePool?.(scores);
  try {
    return fn(pool?.objective);
  } finally {
    pool?.close();
  }
}
