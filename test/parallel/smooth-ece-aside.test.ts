/**
 * Smooth ECE on the second thread beside the other estimators (src/parallel/smooth-ece-aside.ts),
 * loaded from dist/ so that the worker runs the compiled module (`npm test` builds first).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_METRIC_CONFIG } from '../../src/core/config.js';
import { sharedLogits } from '../helpers/make-predictions.js';
import type * as Aside from '../../src/parallel/smooth-ece-aside.js';
import type * as Evaluate from '../../src/metrics/evaluate.js';
import type * as SmoothEce from '../../src/metrics/estimators/smooth-ece.js';

const dist = (path: string): string => new URL(`../../dist/${path}`, import.meta.url).href;
const aside = await import(dist('parallel/smooth-ece-aside.js')) as typeof Aside;
const metrics = await import(dist('metrics/evaluate.js')) as typeof Evaluate;
const smooth = await import(dist('metrics/estimators/smooth-ece.js')) as typeof SmoothEce;

describe('startSmoothEceAside', () => {
  it('gives smoothEce\'s smECE and bandwidth, computed on the worker', () => {
    const n = 3_000;
    const confidence = Float64Array.from({ length: n }, (_, i) => 0.5 + ((i * 7919) % 1000) / 2000);
    const outcome = Uint8Array.from({ length: n }, (_, i) => ((i * 104729) % 1000) / 1000 < confidence[i]! ? 1 : 0);
    const join = aside.startSmoothEceAside(confidence, outcome, { minRows: 0 });
    expect(join).toBeDefined();
    const want = smooth.smoothEce(confidence, outcome, { curvePoints: 2 });
    expect(join!()).toEqual({ smece: want.smece, sigma: want.sigma });
  });

  it('leaves small inputs in line', () => {
    expect(aside.startSmoothEceAside(Float64Array.of(0.7), Uint8Array.of(1))).toBeUndefined();
  });

  it('evaluate with it equals evaluate without, for multiclass and binary predictions', () => {
    for (const preds of [sharedLogits(5_000, 6, 11), sharedLogits(5_000, 2, 12, true)]) {
      const startSmoothEce = (c: Float64Array, o: Uint8Array) => aside.startSmoothEceAside(c, o, { minRows: 0 });
      expect(metrics.evaluate(preds, DEFAULT_METRIC_CONFIG, { startSmoothEce })).toEqual(metrics.evaluate(preds, DEFAULT_METRIC_CONFIG));
    }
  });
});
