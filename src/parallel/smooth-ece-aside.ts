import { smoothEce } from '../metrics/estimators/smooth-ece.js';
import { sharedCopy, sharedSecondThread } from './second-thread.js';

/** Fewer rows than this are smoothed in line (a few milliseconds, less than the hand-over). */
export const MIN_ASIDE_ROWS = 200_000;

/**
 * `evaluate`'s `startSmoothEce`: smooth ECE (relplot's bandwidth search, one spread of the rows
 * per grid size) on the second thread while the calling thread computes the other estimators.
 * The worker runs the same function on the same rows, so the numbers are the same. Returns
 * undefined (smooth ECE then runs in line) for fewer than `minRows` rows or without a worker.
 */
export function startSmoothEceAside(confidence: Float64Array, outcome: Uint8Array,
  settings: { minRows?: number } = {}): (() => { smece: number; sigma: number }) | undefined {
  if (confidence.length < (settings.minRows ?? MIN_ASIDE_ROWS)) return undefined;
  const thread = sharedSecondThread();
  if (!thread) return undefined;
  const result = new Float64Array(new SharedArrayBuffer(2 * Float64Array.BYTES_PER_ELEMENT));
  const rows = { confidence: sharedCopy(confidence), outcome: sharedCopy(outcome) };
  if (!thread.setup({ kind: 'smoothEce', ...rows, result })) return undefined;
  thread.run();
  return () => {
    if (thread.wait()) return { smece: result[0]!, sigma: result[1]! };
    const inline = smoothEce(confidence, outcome, { curvePoints: 2 });
    return { smece: inline.smece, sigma: inline.sigma };
  };
}
