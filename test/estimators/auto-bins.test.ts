import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { autoBins } from '../../src/metrics/estimators/auto-bins.js';

describe('autoBins (cube-root rule)', () => {
  it('is ceil(N^(1/3)), exact at perfect cubes', () => {
    expect(autoBins(1)).toBe(1);
    expect(autoBins(8)).toBe(2);
    expect(autoBins(9)).toBe(3);
    expect(autoBins(1000)).toBe(10); // 10^3
    expect(autoBins(1001)).toBe(11);
    expect(autoBins(10_000)).toBe(22); // 21^3 = 9261 < 10000 <= 10648 = 22^3
    expect(autoBins(1_000_000)).toBe(100);
    expect(autoBins(1_000_001)).toBe(101);
    expect(autoBins(0)).toBe(1); // never 0 bins
  });

  it('is the least M with M^3 >= N', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e12 }), (n) => {
      const m = autoBins(n);
      expect(m ** 3).toBeGreaterThanOrEqual(n);
      expect((m - 1) ** 3).toBeLessThan(n);
    }));
  });

  it('rejects what is not a row count', () => {
    expect(() => autoBins(-1)).toThrow();
    expect(() => autoBins(2.5)).toThrow();
  });
});
