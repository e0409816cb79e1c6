import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClasswiseFold, emptyRowStats, RowKernel } from '../../src/metrics/row-stats.js';

/**
 * RowKernel.scan has a written-out path for two classes (every binary file). It must give the
 * same bits as the general loops, which still run for two classes when the row's probabilities
 * are kept (`probabilitiesOut`, as the bootstrap asks).
 */
describe('RowKernel with two classes', () => {
  const logit = fc.oneof(
    fc.double({ min: -40, max: 40, noNaN: true }),
    fc.constantFrom(0, -0, 1e300, -1e300, 5e-324, 745, -745),
  );
  const row = fc.record({ z0: logit, z1: logit, y: fc.constantFrom(0, 1), b: fc.constantFrom(1, 0.37, 2.5, 1e-3, 60) });

  it('the written-out path equals the general loops bit for bit, ties and extremes included', () => {
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), fc.boolean(), fc.boolean(), (rows, positiveView, rightEdges) => {
      const n = rows.length;
      const scores = Float64Array.from(rows.flatMap(({ z0, z1 }) => [z0, z1]));
      const edges = rightEdges ? 'right' : 'left';
      const run = (general: boolean): unknown => {
        const stats = emptyRowStats(n);
        const parts = new ClasswiseFold(2, 10);
        const kernel = new RowKernel(2, parts, edges);
        const probabilities = new Float64Array(2 * n);
        rows.forEach(({ y, b }, r) => {
          kernel.scan(scores, 2 * r, y, b, stats, r, true, positiveView, general ? probabilities : undefined);
        });
        return { stats, classwise: parts.finish() };
      };
      expect(run(false)).toEqual(run(true));
    }), { numRuns: 300 });
  });
});
