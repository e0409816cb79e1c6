/**
 * What `calib report` keeps of the per-row pass (`CompactRowScan`: each row's confidence and
 * outcome, and the means of the rest summed in row order) must give the metrics, bins and
 * details of the full per-row arrays bit for bit: while reading (RowScanner with meansOnly, on
 * the reading thread or a worker), and after it (evaluateCompactOn, on 1 to 4 threads).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logitRows, predictionsOf } from '../helpers/logit-rows.js';
import type { Predictions } from '../../src/core/predictions.js';
import { compactScan, evaluate, evaluateCompactOn, evaluateScan } from '../../src/metrics/evaluate.js';
import { scanRows, type ScanConfig } from '../../src/metrics/row-stats.js';
import { RowScanner } from '../../src/metrics/streaming/row-scanner.js';
import { mean, RunningMean, sum } from '../../src/metrics/summation.js';
import type { MetricConfig } from '../../src/core/config.js';
import { eagerRuntime, pool } from '../helpers/threads.js';
import { compactScanOnThreads } from '../../src/parallel/row-scan.js';


/** Everything of an evaluation but its per-row arrays. */
const numbersOf = (e: { metrics: unknown; details: unknown; bins: unknown; stats: { confidence: Float64Array; outcome: Uint8Array } }) => ({
  metrics: e.metrics, details: e.details, bins: e.bins, confidence: Array.from(e.stats.confidence), outcome: Array.from(e.stats.outcome),
});

describe('RunningMean', () => {
  it('is mean() of every value added, in pieces cut anywhere, or undefined where mean needs the values', () => {
    const value = fc.oneof(fc.double({ noNaN: false }), fc.constantFrom(1.7e308, -1.7e308, 1e16, 1, -1e16, Infinity, NaN));
    fc.assert(fc.property(fc.array(value, { minLength: 1, maxLength: 80 }), fc.array(fc.nat(), { maxLength: 6 }), (values, cuts) => {
      const all = Float64Array.from(values);
      const running = new RunningMean();
      let from = 0;
      for (const cut of [...cuts.map((c) => c % (all.length + 1)), all.length].sort((a, b) => a - b)) {
        running.add(all.subarray(from, Math.max(from, cut)), Math.max(0, cut - from));
        from = Math.max(from, cut);
      }
      const expected = mean(all);
      const got = running.mean();
      // Undefined only where mean() falls back on the values: finite values whose sum overflows.
      if (got === undefined) {
        expect(all.every(Number.isFinite)).toBe(true);
        expect(Number.isFinite(sum(all))).toBe(false);
      } else {
        expect(got).toEqual(expected); // toEqual: NaN equals NaN, -0 differs from 0
      }
      expect(running.allFinite).toBe(all.every(Number.isFinite));
    }), { numRuns: 300 });
  });

  it('answers undefined when finite values overflow their sum (mean then scales every value)', () => {
    const running = new RunningMean();
    running.add(Float64Array.of(1.7e308, 1.7e308), 2);
    expect(running.mean()).toBeUndefined();
    expect(mean(Float64Array.of(1.7e308, 1.7e308))).toBe(1.7e308);
  });
});

describe('RowScanner with meansOnly', () => {
  it('fed in batches of any size, gives evaluate\'s metrics, bins and details bit for bit, and keeps no per-row NLL', () => {
    fc.assert(fc.property(logitRows, ({ k, rows, cuts, bins, edges, binning }) => {
      const preds = predictionsOf(k, rows);
      const config: ScanConfig = { binaryView: 'positive', classwiseBins: bins, edges, meansOnly: true };
      const scanner = new RowScanner(k, config, 1); // grows while scanning
      for (const cut of [...cuts.map((c) => c % (rows.length + 1))].sort((a, b) => a - b)) scanner.scanUntil(preds.scores, preds.labels, cut);
      scanner.scanUntil(preds.scores, preds.labels, rows.length);
      const scan = scanner.finishCompact()!;
      expect(Object.keys(scan.stats).sort()).toEqual(['confidence', 'outcome']);
      const full = scanRows(preds, config);
      expect(scan).toEqual(compactScan(full));
      const metric: MetricConfig = { bins, binning, edges, binaryView: 'positive' };
      expect(numbersOf(evaluateScan(scan, k, metric))).toEqual(numbersOf(evaluate(preds, metric)));
    }), { numRuns: 80 });
  });

  it('over more rows than a block, in shared memory, equals the full scan', () => {
    const k = 4;
    const rows = Array.from({ length: 9000 }, (_, i) => [Array.from({ length: k }, (_, j) => Math.sin(i * 7 + j * 3) * 6), i % k] as [number[], number]);
    const preds = predictionsOf(k, rows);
    const config: ScanConfig = { binaryView: 'positive', classwiseBins: 15, edges: 'right', meansOnly: true };
    const scanner = new RowScanner(k, config, 5000, true);
    for (const until of [1, 4095, 4097, 8192, 9000]) scanner.scanUntil(preds.scores, preds.labels, until);
    const scan = scanner.finishCompact()!;
    expect(scan.stats.confidence.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(scan).toEqual(compactScan(scanRows(preds, config)));
  });

  it('gives no compact scan when a mean needs the per-row values (an NLL sum that overflows)', () => {
    const preds = predictionsOf(2, [[[1e308, -7e307], 1], [[1e308, -7e307], 1]]); // NLL 1.7e308 a row
    const scanner = new RowScanner(2, { binaryView: 'positive', classwiseBins: 15, edges: 'right', meansOnly: true });
    scanner.scanUntil(preds.scores, preds.labels, 2);
    expect(scanRows(preds, { binaryView: 'positive', classwiseBins: 15, edges: 'right' }).stats.nll.every(Number.isFinite)).toBe(true);
    expect(scanner.finishCompact()).toBeUndefined();
  });
});

describe('evaluateCompactOn', () => {
  it('equals evaluate on 1, 2, 3 and 4 threads, for multiclass and binary predictions', () => {
    const k = 3;
    const rows = Array.from({ length: 3 * 4096 + 77 }, (_, i) => [Array.from({ length: k }, (_, j) => Math.cos(i * 5 + j * 11) * 4), i % k] as [number[], number]);
    const multi = predictionsOf(k, rows);
    const q = Float64Array.from({ length: 2 * 4096 + 9 }, (_, i) => (i * 7919 % 1000) / 1000);
    const binary: Predictions = {
      rows: q.length, classes: 2, classNames: ['0', '1'], kind: 'probs', binary: true, probabilities: q, givenClass: 1,
      labels: Int32Array.from(q, (_, i) => (i % 3 === 0 ? 1 : 0)),
      scores: Float64Array.from({ length: 2 * q.length }, (_, j) => (j % 2 === 0 ? Math.log1p(-q[j >> 1]!) : Math.log(q[j >> 1]!))),
    };
    const metric: MetricConfig = { bins: 15, binning: 'width', edges: 'right', binaryView: 'positive' };
    for (const preds of [multi, binary]) {
      const expected = numbersOf(evaluate(preds, metric));
      expect(numbersOf(evaluateCompactOn({}, preds, metric))).toEqual(expected);
      for (const threads of [2, 3, 4]) {
        const runtime = eagerRuntime(threads);
        const shared = { ...preds, scores: inShared(preds.scores), ...(preds.probabilities ? { probabilities: inShared(preds.probabilities) } : {}) };
        expect(numbersOf(evaluateCompactOn(runtime.evaluation, shared, metric))).toEqual(expected);
      }
    }
  });
});

describe('compactScanOnThreads', () => {
  it('in stretches of any number of blocks, on 1 (no pool), 2, 3 and 4 threads, is compactScan of scanRows', () => {
    const q = inShared(Float64Array.from({ length: 5 * 4096 + 123 }, (_, i) => (i * 7919 % 1001) / 1000));
    const binary: Predictions = {
      rows: q.length, classes: 2, classNames: ['0', '1'], kind: 'probs', binary: true, probabilities: q, givenClass: 1,
      labels: Int32Array.from(q, (_, i) => (i % 3 === 0 ? 1 : 0)),
      scores: inShared(Float64Array.from({ length: 2 * q.length }, (_, j) => (j % 2 === 0 ? Math.log1p(-q[j >> 1]!) : Math.log(q[j >> 1]!)))),
    };
    const k = 4;
    const rows = Array.from({ length: 4 * 4096 + 5 }, (_, i) => [Array.from({ length: k }, (_, j) => Math.sin(i * 3 + j * 5) * 7), i % k] as [number[], number]);
    const multi = { ...predictionsOf(k, rows), scores: inShared(predictionsOf(k, rows).scores) };
    const config: ScanConfig = { binaryView: 'positive', classwiseBins: 15, edges: 'right' };
    for (const preds of [binary, multi]) {
      const expected = compactScan(scanRows(preds, config));
      for (const threads of [1, 2, 3, 4]) {
        for (const stretch of [1, 2, 3, 256]) {
          const scan = compactScanOnThreads(threads === 1 ? undefined : pool(threads), preds, config, 0, stretch);
          expect(scan).toBeDefined();
          expect(scan).toEqual(expected);
        }
      }
    }
  });

  it('gives no compact scan for a mean that needs every per-row value, nor where one thread does the pass', () => {
    const preds = { ...predictionsOf(2, Array.from({ length: 2 * 4096 }, () => [[1e308, -7e307], 1] as [number[], number])) };
    const shared = { ...preds, scores: inShared(preds.scores) };
    const config: ScanConfig = { binaryView: 'positive', classwiseBins: 15, edges: 'right' };
    expect(compactScanOnThreads(pool(2), shared, config, 0, 1)).toBeUndefined();
    expect(compactScanOnThreads(pool(2), preds, config, 0)).toBeUndefined(); // not in shared memory
    expect(compactScanOnThreads(undefined, preds, config, 0, 1)).toBeUndefined(); // the mean, on one thread too
    expect(compactScanOnThreads(undefined, preds, config)).toBeUndefined(); // fewer scores than a stretch pays for
  });
});

function inShared(values: Float64Array): Float64Array {
  const out = new Float64Array(new SharedArrayBuffer(values.byteLength));
  out.set(values);
  return out;
}
