/**
 * Every fixture, read by calib's reader and scored by calib's metric core, against
 * test/reference/expected.json: values from an independent numpy implementation
 * (test/reference/reference.py) that itself agrees with scikit-learn and scipy.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MetricConfig } from '../../src/core/config.js';
import { DEFAULT_READ_OPTIONS, readPredictions } from '../../src/io/read-predictions.js';
import { evaluate } from '../../src/metrics/evaluate.js';
import { METRIC_NAMES, type ReliabilityBin } from '../../src/metrics/types.js';
import { repoRoot } from '../helpers/cli.js';

interface ReferenceReport {
  config: { bins: number; binning: 'width' | 'mass'; edges: 'right' | 'left'; binary_view: 'positive' | 'top-label' };
  metrics: Record<string, number>;
  bins: { lower: number | null; upper: number | null; count: number; mean_confidence: number | null; accuracy: number | null; gap: number | null }[];
  sensitivity: { mass_order?: boolean };
}
interface ReferenceFile {
  kind: 'logits' | 'probs';
  binary: boolean;
  rows: number;
  classes: number;
  class_names: string[];
  reports: Record<string, ReferenceReport>;
  prob_floor: { true_class_floored_rows: number };
}

const reference = JSON.parse(readFileSync(`${repoRoot}test/reference/expected.json`, 'utf8')) as { files: Record<string, ReferenceFile> };

/** Relative-or-absolute closeness: stdlib-js style tolerance against the reference. */
function expectClose(actual: number, expected: number, what: string, tolerance = 1e-10): void {
  const scale = Math.max(1, Math.abs(expected));
  if (!(Math.abs(actual - expected) <= tolerance * scale)) {
    throw new Error(`${what}: calib ${actual}, reference ${expected}`);
  }
}

describe.each(Object.entries(reference.files))('%s', (name, expected) => {
  it('is read with the same shape, kind and class names', async () => {
    const { predictions, floorHits } = await readPredictions(`${repoRoot}fixtures/${name}`, DEFAULT_READ_OPTIONS);
    expect(predictions.rows).toBe(expected.rows);
    expect(predictions.classes).toBe(expected.classes);
    expect(predictions.kind).toBe(expected.kind);
    expect(predictions.binary).toBe(expected.binary);
    expect([...predictions.classNames]).toEqual(expected.class_names);
    expect(floorHits).toBe(expected.prob_floor.true_class_floored_rows);
  });

  it.each(Object.entries(expected.reports))('matches the reference metrics and bins (%s)', async (_key, report) => {
    const { predictions } = await readPredictions(`${repoRoot}fixtures/${name}`, DEFAULT_READ_OPTIONS);
    const config: MetricConfig = { bins: report.config.bins, binning: report.config.binning, edges: report.config.edges, binaryView: report.config.binary_view };
    const { metrics, bins } = evaluate(predictions, config);
    // The reference covers the metrics of docs/conventions.md; the estimators beyond binned ECE are checked
    // against their authors' code in test/estimators.
    // Probabilities are used exactly as written, so on probability files ties are the file's own
    // (no ulp noise to order differently) and every value agrees to the rounding of a sum.
    const given = expected.kind === 'probs';
    for (const metric of METRIC_NAMES.filter((name) => name in report.metrics)) {
      // On logits, ACE on ties within an ulp (flagged by the reference) may move by ~1e-12.
      const tolerance = given ? 1e-15 : metric === 'ace' && report.sensitivity.mass_order ? 1e-9 : 1e-10;
      expectClose(metrics[metric], report.metrics[metric]!, metric, tolerance);
    }
    expect(bins.map((b) => b.count)).toEqual(report.bins.map((b) => b.count));
    if (config.binning === 'mass' && report.sensitivity.mass_order && !given) return;
    bins.forEach((bin: ReliabilityBin, m) => {
      const ref = report.bins[m]!;
      for (const key of ['mean_confidence', 'accuracy', 'gap'] as const) {
        if (ref[key] === null) expect(bin[key]).toBeNull();
        else expectClose(bin[key]!, ref[key], `bin ${m + 1} ${key}`, given ? 1e-15 : 1e-10);
      }
      if (config.binning === 'width') {
        expectClose(bin.lower, ref.lower!, `bin ${m + 1} lower`);
        expectClose(bin.upper, ref.upper!, `bin ${m + 1} upper`);
      }
    });
  });
});
