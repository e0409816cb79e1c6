import { describe, expect, it } from 'vitest';
import { equalWidthTotals } from '../../src/metrics/binning.js';
import { expectedCalibrationError } from '../../src/metrics/calibration-error.js';
import { consistencyResampling } from '../../src/stats/calibration-tests.js';
import { datasets } from '../estimators/fixtures.js';
import { synthetic } from '../estimators/synthetic.js';

// The consistency test computes its observed binned ECE with its own formula (see binnedEce in
// src/stats/consistency-resampling.ts for why); it must stay the estimator the report prints.
describe("consistency resampling's observed ECE is the report's binned ECE", () => {
  const cases: Array<[string, Float64Array, Uint8Array]> = [...datasets()].map(([name, d]) => [name, d.confidence, d.outcome]);
  for (let s = 0; s < 5; s++) {
    const d = synthetic(400 + 100 * s, 40 + s);
    cases.push([`synthetic ${s}`, d.confidence, d.outcome]);
  }
  for (const [name, confidence, outcome] of cases) {
    it(name, () => {
      for (const bins of [10, 15]) {
        const report = expectedCalibrationError(equalWidthTotals(confidence, outcome, bins, 'right'), confidence.length);
        const consistency = consistencyResampling(confidence, outcome, { bins, resamples: 1 }).ece;
        expect(Math.abs(consistency - report), `${bins} bins: ${consistency} vs ${report}`).toBeLessThanOrEqual(4e-15 * Math.max(report, 1e-3));
      }
    });
  }
});
