import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sortRows } from '../../src/metrics/estimators/argsort.js';
import { corpDecomposition, isotonicAt, isotonicFit } from '../../src/metrics/estimators/corp.js';
import { corpConsistencyBand } from '../../src/stats/corp-band.js';

/**
 * Isotonic regression by the min-max formula (Robertson, Wright & Dykstra 1988, Thm 1.4.4):
 * fitted_j = max over i <= j of min over k >= j of the weighted mean of blocks i..k. Quadratic and
 * nothing like the stack of pooled blocks the implementation uses.
 */
function minMaxIsotonic(xs: number[], ys: number[]): Map<number, number> {
  const distinct = [...new Set(xs)].sort((a, b) => a - b);
  const sum = distinct.map((x) => ys.filter((_, i) => xs[i] === x).reduce((a, b) => a + b, 0));
  const count = distinct.map((x) => xs.filter((v) => v === x).length);
  const out = new Map<number, number>();
  for (let j = 0; j < distinct.length; j++) {
    let best = -Infinity;
    for (let i = 0; i <= j; i++) {
      let low = Infinity;
      let s = 0;
      let c = 0;
      for (let k = i; k < distinct.length; k++) {
        s += sum[k]!;
        c += count[k]!;
        if (k >= j) low = Math.min(low, s / c);
      }
      best = Math.max(best, low);
    }
    out.set(distinct[j]!, best);
  }
  return out;
}

const sortedOf = (x: number[], y: number[]) => sortRows(Float64Array.from(x), Uint8Array.from(y));

describe('isotonicFit (PAV)', () => {
  it('equals the min-max formula on random data with ties', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 1 })), { minLength: 1, maxLength: 60 }),
      (pairs) => {
        const x = pairs.map(([v]) => v / 12);
        const y = pairs.map(([, o]) => o);
        const fit = isotonicFit(sortedOf(x, y));
        const expected = minMaxIsotonic(x, y);
        expect([...fit.x]).toEqual([...expected.keys()]);
        fit.fitted.forEach((v, j) => expect(v).toBeCloseTo(expected.get(fit.x[j]!)!, 12));
        for (let j = 1; j < fit.fitted.length; j++) expect(fit.fitted[j]!).toBeGreaterThanOrEqual(fit.fitted[j - 1]!);
        expect(fit.count.reduce((a, b) => a + b, 0)).toBe(x.length);
      }), { numRuns: 300 });
  });

  it('pools a violation, and steps between distinct values', () => {
    const fit = isotonicFit(sortedOf([0.1, 0.2, 0.3, 0.4], [0, 1, 0, 1]));
    expect([...fit.fitted]).toEqual([0, 0.5, 0.5, 1]);
    expect(isotonicAt(fit, 0.25)).toBe(0.5);
    expect(isotonicAt(fit, 0)).toBe(0);
    expect(isotonicAt(fit, 0.9)).toBe(1);
  });
});

describe('corpDecomposition', () => {
  const fixture = (name: string): { x: number[]; y: number[] } => {
    // Binary fixture: a `label` column of 0/1 and one probability column beside it.
    const [header, ...lines] = readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8').trim().split('\n');
    const at = header!.split(',').indexOf('label');
    const x: number[] = [];
    const y: number[] = [];
    for (const line of lines) {
      const cells = line.split(',');
      y.push(Number(cells[at]));
      x.push(Number(cells[1 - at]));
    }
    return { x, y };
  };

  it.each(['breast-cancer-knn-probs.csv', 'breast-cancer-forest-probs.csv', 'breast-cancer-logreg-probs.csv'])(
    'satisfies S = MCB - DSC + UNC on %s', (name) => {
      const { x, y } = fixture(name);
      const sorted = sortedOf(x, y);
      const d = corpDecomposition(sorted, isotonicFit(sorted));
      const direct = x.reduce((a, v, i) => a + (v - y[i]!) ** 2, 0) / x.length;
      const r = y.reduce((a, b) => a + b, 0) / y.length;
      expect(d.score).toBeCloseTo(direct, 14);
      expect(d.unc).toBeCloseTo(r * (1 - r), 15);
      expect(d.mcb - d.dsc + d.unc).toBeCloseTo(d.score, 14);
      expect(d.mcb).toBeGreaterThanOrEqual(0);
      expect(d.dsc).toBeGreaterThan(0);
    });

  it('gives MCB 0 for a forecast that is its own isotonic fit', () => {
    const x = [0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75];
    const y = [1, 0, 0, 0, 1, 1, 1, 0];
    const sorted = sortedOf(x, y);
    expect(corpDecomposition(sorted, isotonicFit(sorted)).mcb).toBe(0);
  });
});

describe('corpConsistencyBand', () => {
  it('is reproducible from the seed and holds a calibrated curve', () => {
    const n = 2000;
    const x: number[] = [];
    const y: number[] = [];
    let s = 3;
    const random = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
    for (let i = 0; i < n; i++) { const p = 0.05 + 0.9 * random(); x.push(p); y.push(random() < p ? 1 : 0); }
    const sorted = sortedOf(x, y);
    const band = corpConsistencyBand(sorted, { resamples: 100, seed: 1, level: 0.9, points: 21 });
    const again = corpConsistencyBand(sorted, { resamples: 100, seed: 1, level: 0.9, points: 21 });
    expect(band).toEqual(again);
    for (let g = 0; g < 21; g++) {
      expect(band.lower[g]!).toBeLessThanOrEqual(band.upper[g]!);
      // Under calibration the band surrounds the diagonal away from the ends.
      if (g > 2 && g < 18) { expect(band.lower[g]!).toBeLessThan(band.x[g]!); expect(band.upper[g]!).toBeGreaterThan(band.x[g]!); }
    }
  });
});
