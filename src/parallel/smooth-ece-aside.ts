import { smoothEce } from '../metrics/estimators/smooth-ece.js';
import type { ThreadPool } from './pool.js';
import { sharedCopy, sharedFloat64 } from './shares.js';

/** Fewer rows than this are smoothed in line (a few milliseconds, less than the hand-over). */
export const MIN_ASIDE_ROWS = 200_000;

/**
 * `evaluate`'s `startSmoothEce` hook: smooth ECE (relplot's bandwidth search, one spread of the
 * rows per grid size) on a helper while the calling thread computes the other estimators. The
 * helper runs the same function on the same rows, so the numbers are the same. Returns undefined
 * (smooth ECE then runs in line) for fewer than `minRows` rows or on one thread.
 */
export function smoothEceAside(pool: ThreadPool, minRows = MIN_ASIDE_ROWS) {
  return (confidence: Float64Array, outcome: Uint8Array): (() => { smece: number; sigma: number }) | undefined => {
    if (confidence.length < minRows) return undefined;
    const helper = pool.helpers()[0];
    if (helper === undefined) return undefined;
    const result = sharedFloat64(2);
    const rows = { confidence: sharedCopy(confidence), outcome: sharedCopy(outcome) };
    const started = helper.setup({ kind: 'smoothEce', ...rows, result });
    if (started) helper.run();
    return () => {
      if (started && helper.wait()) return { smece: result[0]!, sigma: result[1]! };
      const inline = smoothEce(confidence, outcome, { curvePoints: 2 });
      return { smece: inline.smece, sigma: inline.sigma };
    };
  };
}
