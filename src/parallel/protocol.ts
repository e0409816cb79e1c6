/** What the main thread and its second thread share (second-thread.ts, worker.ts). */
import type { Predictions } from '../core/predictions.js';
import type { ClasswiseTotals, ScanConfig } from '../metrics/row-stats.js';
import type { RowStats } from '../metrics/types.js';
import type { SortedRows } from '../metrics/estimators/argsort.js';
import type { ConsistencyJob } from '../stats/calibration-tests.js';

/** The control word `control[0]`: set by the main thread to a command, reset by the worker. */
export const Command = {
  /** Nothing to do (the worker sleeps; the main thread waits for this after each command). */
  Idle: 0,
  /** New work: its arrays wait on the message port (a SetupMessage). */
  Setup: 1,
  /** Do the worker's share of the work set up last (for a fit pass, at b = numbers[0]). */
  Run: 2,
  /** Leave the loop (the thread is closed). */
  Stop: 3,
  /** The worker's last command threw: it has stopped, and the main thread carries on alone. */
  Failed: 4,
} as const;

/** Where the worker writes a fit pass's sums in `numbers` (after b). */
export const RESULT_AT = 1;

export interface SharedControl {
  /** Int32 words on a SharedArrayBuffer: [command, ready (1 once the worker listens), spare for short sleeps]. */
  readonly control: Int32Array;
  /** Float64 on a SharedArrayBuffer: [b, the worker's OBJECTIVE_SUMS sums]. */
  readonly numbers: Float64Array;
}

/** Work for the second thread; every array lives on a SharedArrayBuffer. */
export type SetupMessage =
  /** Temperature-fit passes: sum fit rows `from .. to - 1` (scale-objective.ts). */
  | {
    readonly kind: 'objective';
    readonly scores: Float64Array;
    readonly classes: number;
    readonly index: Int32Array;
    readonly max: Float64Array;
    readonly centered: Float64Array;
    readonly from: number;
    readonly to: number;
  }
  /** Consistency resampling: the counts of resamples `from .. to - 1`, into `out` (calibration-tests.ts). */
  | {
    readonly kind: 'consistency';
    readonly job: ConsistencyJob;
    readonly from: number;
    readonly to: number;
    readonly out: Float64Array;
  }
  /** The per-row pass: rows of the odd blocks (row-stats.ts scanBlocks), into `stats` and `odd`. */
  | {
    readonly kind: 'scan';
    readonly preds: Predictions;
    readonly config: ScanConfig;
    readonly temperature: number | Float64Array | undefined;
    readonly stats: RowStats;
    readonly odd: ClasswiseTotals;
  }
  /** One share of a sort on two threads (row-sort.ts): the worker's rows are `from .. to - 1`. */
  | SortJob
  /** A binary probability column's logs: rows `from .. to - 1` (to-predictions.ts), result = [floor hits, first bad row]. */
  | {
    readonly kind: 'pairLogs';
    readonly values: Float64Array;
    readonly labels: Int32Array;
    readonly out: Float64Array;
    readonly logFloor: number;
    readonly from: number;
    readonly to: number;
    readonly result: Float64Array;
  }
  /** Smooth ECE of these rows (smooth-ece.ts), result = [smECE, bandwidth]. */
  | {
    readonly kind: 'smoothEce';
    readonly confidence: Float64Array;
    readonly outcome: Uint8Array;
    readonly result: Float64Array;
  };

/**
 * A sort by confidence on two threads (row-sort.ts), done in steps; `into` holds all rows,
 * `next` the worker's bucket counts and then where its rows go, `ends` where each bucket ends,
 * `plan` the values the two threads exchange.
 */
export interface SortJob {
  readonly kind: 'sort';
  readonly confidence: Float64Array;
  readonly outcome: Uint8Array;
  readonly from: number;
  readonly to: number;
  readonly into: SortedRows;
  readonly next: Int32Array;
  readonly ends: Int32Array;
  readonly plan: Float64Array;
}
