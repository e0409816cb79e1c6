import { describe, expect, it } from 'vitest';
import { smoothCurveWithBand } from '../../src/stats/smooth-curve-band.js';
import { createRandom } from '../../src/stats/random.js';

describe('smoothCurveWithBand', () => {
  // 300 rows near 0.9 and 5 near 0.3: the curve has evidence at 0.9 and almost none at 0.3.
  const random = createRandom(7);
  const confidence = Float64Array.from({ length: 305 }, (_, i) => (i < 300 ? 0.85 + 0.1 * random.next() : 0.28 + 0.04 * random.next()));
  const outcome = Uint8Array.from(confidence, (c) => (random.next() < c ? 1 : 0));
  const band = smoothCurveWithBand(confidence, outcome, { resamples: 20, seed: 1, level: 0.95 });

  it('counts at every point the rows within one bandwidth of it', () => {
    for (const p of band.points) {
      const expected = Array.from(confidence).filter((c) => Math.abs(c - p.x) <= band.sigma).length;
      // The two ends of the window are compared as x - sigma and x + sigma, rounded once each.
      expect(Math.abs(p.support - expected)).toBeLessThanOrEqual(1);
    }
  });

  it('gives the sparse region little support and the dense one much', () => {
    const at = (x: number) => band.points.reduce((best, p) => (Math.abs(p.x - x) < Math.abs(best.x - x) ? p : best));
    expect(at(0.9).support).toBeGreaterThan(100);
    expect(at(0.3).support).toBeLessThan(10);
  });
});
