import type { EvaluateOptions } from '../metrics/types.js';
import { scanOnTwoThreads } from './row-scan.js';
import { sortRowsOnTwoThreads } from './row-sort.js';

/**
 * `evaluate`'s options that put its two long steps, the per-row pass and the sort by
 * confidence, on two threads when they are large enough to repay it (same numbers either way).
 */
export const TWO_THREADS: Required<Pick<EvaluateOptions, 'scan' | 'sort'>> = Object.freeze({
  scan: scanOnTwoThreads,
  sort: (confidence: Float64Array, outcome: Uint8Array) => sortRowsOnTwoThreads(confidence, outcome),
});
