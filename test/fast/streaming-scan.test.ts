/**
 * Statistics computed while reading must be `evaluate`'s own: RowScanner fed in batches of any
 * size equals scanRows bit for bit, evaluateScan equals evaluate, and the reader's `scan` option
 * returns them only for multiclass logits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logitRows, predictionsOf } from '../helpers/logit-rows.js';
import { DEFAULT_METRIC_CONFIG, type MetricConfig } from '../../src/core/config.js';
import { DEFAULT_READ_OPTIONS, readPredictions } from '../../src/io/read-predictions.js';
import { evaluate, evaluateScan } from '../../src/metrics/evaluate.js';
import { scanRows, type ScanConfig } from '../../src/metrics/row-stats.js';
import { RowScanner } from '../../src/metrics/streaming/row-scanner.js';
import { writeTemp } from '../io/helpers.js';


describe('RowScanner and evaluateScan', () => {
  it('fed in batches of any size, equal scanRows and evaluate bit for bit', () => {
    fc.assert(fc.property(logitRows, ({ k, rows, cuts, bins, edges, binning }) => {
      const preds = predictionsOf(k, rows);
      const config: ScanConfig = { binaryView: 'positive', classwiseBins: bins, edges };
      const scanner = new RowScanner(k, config, 1); // grows while scanning
      for (const cut of [...cuts.map((c) => c % (rows.length + 1))].sort((a, b) => a - b)) scanner.scanUntil(preds.scores, preds.labels, cut);
      scanner.scanUntil(preds.scores, preds.labels, rows.length);
      const scan = scanner.finish();
      expect(scan).toEqual(scanRows(preds, config));
      const metric: MetricConfig = { bins, binning, edges, binaryView: 'positive' };
      // toEqual treats NaN as equal to NaN and tells -0 from 0: bit-identical numbers.
      expect(evaluateScan(scan, k, metric)).toEqual(evaluate(preds, metric));
    }), { numRuns: 60 });
  });

  it('scans nothing twice: scanning up to an earlier row changes nothing', () => {
    const preds = predictionsOf(3, [[[1, 2, 3], 2], [[0, 0, 0], 1], [[-1, 5, 2], 0]]);
    const config: ScanConfig = { binaryView: 'positive', classwiseBins: 15, edges: 'right' };
    const scanner = new RowScanner(3, config);
    scanner.scanUntil(preds.scores, preds.labels, 3);
    scanner.scanUntil(preds.scores, preds.labels, 2);
    expect(scanner.scanned).toBe(3);
    expect(scanner.finish()).toEqual(scanRows(preds, config));
  });
});

describe('readPredictions with scan', () => {
  const scan: ScanConfig = { binaryView: 'positive', classwiseBins: DEFAULT_METRIC_CONFIG.bins, edges: 'right' };

  it('returns the scan of multiclass logits, equal to scanRows of what it read', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `${i % 3},${((i * 7919) % 1000) / 100 - 5},${(i % 13) / 3},-${(i % 5) / 7}`);
    const path = writeTemp(['label,a,b,c', ...rows].join('\n') + '\n');
    const read = await readPredictions(path, DEFAULT_READ_OPTIONS, { scan });
    expect(read.scan).toBeDefined();
    expect(read.scan).toEqual(scanRows(read.predictions, scan));
    expect(evaluateScan(read.scan!, 3, DEFAULT_METRIC_CONFIG)).toEqual(evaluate(read.predictions, DEFAULT_METRIC_CONFIG));
  });

  it('returns no scan for probabilities, binary files, or when not asked', async () => {
    const probs = writeTemp('label,a,b\n0,0.25,0.75\n1,0.5,0.5\n');
    expect((await readPredictions(probs, DEFAULT_READ_OPTIONS, { scan })).scan).toBeUndefined();
    const binary = writeTemp('label,p\n0,0.25\n1,0.5\n');
    expect((await readPredictions(binary, DEFAULT_READ_OPTIONS, { scan })).scan).toBeUndefined();
    const logits = writeTemp('label,a,b\n0,2.5,-1\n1,3,4\n');
    expect((await readPredictions(logits, DEFAULT_READ_OPTIONS, { scan })).scan).toBeDefined();
    expect((await readPredictions(logits, DEFAULT_READ_OPTIONS)).scan).toBeUndefined();
  });
});

describe('scan on a worker thread (src/parallel/scan-feed.ts)', () => {
  it('gives the same scan as scanRows while the rows are read into shared memory', async () => {
    const reader = await import('../../src/io/read-predictions.js');
    const rowStats = await import('../../src/metrics/row-stats.js');
    const { eagerRuntime } = await import('../helpers/threads.js');
    const k = 50;
    const lines = ['label,' + Array.from({ length: k }, (_, j) => `z${j}`).join(',')];
    for (let i = 0; i < 40_000; i++) lines.push(`${(i * 31) % k},` + Array.from({ length: k }, (_, j) => (((i * 131 + j * 977) % 20011) / 1000 - 10).toFixed(3)).join(','));
    const path = writeTemp(lines.join('\n') + '\n'); // about 14 MB: several chunks, a growing matrix
    const config: ScanConfig = { binaryView: 'positive', classwiseBins: 15, edges: 'right' };
    const read = await reader.readPredictionsOn(eagerRuntime(2).read, path, reader.DEFAULT_READ_OPTIONS, { scan: config });
    expect(read.predictions.scores.buffer).toBeInstanceOf(SharedArrayBuffer); // the worker path was taken
    expect(read.scan).toEqual(rowStats.scanRows(read.predictions, config));
  });
});
