/** What the calling thread and its helpers share (helper.ts, worker.ts). */
import type { Predictions } from '../core/predictions.js';
import type { DecodeTask } from '../io/formats/parquet-direct.js';
import type { ScanConfig } from '../metrics/row-stats.js';
import type { RowStats } from '../metrics/types.js';
import type { SortedRows } from '../metrics/estimators/argsort.js';
import type { ConsistencyJob } from '../stats/consistency-resampling.js';

/** The control word `control[0]`: set by the calling thread to a command, reset by the worker. */
export const Command = {
  /** Nothing to do (the worker sleeps; the calling thread waits for this after each command). */
  Idle: 0,
  /** New work: its arrays wait on the message port (a SetupMessage). */
  Setup: 1,
  /** Do the worker's share of the work set up last (for a fit pass, at b = numbers[0]). */
  Run: 2,
  /** Leave the loop (the thread is closed). */
  Stop: 3,
  /** The worker's last command threw: it has stopped, and the calling thread carries on without it. */
  Failed: 4,
} as const;

/** Length of a helper's `numbers`: [b of a fit pass, or the step of a sort]. */
export const NUMBERS = 1;

export interface SharedControl {
  /** Int32 words on a SharedArrayBuffer: [command, ready (1 once the worker listens), spare for short sleeps]. */
  readonly control: Int32Array;
  /** Float64 on a SharedArrayBuffer (NUMBERS). */
  readonly numbers: Float64Array;
}

/** Work for a helper; every array lives on a SharedArrayBuffer. */
export type SetupMessage =
  /** Temperature-fit passes: the sums of parts `fromPart .. toPart - 1` into `out` (scale-objective.ts). */
  | {
    readonly kind: 'objective';
    readonly scores: Float64Array;
    readonly classes: number;
    readonly index: Int32Array;
    readonly max: Float64Array;
    readonly centered: Float64Array;
    readonly fromPart: number;
    readonly toPart: number;
    readonly out: Float64Array;
  }
  /** Consistency resampling: the counts of resamples `from .. to - 1`, into `out` (calibration-tests.ts). */
  | {
    readonly kind: 'consistency';
    readonly job: ConsistencyJob;
    readonly from: number;
    readonly to: number;
    readonly out: Float64Array;
  }
  /**
   * The per-row pass over rows `from .. to - 1` (whole blocks from block `fromBlock` on, row-stats.ts
   * scanRange), into `stats` and the blocks' classwise sums.
   */
  | {
    readonly kind: 'scan';
    readonly preds: Predictions;
    readonly config: ScanConfig;
    readonly temperature: number | Float64Array | undefined;
    readonly stats: RowStats;
    /** Row r's statistics are at `stats[r - statsBase]` (0: the whole arrays). */
    readonly statsBase: number;
    readonly from: number;
    readonly to: number;
    readonly fromBlock: number;
    readonly count: Float64Array;
    readonly probabilitySum: Float64Array;
    readonly hitSum: Float64Array;
  }
  /** One share of a sort on several threads (row-sort.ts). */
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
  /** Jobs of a Parquet file's decoding, taken from the task's shared counter (parquet-direct.ts). */
  | {
    readonly kind: 'parquet';
    readonly task: DecodeTask;
  }
  /** Smooth ECE of these rows (smooth-ece.ts), result = [smECE, bandwidth]. */
  | {
    readonly kind: 'smoothEce';
    readonly confidence: Float64Array;
    readonly outcome: Uint8Array;
    readonly result: Float64Array;
  };

/**
 * One helper's share of a sort by confidence (row-sort.ts), done in steps: its rows are
 * `from .. to - 1`; `into` holds all rows, `next` its bucket counts and then where its rows go,
 * `ends` where each bucket ends, `plan` the values it exchanges with the calling thread.
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

/** The scan feed's progress counter (scan-feed.ts, scan-worker.ts), an Int32Array in shared memory: these are its slots. */
export const ScanProgress = { scanned: 0, failed: 1 } as const;
