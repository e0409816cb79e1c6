import { probabilityPairLogs, type PairLogsResult } from '../io/to-predictions.js';
import { sharedCopy, sharedSecondThread } from './second-thread.js';

/** Columns shorter than this are converted on one thread (a few milliseconds). */
export const MIN_PARALLEL_PAIR_ROWS = 1_000_000;

/**
 * A binary probability column's logs (to-predictions.ts `probabilityPairLogs`, two logs a row)
 * on two threads: the worker takes the second half of the rows. Every row's values are computed
 * by the same function either way, and the first bad row reported is the first in the file.
 * Needs the column and the output in shared memory (the reader puts large files there); falls
 * back to one thread otherwise, for short columns, and when the worker cannot help.
 */
export function pairLogsOnTwoThreads(values: Float64Array, labels: Int32Array, out: Float64Array, logFloor: number,
  settings: { minRows?: number; onDone?: (workerConverted: boolean) => void } = {}): PairLogsResult {
  const n = values.length;
  const shared = values.buffer instanceof SharedArrayBuffer && out.buffer instanceof SharedArrayBuffer;
  const thread = shared && n >= (settings.minRows ?? MIN_PARALLEL_PAIR_ROWS) ? sharedSecondThread() : undefined;
  if (!thread) return probabilityPairLogs(values, labels, out, logFloor, 0, n);
  const half = n >>> 1;
  const result = new Float64Array(new SharedArrayBuffer(2 * Float64Array.BYTES_PER_ELEMENT));
  const started = thread.setup({ kind: 'pairLogs', values, labels: sharedCopy(labels), out, logFloor, from: half, to: n, result });
  if (started) thread.run();
  const mine = probabilityPairLogs(values, labels, out, logFloor, 0, half);
  const workerDone = started && thread.wait();
  settings.onDone?.(workerDone);
  if (mine.firstBad >= 0) return mine;
  const theirs = workerDone ? { floorHits: result[0]!, firstBad: result[1]! } : probabilityPairLogs(values, labels, out, logFloor, half, n);
  return { floorHits: mine.floorHits + theirs.floorHits, firstBad: theirs.firstBad };
}
