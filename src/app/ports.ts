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
  /**
   * Nothing reads `predictions.scores` after the per-row pass made while reading (`scan`): the
   * reader may keep a large file's rows in a window instead of whole (`predictions.scores` then throws).
   */
  readonly scoresUnused?: boolean;
}

/** Reads one prediction file; it reports its own notes and warnings (they are in the result too). */
export type Reader = (file: string, request: ReadRequest) => Promise<ReadResult>;

/** Where a use case says what it is doing (notes) and what it found wrong (warnings), as it goes. */
export interface Progress {
  note(text: string): void;
  warn(warning: Warning): void;
}

/**
 * Work the CLI runs on other threads when it is large enough (src/parallel/). Opaque here:
 * every hook gives the same numbers as the default it replaces, and each may be left out.
 */
export interface ParallelHooks {
  /** The per-row pass, the sort and smooth ECE of `evaluate`. */
  readonly evaluation?: EvaluateHooks;
  /** A temperature fit's passes (FitTemperatureOptions.objective); each decides by size whether to share out. */
  readonly objective?: ScaleObjective;
  /** The consistency test's resamples (ConsistencyOptions.counter). */
  readonly counter?: ConsistencyCounter;
  /** How many threads the hooks use, for progress notes. */
  readonly threads?: number;
}

/** Everything a use case is given besides its options. */
export interface UseCaseDeps {
  readonly read: Reader;
  readonly progress: Progress;
  readonly parallel?: ParallelHooks;
}

/** Progress that goes nowhere (tests, library use). */
export const SILENT: Progress = { note: () => {}, warn: () => {} };

/** A fit's options for the hooks' objective (none: the plain single-thread objective). */
export function objectiveOption(hooks: ParallelHooks | undefined): { objective?: ScaleObjective } {
  return hooks?.objective ? { objective: hooks.objective } : {};
}

/**
 * Reads the summaries that `--from-summary` names (files, directories, globs), each with its file
 * name, one at a time in a stable order (the specs as given, each expanded in path order); the CLI
 * binds `--summary-header`. Use cases merge them as they come (src/summary), so memory holds the
 * running total and one summary, however many there are.
 */
export type SummaryLoader = (specs: readonly string[]) => AsyncIterable<import('../summary/merge.js').NamedSummary>;

/** What a use case over summaries is given. */
export interface SummaryDeps {
  readonly loadSummaries: SummaryLoader;
  readonly progress: Progress;
}
