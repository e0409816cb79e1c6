/** The per-row pass on several threads (src/parallel/row-scan.ts) and the block kernels it runs (row-stats.ts). */
import { describe, expect, it } from 'vitest';
import { sharedLogits } from '../helpers/make-predictions.js';
import { pool, THREAD_COUNTS } from '../helpers/threads.js';
import {
  BlockSums, blockCount, ClasswiseFold, emptyRowStats, foldBlockSums, ROW_BLOCK, scanRange, scanRows, type ScanConfig,
} from '../../src/metrics/row-stats.js';
import { scanOnThreads } from '../../src/parallel/row-scan.js';

const config: ScanConfig = { binaryView: 'positive', classwiseBins: 15, edges: 'right' };

describe('scanOnThreads', () => {
  it('equals scanRows bit for bit on 2, 3 and 4 threads, with fewer or more blocks than threads', () => {
    for (const rows of [3 * ROW_BLOCK + 123, ROW_BLOCK + 1, 9 * ROW_BLOCK]) {
      const preds = sharedLogits(rows, 6, rows);
      const want = scanRows(preds, config);
      for (const threads of THREAD_COUNTS) {
        const scan = scanOnThreads(pool(threads), preds, config, {}, 0);
        expect(scan.stats.confidence.buffer).toBeInstanceOf(SharedArrayBuffer); // the helpers wrote their rows
        expect(scan, `${rows} rows, ${threads} threads`).toEqual(want);
      }
    }
  });

  it('at one temperature and at one temperature per row; binary one-column input', () => {
    const preds = sharedLogits(2 * ROW_BLOCK + 7, 4, 2);
    const perRow = Float64Array.from({ length: preds.rows }, (_, i) => 0.5 + (i % 7) * 0.25);
    const binary = sharedLogits(5 * ROW_BLOCK + 99, 2, 3, true);
    for (const threads of THREAD_COUNTS) {
      for (const temperature of [1.7, perRow]) {
        expect(scanOnThreads(pool(threads), preds, config, { temperature }, 0)).toEqual(scanRows(preds, config, { temperature }));
      }
      expect(scanOnThreads(pool(threads), binary, config, {}, 0)).toEqual(scanRows(binary, config));
    }
  });

  it('leaves to scanRows a row selection, scores outside shared memory, one block and small inputs', () => {
    const preds = sharedLogits(3 * ROW_BLOCK, 3, 4);
    const rows = Int32Array.of(3, 3, 10);
    const plain = { ...preds, scores: Float64Array.from(preds.scores) };
    for (const scan of [
      scanOnThreads(pool(2), preds, config, { rows }, 0),
      scanOnThreads(pool(2), plain, config, {}, 0),
      scanOnThreads(pool(2), sharedLogits(500, 3, 5), config, {}, 0),
      scanOnThreads(pool(2), preds, config, {}),
    ]) {
      expect(scan.stats.confidence.buffer).toBeInstanceOf(ArrayBuffer);
    }
    expect(scanOnThreads(pool(2), preds, config, { rows }, 0)).toEqual(scanRows(preds, config, { rows }));
  });
});

describe('scanRange over runs of whole blocks (in-process)', () => {
  it('any split of the blocks into runs, folded in block order, makes scanRows', () => {
    const preds = sharedLogits(6 * ROW_BLOCK + 500, 5, 5);
    const blocks = blockCount(preds.rows);
    for (const cuts of [[0, blocks], [0, 1, blocks], [0, 2, 3, 6, blocks], [0, 1, 2, 3, 4, 5, 6, blocks]]) {
      const stats = emptyRowStats(preds.rows);
      const parts = cuts.slice(1).map((to, i) => {
        const from = cuts[i]!;
        const sums = BlockSums.zeroed(5, 15, from, to - from);
        scanRange(preds, config, { temperature: 1.3 }, from * ROW_BLOCK, Math.min(preds.rows, to * ROW_BLOCK), stats, sums);
        return sums;
      });
      expect({ stats, classwise: foldBlockSums(parts) }).toEqual(scanRows(preds, config, { temperature: 1.3 }));
    }
  });

  it('ClasswiseFold adds each block as the next starts: rows scanned in batches cut anywhere make scanRows', () => {
    const preds = sharedLogits(2 * ROW_BLOCK + 10, 3, 6);
    const fold = new ClasswiseFold(3, 15);
    const stats = emptyRowStats(preds.rows);
    for (const [from, to] of [[0, 100], [100, ROW_BLOCK + 5], [ROW_BLOCK + 5, preds.rows]] as const) scanRange(preds, config, {}, from, to, stats, fold);
    expect({ stats, classwise: fold.finish() }).toEqual(scanRows(preds, config));
  });
});
