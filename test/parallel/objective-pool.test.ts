/**
 * Temperature-fit passes on two threads (src/parallel/objective-pool.ts). The worker runs the
 * compiled module, so these tests load the pool from dist/ (`npm test` builds first), as the
 * streaming-scan worker test does.
 */
import { describe, expect, it } from 'vitest';
import type { Predictions } from '../../src/core/predictions.js';
import { sharedLogits } from '../helpers/make-predictions.js';
import type * as Pool from '../../src/parallel/objective-pool.js';
import type * as Fit from '../../src/fit/index.js';
import type * as RowScan from '../../src/parallel/row-scan.js';

const pool = await import(new URL('../../dist/parallel/objective-pool.js', import.meta.url).href) as typeof Pool;
const fit = await import(new URL('../../dist/fit/index.js', import.meta.url).href) as typeof Fit;
const rowScan = await import(new URL('../../dist/parallel/row-scan.js', import.meta.url).href) as typeof RowScan;

function centeredTargets(preds: Predictions, rows: Fit.ScaleRows): Float64Array {
  const targets = fit.oneHotTargets(preds, rows.index);
  return targets.map((t, j) => t - rows.max[j]!);
}

describe('objectivePoolFor', () => {
  it('gives the same objective as scaleObjective, bit for bit, at every b and for any row set', () => {
    const preds = sharedLogits(3_001, 7, 1); // an odd row count: the halves differ in size
    const workers = pool.objectivePoolFor(preds.scores, { minScores: 0 })!;
    expect(workers).toBeDefined();
    try {
      const subsets = [
        fit.allRows(preds.rows),
        Int32Array.from({ length: 2_000 }, (_, j) => (j * 7919) % preds.rows), // duplicates, out of order
        Int32Array.of(5), // one row: the calling thread's half is empty
      ];
      for (const index of subsets) {
        const rows = fit.prepareScaleRows(preds.scores, preds.classes, index);
        const centered = centeredTargets(preds, rows);
        for (const b of [0.25, 1, 1.7, 40]) {
          expect(workers.objective(rows, centered, b)).toEqual(fit.scaleObjective(rows, centered, b));
        }
      }
      expect(workers.sharedPasses).toBe(12); // every pass went through the worker
    } finally {
      workers.close();
    }
  });

  it('fits the same T, and cross-fits the same per-row T, as the fit on one thread', () => {
    const preds = sharedLogits(4_000, 10, 2);
    const workers = pool.objectivePoolFor(preds.scores, { minScores: 0 })!;
    try {
      const alone = fit.fitTemperature(preds);
      const together = fit.fitTemperature(preds, { objective: workers.objective });
      expect(together).toEqual(alone);
      expect(workers.sharedPasses).toBeGreaterThan(0);
      const start = { startTemperature: alone.temperature };
      expect(fit.crossFitTemperature(preds, { folds: 3, seed: 4, ...start, objective: workers.objective }))
        .toEqual(fit.crossFitTemperature(preds, { folds: 3, seed: 4, ...start }));
    } finally {
      workers.close();
    }
  });

  it('shares the process\'s second thread: other work set up between two passes does not change the next pass', () => {
    const preds = sharedLogits(3_000, 5, 6);
    const workers = pool.objectivePoolFor(preds.scores, { minScores: 0 })!;
    try {
      const rows = fit.prepareScaleRows(preds.scores, preds.classes, fit.allRows(preds.rows));
      const centered = centeredTargets(preds, rows);
      expect(workers.objective(rows, centered, 0.8)).toEqual(fit.scaleObjective(rows, centered, 0.8));
      const other = sharedLogits(2 * 4096 + 1, 3, 7);
      const config = { binaryView: 'positive', classwiseBins: 10, edges: 'right' } as const;
      let scanned = false;
      rowScan.scanOnTwoThreads(other, config, {}, { minScores: 0, onDone: (used) => { scanned = used; } });
      expect(scanned).toBe(true); // the worker now holds the scan's arrays, not the fit's
      expect(workers.objective(rows, centered, 1.9)).toEqual(fit.scaleObjective(rows, centered, 1.9));
      expect(workers.sharedPasses).toBe(2);
    } finally {
      workers.close();
    }
  });

  it('still answers after close, on the calling thread', () => {
    const preds = sharedLogits(500, 4, 3);
    const workers = pool.objectivePoolFor(preds.scores, { minScores: 0 })!;
    workers.close();
    const rows = fit.prepareScaleRows(preds.scores, preds.classes, fit.allRows(preds.rows));
    const centered = centeredTargets(preds, rows);
    expect(workers.objective(rows, centered, 1.3)).toEqual(fit.scaleObjective(rows, centered, 1.3));
    expect(workers.sharedPasses).toBe(0);
  });

  it('is not started where it cannot help: scores outside shared memory, or too few of them', () => {
    expect(pool.objectivePoolFor(new Float64Array(3_000_000))).toBeUndefined();
    expect(pool.objectivePoolFor(sharedLogits(100, 3, 5).scores)).toBeUndefined(); // below MIN_PARALLEL_SCORES
  });
});
