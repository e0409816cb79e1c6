/**
 * A binary probability column's logs on two threads (src/parallel/pair-logs.ts), loaded from
 * dist/ so that the worker runs the compiled module (`npm test` builds first).
 */
import { describe, expect, it } from 'vitest';
import type * as PairLogs from '../../src/parallel/pair-logs.js';
import type * as ToPredictions from '../../src/io/to-predictions.js';

const threads = await import(new URL('../../dist/parallel/pair-logs.js', import.meta.url).href) as typeof PairLogs;
const convert = await import(new URL('../../dist/io/to-predictions.js', import.meta.url).href) as typeof ToPredictions;

const shared = (n: number): Float64Array => new Float64Array(new SharedArrayBuffer(8 * n));

/** q on a grid with exact 0s and 1s (floor hits in both halves), labels alternating. */
function column(n: number): { values: Float64Array; labels: Int32Array } {
  const values = shared(n);
  for (let r = 0; r < n; r++) values[r] = (r % 11) / 10 > 1 ? 1 : (r % 11) / 10;
  const labels = new Int32Array(new SharedArrayBuffer(4 * n)).map((_, r) => r % 2);
  return { values, labels };
}

describe('pairLogsOnTwoThreads', () => {
  const logFloor = Math.log(1e-12);

  it('writes the same logs and counts the same floor hits as one thread', () => {
    const n = 10_001;
    const { values, labels } = column(n);
    const [two, one] = [shared(2 * n), shared(2 * n)];
    let used: boolean | undefined;
    const got = threads.pairLogsOnTwoThreads(values, labels, two, logFloor, { minRows: 0, onDone: (w) => { used = w; } });
    const want = convert.probabilityPairLogs(values, labels, one, logFloor, 0, n);
    expect(used).toBe(true);
    expect(got).toEqual(want);
    expect(got.floorHits).toBeGreaterThan(0);
    expect(Array.from(two)).toEqual(Array.from(one));
  });

  it('reports the first value outside [0, 1] in file order, whichever half holds it', () => {
    const n = 1_000;
    for (const bad of [[900], [100, 900], [499, 500]]) {
      const { values, labels } = column(n);
      for (const r of bad) values[r] = 1.5;
      expect(threads.pairLogsOnTwoThreads(values, labels, shared(2 * n), logFloor, { minRows: 0 }).firstBad).toBe(bad[0]);
    }
  });
});
