import { mergeSortedRows, sortRows, type SortedRows } from '../metrics/estimators/argsort.js';
import { sharedCopy, sharedSecondThread } from './second-thread.js';

/** Sorts of fewer rows stay on one thread: there the hand-over and the merge cost about what they save. */
export const MIN_PARALLEL_SORT_ROWS = 4_000_000;

/**
 * `sortRows` on two threads, for `evaluate`'s `sort` option: the worker sorts the second half of
 * the rows while this thread sorts the first, then one pass merges the two runs, the first half's
 * rows first among equal confidences. That is the stable order of all rows, so the result is
 * `sortRows`' own, value for value (tested). Falls back to `sortRows` for fewer than `minRows`
 * rows and when the worker cannot start or fails.
 */
export function sortRowsOnTwoThreads(confidence: Float64Array, outcome: Uint8Array,
  settings: { minRows?: number; onDone?: (workerSorted: boolean) => void } = {}): SortedRows {
  const n = confidence.length;
  if (n < (settings.minRows ?? MIN_PARALLEL_SORT_ROWS)) return sortRows(confidence, outcome);
  const thread = sharedSecondThread();
  if (!thread) return sortRows(confidence, outcome);
  const half = n >>> 1;
  const theirs = {
    confidence: new Float64Array(new SharedArrayBuffer((n - half) * Float64Array.BYTES_PER_ELEMENT)),
    outcome: new Uint8Array(new SharedArrayBuffer(n - half)),
  };
  const started = thread.setup({
    kind: 'sort', confidence: sharedCopy(confidence), outcome: sharedCopy(outcome), from: half, to: n, out: theirs,
  });
  if (started) thread.run();
  const mine = sortRows(confidence.subarray(0, half), outcome.subarray(0, half));
  if (started && thread.wait()) {
    settings.onDone?.(true);
    return mergeSortedRows(mine, theirs);
  }
  settings.onDone?.(false);
  return mergeSortedRows(mine, sortRows(confidence.subarray(half), outcome.subarray(half)));
}
