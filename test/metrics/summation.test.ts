import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mean, meanOfIndicators, sum } from '../../src/metrics/summation.js';

describe('sum (Neumaier)', () => {
  it('keeps what naive summation loses: 1e16 + 1 - 1e16 = 1', () => {
    expect(sum(Float64Array.of(1e16, 1, -1e16))).toBe(1);
    expect(mean(Float64Array.of(1, 2, 3, 4))).toBe(2.5); // (1 + 2 + 3 + 4) / 4
  });
});

describe('meanOfIndicators', () => {
  it('is the count of ones over the length: 3 of 4', () => {
    expect(meanOfIndicators(Uint8Array.of(1, 0, 1, 1))).toBe(0.75);
  });

  it('equals the compensated mean of the same values as doubles', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(0, 1), { minLength: 1, maxLength: 500 }), (bits) => {
      expect(meanOfIndicators(Uint8Array.from(bits))).toBe(mean(Float64Array.from(bits)));
    }));
  });

  it('refuses an empty array (a bug, not user input)', () => {
    expect(() => meanOfIndicators(new Uint8Array(0))).toThrow(RangeError);
  });
});

describe('mean never overflows on finite values', () => {
  it('per-row NLLs near the largest double: the sum overflows, the mean does not', () => {
    // Binary logits of +-1.7e308 give rows with NLL 1.7e308; two of them sum past 1.8e308.
    expect(mean(Float64Array.of(1.7e308, 1.7e308, 0))).toBeCloseTo(1.7e308 * (2 / 3), -300);
    expect(Number.isFinite(mean(Float64Array.of(1.7e308, 1.7e308)))).toBe(true);
  });

  it('an infinite value still gives an infinite mean (nothing to rescue)', () => {
    expect(mean(Float64Array.of(1, Infinity))).toBe(Infinity);
  });
});
