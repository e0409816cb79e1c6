/** A binary probability column's logs on several threads (src/parallel/pair-logs.ts). */
import { describe, expect, it } from 'vitest';
import { probabilityPairLogs } from '../../src/io/to-predictions.js';
import { pairLogsOnThreads } from '../../src/parallel/pair-logs.js';
import { pool, THREAD_COUNTS } from '../helpers/threads.js';

const shared = (n: number): Float64Array => new Float64Array(new SharedArrayBuffer(8 * n));

/** q on a grid with exact 0s and 1s (floor hits in both halves), labels alternating. */
function column(n: number): { values: Float64Array; labels: Int32Array } {
  const values = shared(n);
  for (let r = 0; r < n; r++) values[r] = (r % 11) / 10 > 1 ? 1 : (r % 11) / 10;
  const labels = new Int32Array(new SharedArrayBuffer(4 * n)).map((_, r) => r % 2);
  return { values, labels };
}

describe('pairLogsOnThreads', () => {
  const logFloor = Math.log(1e-12);

  it('writes the same logs and counts the same floor hits as one thread, on 2, 3 and 4 threads', () => {
    const n = 10_001;
    const { values, labels } = column(n);
    const one = shared(2 * n);
    const want = probabilityPairLogs(values, labels, one, logFloor, 0, n);
    expect(want.floorHits).toBeGreaterThan(0);
    for (const threads of THREAD_COUNTS) {
      const out = shared(2 * n);
      expect(pairLogsOnThreads(pool(threads), 0)(values, labels, out, logFloor)).toEqual(want);
      expect(Array.from(out)).toEqual(Array.from(one));
    }
  });

  it('reports the first value outside [0, 1] in file order, whichever share holds it', () => {
    const n = 1_000;
    for (const bad of [[900], [100, 900], [499, 500], [260, 10]]) {
      const { values, labels } = column(n);
      for (const r of bad) values[r] = 1.5;
      for (const threads of THREAD_COUNTS) {
        expect(pairLogsOnThreads(pool(threads), 0)(values, labels, shared(2 * n), logFloor).firstBad).toBe(Math.min(...bad));
      }
    }
  });
});
