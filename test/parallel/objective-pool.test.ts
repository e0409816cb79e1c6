/** Temperature-fit passes on several threads (src/parallel/objective-pool.ts). */
import { describe, expect, it } from 'vitest';
import type { Predictions } from '../../src/core/predictions.js';
import * as fit from '../../src/fit/index.js';
import { objectiveOnThreads } from '../../src/parallel/objective-pool.js';
import { scanOnThreads } from '../../src/parallel/row-scan.js';
import { scanRows } from '../../src/metrics/row-stats.js';
import { sharedLogits } from '../helpers/make-predictions.js';
import { pool, THREAD_COUNTS } from '../helpers/threads.js';

function centeredTargets(preds: Predictions, rows: fit.ScaleRows): Float64Array {
  const targets = fit.oneHotTargets(preds, rows.index);
  return targets.map((t, j) => t - rows.max[j]!);
}

describe('objectiveOnThreads', () => {
  it('gives the same objective as scaleObjective, bit for bit, at every b, for any row set, on 2, 3 and 4 threads', () => {
    const preds = sharedLogits(30_001, 7, 1); // an odd row count: the parts differ in size
    const subsets = [
      fit.allRows(preds.rows),
      Int32Array.from({ length: 20_000 }, (_, j) => (j * 7919) % preds.rows), // duplicates, out of order
      Int32Array.of(5), // one row: one part
    ];
    for (const threads of THREAD_COUNTS) {
      const objective = objectiveOnThreads(pool(threads), 0);
      for (const index of subsets) {
        const rows = fit.prepareScaleRows(preds.scores, preds.classes, index);
        const centered = centeredTargets(preds, rows);
        for (const b of [0.25, 1, 1.7, 40]) expect(objective(rows, centered, b)).toEqual(fit.scaleObjective(rows, centered, b));
      }
    }
  });

  it('fits the same T, and cross-fits the same per-row T, as the fit on one thread', () => {
    const preds = sharedLogits(40_000, 10, 2);
    const alone = fit.fitTemperature(preds);
    const start = { startTemperature: alone.temperature };
    const crossAlone = fit.crossFitTemperature(preds, { folds: 3, seed: 4, ...start });
    for (const threads of THREAD_COUNTS) {
      const objective = objectiveOnThreads(pool(threads), 0);
      expect(fit.fitTemperature(preds, { objective })).toEqual(alone);
      expect(fit.crossFitTemperature(preds, { folds: 3, seed: 4, ...start, objective })).toEqual(crossAlone);
    }
  });

  it("shares the process's helpers: other work set up between two passes does not change the next pass", () => {
    const preds = sharedLogits(30_000, 5, 6);
    const objective = objectiveOnThreads(pool(2), 0);
    const rows = fit.prepareScaleRows(preds.scores, preds.classes, fit.allRows(preds.rows));
    const centered = centeredTargets(preds, rows);
    expect(objective(rows, centered, 0.8)).toEqual(fit.scaleObjective(rows, centered, 0.8));
    const other = sharedLogits(2 * 4096 + 1, 3, 7);
    const config = { binaryView: 'positive', classwiseBins: 10, edges: 'right' } as const;
    expect(scanOnThreads(pool(2), other, config, {}, 0)).toEqual(scanRows(other, config)); // the helper now holds the scan's arrays
    expect(objective(rows, centered, 1.9)).toEqual(fit.scaleObjective(rows, centered, 1.9));
  });

  it('is the plain objective for scores outside shared memory', () => {
    const preds = sharedLogits(20_000, 4, 3);
    const plain = { ...preds, scores: Float64Array.from(preds.scores) };
    const rows = fit.prepareScaleRows(plain.scores, plain.classes, fit.allRows(plain.rows));
    const centered = centeredTargets(plain, rows);
    expect(objectiveOnThreads(pool(3), 0)(rows, centered, 1.3)).toEqual(fit.scaleObjective(rows, centered, 1.3));
  });
});

describe('scaleObjective in parts', () => {
  it('any run of parts summed apart and combined in order is the whole pass', () => {
    const preds = sharedLogits(50_000, 3, 9);
    const rows = fit.prepareScaleRows(preds.scores, preds.classes, fit.allRows(preds.rows));
    const centered = centeredTargets(preds, rows);
    const parts = fit.objectiveParts(rows.index.length, rows.classes);
    expect(parts).toBeGreaterThan(2);
    const sums = new Float64Array(parts * fit.OBJECTIVE_SUMS);
    fit.scaleObjectiveParts(rows, centered, 0.9, 1, parts, sums, fit.OBJECTIVE_SUMS);
    fit.scaleObjectiveParts(rows, centered, 0.9, 0, 1, sums, 0);
    expect(fit.combineObjective(0.9, rows.index.length, sums)).toEqual(fit.scaleObjective(rows, centered, 0.9));
  });
});
