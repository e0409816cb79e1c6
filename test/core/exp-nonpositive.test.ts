import { describe, expect, it } from 'vitest';
import { expNonPositive } from '../../src/core/exp-nonpositive.js';
import { createRandom } from '../../src/stats/random.js';

/** The spacing of doubles at |y| (for normal numbers). */
function ulp(y: number): number {
  return 2 ** (Math.floor(Math.log2(Math.abs(y))) - 52);
}

describe('expNonPositive: exp(x) for x <= 0 by table-driven reduction', () => {
  it('matches published values of e^-x to within 2 ulp', () => {
    // e^-1, e^-10 and e^-100 to 20+ digits (e.g. Abramowitz & Stegun table 4.4; OEIS A068985 for 1/e).
    const published: Array<[number, number]> = [
      [-1, 0.36787944117144232159552377016146],
      [-10, 4.5399929762484851535591515560551e-5],
      [-100, 3.7200759760208359629596958038631e-44],
    ];
    for (const [x, value] of published) {
      expect(Math.abs(expNonPositive(x) - value)).toBeLessThanOrEqual(2 * ulp(value));
    }
  });

  it('is exactly 1 at 0 and -0, and one half at -ln 2', () => {
    expect(expNonPositive(0)).toBe(1);
    expect(expNonPositive(-0)).toBe(1);
    expect(expNonPositive(-Math.LN2)).toBeCloseTo(0.5, 15);
  });

  it('stays within 4 ulp of Math.exp over the whole normal range [-708, 0]', () => {
    const random = createRandom(7);
    let worst = 0;
    for (let i = 0; i < 200_000; i++) {
      // Half the points near 0 (where softmax terms matter), half spread over the whole range.
      const x = i % 2 === 0 ? -random.next() * 5 : -random.next() * 708;
      const expected = Math.exp(x);
      worst = Math.max(worst, Math.abs(expNonPositive(x) - expected) / ulp(expected));
    }
    expect(worst).toBeLessThanOrEqual(4);
  });

  it('underflows the way Math.exp does: subnormals near -745, 0 below, 0 at -Infinity', () => {
    expect(expNonPositive(-740)).toBeGreaterThan(0);
    expect(Math.abs(expNonPositive(-740) - Math.exp(-740)) / Math.exp(-740)).toBeLessThan(1e-6); // subnormal: few bits
    expect(expNonPositive(-746)).toBe(0);
    expect(expNonPositive(-1e300)).toBe(0);
    expect(expNonPositive(-Infinity)).toBe(0);
  });

  it('passes NaN through and falls back to Math.exp for positive arguments', () => {
    expect(expNonPositive(NaN)).toBeNaN();
    expect(expNonPositive(1)).toBe(Math.exp(1));
    expect(expNonPositive(800)).toBe(Infinity);
  });
});
