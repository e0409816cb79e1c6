import type { Predictions } from '../core/predictions.js';
import {
  BlockSums, blockCount, foldBlockSums, ROW_BLOCK, rowStatsOn, scanRange, scanRows, type RowScan, type ScanConfig,
} from '../metrics/row-stats.js';
import type { EvaluateOptions } from '../metrics/types.js';
import type { ThreadPool } from './pool.js';
import { inSharedMemory, share, sharedCopy, sharedFloat64, sharedUint8 } from './shares.js';

/** Scans over fewer scores than this stay on one thread (a pass then takes ~30 ms or less). */
export const MIN_PARALLEL_SCAN_SCORES = 2_000_000;

/**
 * `scanRows` on the pool's threads, for `evaluate`'s `scan` hook: the blocks of ROW_BLOCK rows
 * are shared out in runs of whole blocks, each thread scanning its run into the shared per-row
 * arrays and its blocks' classwise sums into its own slots (row-stats.ts `scanRange`,
 * `BlockSums`), added up in block order, so the result is `scanRows`' own to the last bit
 * whatever the number of threads. Used where the per-row pass is not already done while
 * reading: the "after" numbers of `temperature` (softmax at the fitted T) and binary files.
 *
 * One thread for a row selection, for scores or labels not in shared memory, and for fewer than
 * `minScores` scores; a helper that fails has its share done here.
 */
export function scanOnThreads(pool: ThreadPool, preds: Predictions, config: ScanConfig, options: EvaluateOptions = {},
  minScores = MIN_PARALLEL_SCAN_SCORES): RowScan {
  const { classes: k, rows: n } = preds;
  const blocks = blockCount(n);
  if (options.rows !== undefined || !inSharedMemory(preds.scores, preds.probabilities) || preds.scores.length < minScores || blocks < 2) {
    return scanRows(preds, config, options);
  }
  const helpers = pool.helpers().slice(0, blocks - 1);
  if (helpers.length === 0) return scanRows(preds, config, options);
  const parts = helpers.length + 1;
  const m = config.classwiseBins;
  const stats = rowStatsOn(sharedFloat64(n), sharedUint8(n), sharedUint8(n), sharedFloat64(n), sharedFloat64(n), sharedFloat64(n));
  const shared = { ...preds, labels: sharedCopy(preds.labels) };
  const temperature = options.temperature instanceof Float64Array ? sharedCopy(options.temperature) : options.temperature;
  const runs = Array.from({ length: parts }, (_, s) => share(blocks, parts, s));
  const sums = runs.map(({ from, to }, s) => {
    const length = (to - from) * k * m;
    return s === 0 ? BlockSums.zeroed(k, m, from, to - from)
      : new BlockSums(k, m, from, sharedFloat64(length), sharedFloat64(length), sharedFloat64(length));
  });
  const rowsOf = (s: number): { from: number; to: number } => ({ from: runs[s]!.from * ROW_BLOCK, to: Math.min(n, runs[s]!.to * ROW_BLOCK) });
  const scanShare = (s: number): void => scanRange(preds, config, options, rowsOf(s).from, rowsOf(s).to, stats, sums[s]!);
  const done = pool.runAll(helpers, helpers.map((_, i) => {
    const s = i + 1;
    const { count, probabilitySum, hitSum } = sums[s]!;
    return {
      kind: 'scan' as const, preds: shared, config, temperature, stats, ...rowsOf(s), fromBlock: runs[s]!.from, count, probabilitySum, hitSum,
    };
  }), () => scanShare(0));
  done.forEach((ok, i) => {
    if (ok) return;
    const s = i + 1;
    sums[s] = BlockSums.zeroed(k, m, runs[s]!.from, runs[s]!.to - runs[s]!.from);
    scanShare(s);
  });
  return { stats, classwise: foldBlockSums(sums) };
}
