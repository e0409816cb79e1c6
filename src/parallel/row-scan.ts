import type { Predictions } from '../core/predictions.js';
import {
  BlockSums, blockCount, emptyClasswiseTotals, foldBlockSums, foldBlockSumsInto, ROW_BLOCK, rowStatsOn, scanInputs, scanRange, scanRows, scanView,
  type CompactRowScan, type RowScan, type ScanConfig,
} from '../metrics/row-stats.js';
import { RunningMean } from '../metrics/summation.js';
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
  if (options.rows !== undefined || !inSharedMemory(...scanInputs(preds, options.temperature)) || n * k < minScores || blocks < 2) {
    return scanRows(preds, config, options);
  }
  const helpers = pool.helpers().slice(0, blocks - 1);
  if (helpers.length === 0) return scanRows(preds, config, options);
  const parts = helpers.length + 1;
  const m = config.classwiseBins;
  const stats = rowStatsOn(sharedFloat64(n), sharedUint8(n), sharedUint8(n), sharedFloat64(n), sharedFloat64(n), sharedFloat64(n));
  const shared = scanView(preds, sharedCopy(preds.labels), options.temperature);
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
      kind: 'scan' as const, preds: shared, config, temperature, stats, statsBase: 0, ...rowsOf(s), fromBlock: runs[s]!.from, count, probabilitySum, hitSum,
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

/** Blocks of ROW_BLOCK rows in one stretch of `compactScanOnThreads`: about a million rows. */
export const COMPACT_STRETCH_BLOCKS = 256;

/**
 * The per-row pass at T = 1 on the pool's threads as a `CompactRowScan`, for `evaluate`'s
 * `compactScan` hook: `scanOnThreads` one stretch of COMPACT_STRETCH_BLOCKS blocks at a time,
 * each stretch's confidences and outcomes into the whole arrays, its other per-row values into
 * arrays of one stretch, which are added to the running means in row order (and its blocks'
 * classwise sums to the totals in block order) before the next stretch. So the numbers are
 * `compactScan(scanRows(...))`'s on any number of threads, and the pass holds 9 bytes a row plus
 * one stretch instead of 34 bytes a row. Without `pool`, the same stretches on this thread
 * (`--threads 1`). Undefined for fewer than `minScores` scores, where a pool has no helper or
 * the scores are not in shared memory, and when a mean needs every per-row value
 * (`RunningMean`): the caller then runs the full pass.
 */
export function compactScanOnThreads(pool: ThreadPool | undefined, preds: Predictions, config: ScanConfig,
  minScores = MIN_PARALLEL_SCAN_SCORES, stretchBlocks = COMPACT_STRETCH_BLOCKS): CompactRowScan | undefined {
  const { classes: k, rows: n } = preds;
  const blocks = blockCount(n);
  if (n * k < minScores || blocks < 2) return undefined;
  // Without a pool (`--threads 1`, one core) the stretches are scanned here, in the same memory.
  const helpers = pool === undefined ? [] : pool.helpers().slice(0, blocks - 1);
  if (pool !== undefined && (helpers.length === 0 || !inSharedMemory(...scanInputs(preds)))) return undefined;
  const m = config.classwiseBins;
  const confidence = positiveColumn(preds, config, helpers.length > 0) ?? sharedFloat64(n);
  const outcome = sharedUint8(n);
  const stretchRows = Math.min(n, stretchBlocks * ROW_BLOCK);
  const correct = sharedUint8(stretchRows);
  const nll = sharedFloat64(stretchRows);
  const brier = sharedFloat64(stretchRows);
  const entropy = sharedFloat64(stretchRows);
  const shared = helpers.length > 0 ? scanView(preds, sharedCopy(preds.labels)) : preds;
  const classwise = emptyClasswiseTotals(k, m);
  const running = { nll: new RunningMean(), brier: new RunningMean(), entropy: new RunningMean() };
  let hits = 0;
  let nllFinite = true;
  for (let firstBlock = 0; firstBlock < blocks; firstBlock += stretchBlocks) {
    const endBlock = Math.min(blocks, firstBlock + stretchBlocks);
    const start = firstBlock * ROW_BLOCK;
    const end = Math.min(n, endBlock * ROW_BLOCK);
    const stats = rowStatsOn(confidence.subarray(start), outcome.subarray(start), correct, nll, brier, entropy);
    const parts = Math.min(helpers.length + 1, endBlock - firstBlock);
    const runs = Array.from({ length: parts }, (_, s) => {
      const run = share(endBlock - firstBlock, parts, s);
      return { from: firstBlock + run.from, to: firstBlock + run.to };
    });
    const sums = runs.map(({ from, to }, s) => {
      const length = (to - from) * k * m;
      return s === 0 ? BlockSums.zeroed(k, m, from, to - from)
        : new BlockSums(k, m, from, sharedFloat64(length), sharedFloat64(length), sharedFloat64(length));
    });
    const rowsOf = (s: number): { from: number; to: number } => ({ from: runs[s]!.from * ROW_BLOCK, to: Math.min(n, runs[s]!.to * ROW_BLOCK) });
    const scanShare = (s: number): void => scanRange(preds, config, {}, rowsOf(s).from, rowsOf(s).to, stats, sums[s]!, start);
    const jobs = sums.slice(1).map((part, i) => ({
      kind: 'scan' as const, preds: shared, config, temperature: undefined, stats, statsBase: start, ...rowsOf(i + 1),
      fromBlock: runs[i + 1]!.from, count: part.count, probabilitySum: part.probabilitySum, hitSum: part.hitSum,
    }));
    const done = pool?.runAll(helpers.slice(0, parts - 1), jobs, () => scanShare(0)) ?? [];
    if (pool === undefined) scanShare(0);
    done.forEach((ok, i) => {
      if (ok) return;
      const s = i + 1;
      sums[s] = BlockSums.zeroed(k, m, runs[s]!.from, runs[s]!.to - runs[s]!.from);
      scanShare(s);
    });
    foldBlockSumsInto(classwise, sums);
    const length = end - start;
    running.nll.add(nll, length);
    running.brier.add(brier, length);
    running.entropy.add(entropy, length);
    for (let i = 0; i < length; i++) {
      hits += correct[i]!;
      if (nllFinite && !Number.isFinite(nll[i]!)) nllFinite = false;
    }
  }
  const means = { nll: running.nll.mean(), brier: running.brier.mean(), entropy: running.entropy.mean() };
  if (means.nll === undefined || means.brier === undefined || means.entropy === undefined) return undefined;
  return {
    stats: { confidence, outcome }, classwise,
    means: { accuracy: hits / n, nll: means.nll, brier: means.brier, entropy: means.entropy },
    nllFinite,
  };
}

/**
 * A binary column of P(y = 1) as given, in the positive view at T = 1: the confidences are the
 * column itself, bit for bit, so the pass writes each value over itself instead of into a copy
 * (8 bytes a row). Undefined otherwise. Nothing after the pass writes to the confidences.
 */
function positiveColumn(preds: Predictions, config: ScanConfig, threads: boolean): Float64Array | undefined {
  const { probabilities } = preds;
  const positive = preds.binary && config.binaryView === 'positive' && (preds.givenClass ?? 1) === 1;
  return positive && probabilities !== undefined && probabilities.length === preds.rows && (!threads || inSharedMemory(probabilities))
    ? probabilities : undefined;
}
