/** Smooth ECE on a helper while the calling thread computes the other estimators (src/parallel/smooth-ece-aside.ts). */
import { describe, expect, it } from 'vitest';
import { DEFAULT_METRIC_CONFIG } from '../../src/core/config.js';
import { smoothEce } from '../../src/metrics/estimators/smooth-ece.js';
import { evaluate, evaluateOn } from '../../src/metrics/evaluate.js';
import { smoothEceAside } from '../../src/parallel/smooth-ece-aside.js';
import { sharedLogits } from '../helpers/make-predictions.js';
import { eagerRuntime, pool, THREAD_COUNTS } from '../helpers/threads.js';

describe('smoothEceAside', () => {
  it("gives smoothEce's smECE and bandwidth, computed on a helper", () => {
    const n = 3_000;
    const confidence = Float64Array.from({ length: n }, (_, i) => 0.5 + ((i * 7919) % 1000) / 2000);
    const outcome = Uint8Array.from({ length: n }, (_, i) => ((i * 104729) % 1000) / 1000 < confidence[i]! ? 1 : 0);
    const join = smoothEceAside(pool(2), 0)(confidence, outcome);
    expect(join).toBeDefined();
    const want = smoothEce(confidence, outcome, { curvePoints: 2 });
    expect(join!()).toEqual({ smece: want.smece, sigma: want.sigma });
  });

  it('leaves small inputs in line', () => {
    expect(smoothEceAside(pool(2))(Float64Array.of(0.7), Uint8Array.of(1))).toBeUndefined();
  });

  it('evaluateOn a runtime of 2, 3 or 4 threads equals evaluate, for multiclass and binary predictions', () => {
    for (const preds of [sharedLogits(9_000, 6, 11), sharedLogits(9_000, 2, 12, true)]) {
      const want = evaluate(preds, DEFAULT_METRIC_CONFIG);
      for (const threads of THREAD_COUNTS) {
        expect(evaluateOn(eagerRuntime(threads).evaluation, preds, DEFAULT_METRIC_CONFIG)).toEqual(want);
      }
    }
  });
});
