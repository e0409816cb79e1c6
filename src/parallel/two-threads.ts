import type { EvaluateHooks } from '../metrics/types.js';
import { scanOnTwoThreads } from './row-scan.js';
import { sortRowsOnTwoThreads } from './row-sort.js';
import { startSmoothEceAside } from './smooth-ece-aside.js';

/**
 * `evaluate`'s options that use the second thread when the work is large enough to repay it:
 * the per-row pass and the sort by confidence split in two, and smooth ECE beside the other
 * estimators. Same numbers either way.
 */
export const TWO_THREADS: Required<EvaluateHooks> = Object.freeze({
  scan: scanOnTwoThreads,
  sort: (confidence: Float64Array, outcome: Uint8Array) => sortRowsOnTwoThreads(confidence, outcome),
  startSmoothEce: (confidence: Float64Array, outcome: Uint8Array) => startSmoothEceAside(confidence, outcome),
});
