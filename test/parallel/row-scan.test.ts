/**
 * The per-row pass on two threads (src/parallel/row-scan.ts), loaded from dist/ so that the
 * worker runs the compiled module (`npm test` builds first).
 */
import { describe, expect, it } from 'vitest';
import { sharedLogits } from '../helpers/make-predictions.js';
import type * as RowStats from '../../src/metrics/row-stats.js';
import type * as RowScan from '../../src/parallel/row-scan.js';

const threads = await import(new URL('../../dist/parallel/row-scan.js', import.meta.url).href) as typeof RowScan;
const rowStats = await import(new URL('../../dist/metrics/row-stats.js', import.meta.url).href) as typeof RowStats;

const config: RowStats.ScanConfig = { binaryView: 'positive', classwiseBins: 15, edges: 'right' };

describe('scanOnTwoThreads', () => {
  it('equals scanRows bit for bit over several blocks of rows, the worker scanning the odd ones', () => {
    const preds = sharedLogits(3 * rowStats.ROW_BLOCK + 123, 6, 1); // four blocks, the last one short
    let workerScanned: boolean | undefined;
    const scan = threads.scanOnTwoThreads(preds, config, {}, { minScores: 0, onDone: (used) => { workerScanned = used; } });
    expect(workerScanned).toBe(true);
    expect(scan).toEqual(rowStats.scanRows(preds, config));
  });

  it('at one temperature and at one temperature per row; binary one-column input', () => {
    const preds = sharedLogits(2 * rowStats.ROW_BLOCK + 7, 4, 2);
    const perRow = Float64Array.from({ length: preds.rows }, (_, i) => 0.5 + (i % 7) * 0.25);
    for (const temperature of [1.7, perRow]) {
      expect(threads.scanOnTwoThreads(preds, config, { temperature }, { minScores: 0 }))
        .toEqual(rowStats.scanRows(preds, config, { temperature }));
    }
    const binary = sharedLogits(rowStats.ROW_BLOCK + 99, 2, 3, true);
    expect(threads.scanOnTwoThreads(binary, config, {}, { minScores: 0 })).toEqual(rowStats.scanRows(binary, config));
  });

  it('leaves to scanRows a row selection, scores outside shared memory and small inputs', () => {
    const preds = sharedLogits(500, 3, 4);
    const calls: boolean[] = [];
    const onDone = (used: boolean): void => { calls.push(used); };
    const rows = Int32Array.of(3, 3, 10);
    expect(threads.scanOnTwoThreads(preds, config, { rows }, { minScores: 0, onDone })).toEqual(rowStats.scanRows(preds, config, { rows }));
    const plain = { ...preds, scores: Float64Array.from(preds.scores) };
    expect(threads.scanOnTwoThreads(plain, config, {}, { minScores: 0, onDone })).toEqual(rowStats.scanRows(plain, config));
    expect(threads.scanOnTwoThreads(preds, config, {}, { onDone })).toEqual(rowStats.scanRows(preds, config));
    expect(calls).toEqual([]); // no worker was started
  });
});

describe('scanBlocks (in-process)', () => {
  it('the even blocks on one side and the odd on the other make scanRows', () => {
    const preds = sharedLogits(2 * rowStats.ROW_BLOCK + 500, 5, 5);
    const stats = rowStats.emptyRowStats(preds.rows);
    const mine = rowStats.emptyClasswiseParts(5, 15);
    const theirs = rowStats.emptyClasswiseParts(5, 15);
    rowStats.scanBlocks(preds, config, 1.3, 0, stats, mine);
    rowStats.scanBlocks(preds, config, 1.3, 1, stats, theirs);
    expect({ stats, classwise: rowStats.mergeClasswise(mine.even, theirs.odd) })
      .toEqual(rowStats.scanRows(preds, config, { temperature: 1.3 }));
  });
});
