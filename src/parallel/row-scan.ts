import type { Predictions } from '../core/predictions.js';
import {
  emptyClasswiseParts, emptyRowStats, mergeClasswise, scanBlocks, scanRows,
  type ClasswiseTotals, type RowScan, type ScanConfig,
} from '../metrics/row-stats.js';
import type { EvaluateOptions } from '../metrics/types.js';
import { sharedCopy, sharedSecondThread } from './second-thread.js';

/** Scans over fewer scores than this stay on one thread (a pass then takes ~30 ms or less). */
export const MIN_PARALLEL_SCAN_SCORES = 2_000_000;

/**
 * `scanRows` on two threads, for `evaluate`'s `scan` option: the worker takes the odd blocks of
 * rows and this thread the even ones (row-stats.ts, ROW_BLOCK), so the result is `scanRows`' own
 * to the last bit. Used where the per-row pass is not already done while reading: the "after"
 * numbers of `temperature` (softmax at the fitted T) and binary files.
 *
 * Falls back to `scanRows` for a row selection, for scores or labels not in shared memory, for
 * fewer than `minScores` scores, and when the worker cannot start.
 */
export function scanOnTwoThreads(preds: Predictions, config: ScanConfig, options: EvaluateOptions = {},
  settings: { minScores?: number; onDone?: (workerScanned: boolean) => void } = {}): RowScan {
  const shared = preds.scores.buffer instanceof SharedArrayBuffer
    && (preds.probabilities === undefined || preds.probabilities.buffer instanceof SharedArrayBuffer);
  if (options.rows !== undefined || !shared || preds.scores.length < (settings.minScores ?? MIN_PARALLEL_SCAN_SCORES)) {
    return scanRows(preds, config, options);
  }
  const thread = sharedSecondThread();
  if (!thread) return scanRows(preds, config, options);
  const { classes: k, rows: n } = preds;
  const m = config.classwiseBins;
  const stats = emptyRowStats(n, true);
  const parts = emptyClasswiseParts(k, m);
  const odd: ClasswiseTotals = {
    bins: m, count: sharedZeros(k * m), probabilitySum: sharedZeros(k * m), hitSum: sharedZeros(k * m),
  };
  const temperature = options.temperature instanceof Float64Array ? sharedCopy(options.temperature) : options.temperature;
  const message = { kind: 'scan' as const, preds: { ...preds, labels: sharedCopy(preds.labels) }, config, temperature, stats, odd };
  const started = thread.setup(message);
  if (started) thread.run();
  scanBlocks(preds, config, options.temperature, 0, stats, parts);
  if (started && thread.wait()) {
    settings.onDone?.(true);
    return { stats, classwise: mergeClasswise(parts.even, odd) };
  }
  settings.onDone?.(false);
  // The worker failed: do its blocks here (into this thread's odd part).
  scanBlocks(preds, config, options.temperature, 1, stats, parts);
  return { stats, classwise: mergeClasswise(parts.even, parts.odd) };
}

function sharedZeros(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));
}
