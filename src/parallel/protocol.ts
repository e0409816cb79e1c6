/** What the main thread and the objective worker share (objective-pool.ts, objective-worker.ts). */

/** The control word `control[0]`: set by the main thread to a command, reset by the worker. */
export const Command = {
  /** Nothing to do (the worker sleeps; the main thread waits for this after each command). */
  Idle: 0,
  /** A new fit: its arrays wait on the message port. */
  Rows: 1,
  /** Sum the worker's rows at b = numbers[0]; the sums go to numbers[RESULT_AT ..]. */
  Evaluate: 2,
  /** Leave the loop (the pool is closed). */
  Stop: 3,
  /** The worker's last command threw: the pool falls back to the main thread. */
  Failed: 4,
} as const;

/** Where the worker writes its sums in `numbers` (after b). */
export const RESULT_AT = 1;

export interface PoolShared {
  /** Int32 words on a SharedArrayBuffer: [command, ready (1 once the worker listens), spare for short sleeps]. */
  readonly control: Int32Array;
  /** Float64 on a SharedArrayBuffer: [b, the worker's OBJECTIVE_SUMS sums]. */
  readonly numbers: Float64Array;
}

/** A fit's rows, all on SharedArrayBuffers, and the worker's share of them. */
export interface RowsMessage {
  readonly scores: Float64Array;
  readonly classes: number;
  readonly index: Int32Array;
  readonly max: Float64Array;
  readonly centered: Float64Array;
  readonly from: number;
  readonly to: number;
}
