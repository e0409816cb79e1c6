/**
 * Random multiclass logit rows for the per-row pass's property tests (extremes included: 0, -0,
 * +-1e300), with cut points for feeding them in batches, bins, edges and binning, and the
 * `Predictions` they make.
 */
import fc from 'fast-check';
import type { Predictions } from '../../src/core/predictions.js';

export const logitRows = fc.integer({ min: 2, max: 6 }).chain((k) => fc.record({
  k: fc.constant(k),
  rows: fc.array(fc.tuple(
    fc.array(fc.oneof(fc.double({ min: -30, max: 30, noNaN: true }), fc.constantFrom(0, -0, 1e300, -1e300, 5)), { minLength: k, maxLength: k }),
    fc.integer({ min: 0, max: k - 1 })), { minLength: 1, maxLength: 60 }),
  cuts: fc.array(fc.nat(), { maxLength: 5 }),
  bins: fc.integer({ min: 1, max: 20 }),
  edges: fc.constantFrom('right' as const, 'left' as const),
  binning: fc.constantFrom('width' as const, 'mass' as const),
}));

export function predictionsOf(k: number, rows: readonly (readonly [number[], number])[]): Predictions {
  return {
    rows: rows.length, classes: k, classNames: Array.from({ length: k }, (_, i) => String(i)),
    scores: Float64Array.from(rows.flatMap(([z]) => z)), labels: Int32Array.from(rows.map(([, y]) => y)),
    kind: 'logits', binary: false,
  };
}
