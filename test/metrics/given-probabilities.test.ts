/**
 * Probabilities are used exactly as the file gives them (docs/conventions.md, "Inputs"): every
 * per-row quantity at T = 1 comes from the parsed values, never from a softmax of their logs, so
 * discrete probabilities (k-NN, forests: multiples of 1/k) keep their ties and their bin edges.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DEFAULT_METRIC_CONFIG } from '../../src/core/config.js';
import { equalMassTotals } from '../../src/metrics/binning.js';
import { eceSweep } from '../../src/metrics/estimators/ece-sweep.js';
import { evaluate } from '../../src/metrics/evaluate.js';
import { readText } from '../io/helpers.js';

/** A probability row of small fractions: counts out of n, one per class, written as JS writes doubles. */
const fractionRows = fc.record({ k: fc.integer({ min: 2, max: 8 }), n: fc.integer({ min: 1, max: 40 }) }).chain(({ k, n }) =>
  fc.array(fc.record({
    counts: fc.array(fc.integer({ min: 0, max: n }), { minLength: k - 1, maxLength: k - 1 }),
    label: fc.integer({ min: 0, max: k - 1 }),
  }), { minLength: 1, maxLength: 30 }).map((rows) => ({
    // Class 0 occurs (first row): number labels that all leave out class 0 beside p_0.. are asked about.
    k, n, rows: rows.map(({ counts, label }, i) => {
      // Spread n over k classes: the first k - 1 take what they can, the last the rest.
      let left = n;
      const shares = counts.map((c) => { const take = Math.min(c, left); left -= take; return take; });
      shares.push(left);
      return { values: shares.map((c) => c / n), label: i === 0 ? 0 : label };
    }),
  })));

/** Independent bin of a value: how many interior edges m/M it is past (right-closed bins). */
function bruteBin(v: number, bins: number): number {
  let b = 0;
  for (let m = 1; m < bins; m++) if (v > m / bins) b++;
  return b;
}

describe('probabilities as given', () => {
  test('confidence is the row maximum as parsed, bit for bit; NLL, Brier and bins follow from the values', async () => {
    await fc.assert(fc.asyncProperty(fractionRows, async ({ k, rows }) => {
      const header = [...Array.from({ length: k }, (_, j) => `p_${j}`), 'label'].join(',');
      const text = [header, ...rows.map((r) => [...r.values.map(String), String(r.label)].join(','))].join('\n') + '\n';
      const read = await readText(text);
      expect(read.predictions.kind).toBe('probs');
      const { stats, bins } = evaluate(read.predictions, DEFAULT_METRIC_CONFIG);
      const counts = new Array<number>(DEFAULT_METRIC_CONFIG.bins).fill(0);
      rows.forEach(({ values, label }, r) => {
        const parsed = values.map((v) => Number(String(v)));
        const max = Math.max(...parsed);
        const top = parsed.indexOf(max);
        expect(Object.is(stats.confidence[r], max)).toBe(true);
        expect(stats.correct[r]).toBe(top === label ? 1 : 0);
        const pY = parsed[label]!;
        expect(stats.nll[r]).toBe(pY === 0 ? -Math.log(1e-12) : -Math.log(pY));
        let brier = 0;
        parsed.forEach((p, j) => { const d = j === label ? p - 1 : p; brier += d * d; });
        expect(stats.brier[r]).toBe(brier);
        counts[bruteBin(max, DEFAULT_METRIC_CONFIG.bins)]!++;
      });
      expect(bins.map((b) => b.count)).toEqual(counts);
    }), { numRuns: 150 });
  });

  test('a binary column: q as parsed is the positive-view confidence; (q - y)^2 is the Brier term', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 25 }), fc.array(fc.record({
      count: fc.nat(), label: fc.integer({ min: 0, max: 1 }),
    }), { minLength: 1, maxLength: 40 }), async (n, rows) => {
      const qs = rows.map((r) => (r.count % (n + 1)) / n);
      const text = ['q,label', ...rows.map((r, i) => `${qs[i]},${r.label}`)].join('\n') + '\n';
      const read = await readText(text);
      const { stats } = evaluate(read.predictions, DEFAULT_METRIC_CONFIG);
      rows.forEach((r, i) => {
        expect(Object.is(stats.confidence[i], qs[i])).toBe(true);
        expect(stats.brier[i]).toBe((qs[i]! - r.label) ** 2);
      });
      const top = evaluate(read.predictions, { ...DEFAULT_METRIC_CONFIG, binaryView: 'top-label' }).stats;
      rows.forEach((_, i) => expect(top.confidence[i]).toBe(Math.max(qs[i]!, 1 - qs[i]!)));
    }), { numRuns: 150 });
  });

  test('a one-hot row of exact 0s and 1s keeps confidence 1 and entropy 0 (no floor mass leaks in)', async () => {
    const read = await readText('p_0,p_1,p_2,label\n0,1,0,1\n1,0,0,2\n', { classes: ['0', '1', '2'] });
    const { stats } = evaluate(read.predictions, DEFAULT_METRIC_CONFIG);
    expect(Array.from(stats.confidence)).toEqual([1, 1]);
    expect(Array.from(stats.entropy)).toEqual([0, 0]);
    // Row 2's label has probability exactly 0: the floor sets its NLL, -log(1e-12).
    expect(Array.from(stats.nll)).toEqual([-0, -Math.log(1e-12)]);
    expect(read.floorHits).toBe(1);
  });
});

describe('ties stay ties (equal-mass bins and the sweep order equal confidences by row)', () => {
  // 10 rows: confidences 0.2 (rows 1-2), 0.8 (rows 3-9) and 1.0 (row 10); outcomes below.
  const confidence = Float64Array.of(0.2, 0.2, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 1);
  const outcome = Uint8Array.of(0, 1, 1, 0, 1, 1, 0, 0, 1, 1);

  test('equal-mass groups cut a block of ties where row order puts the cut', () => {
    // 3 groups of 4, 3, 3 rows in the stable order (the order above): rows 1-4 | 5-7 | 8-10.
    const totals = equalMassTotals(confidence, outcome, 3);
    expect(Array.from(totals.count)).toEqual([4, 3, 3]);
    // Group 1: 0.2, 0.2, 0.8, 0.8 -> confidence 2.0, outcomes 0 + 1 + 1 + 0 = 2.
    expect(totals.confidenceSum[0]).toBe(2);
    expect(totals.outcomeSum[0]).toBe(2);
    // Group 2: rows 5-7, outcomes 1, 1, 0; group 3: rows 8-10, outcomes 0, 1, 1.
    expect(Array.from(totals.outcomeSum)).toEqual([2, 2, 2]);
    expect(totals.lower[1]).toBe(0.8);
    expect(totals.upper[1]).toBe(0.8);
  });

  test('the same confidences read from a file (most rows tie) give exactly these groups', async () => {
    // One P(y = 1) column, positive view: the confidence is q and the outcome the label.
    const text = ['q,label', ...Array.from(confidence, (c, i) => `${c},${outcome[i]}`)].join('\n') + '\n';
    const read = await readText(text);
    const evaluation = evaluate(read.predictions, { ...DEFAULT_METRIC_CONFIG, bins: 3, binning: 'mass' });
    expect(Array.from(evaluation.stats.confidence)).toEqual(Array.from(confidence));
    expect(evaluation.bins.map((b) => b.count)).toEqual([4, 3, 3]);
    expect(evaluation.bins.map((b) => b.accuracy)).toEqual([0.5, 2 / 3, 2 / 3]);
  });

  test('the sweep walks the same stable order: accuracies of 2 bins are 3/5 and 3/5, of 3 bins they fall', () => {
    // b = 2: rows 1-5 (outcomes 0,1,1,0,1) and 6-10 (1,0,0,1,1): 0.6, 0.6, monotone.
    // b = 3: positions floor(k/10 * 3): rows 1-4 | 5-7 | 8-10 -> 0.5, 0.667, 0.667: monotone.
    // b = 4: rows 1-3 | 4-5 | 6-8 | 9-10 -> 0.667, 0.5: falls, so the sweep keeps 3 bins.
    const result = eceSweep(confidence, outcome);
    expect(result.bins).toBe(3);
    // ECE over those 3 bins: (4/10)|0.5 - 0.5| + (3/10)|2/3 - 0.8| + (3/10)|2/3 - 2.6/3|.
    const expected = 0.4 * Math.abs(0.5 - 0.5) + 0.3 * Math.abs(2 / 3 - 0.8) + 0.3 * Math.abs(2 / 3 - 2.6 / 3);
    expect(result.ece).toBeCloseTo(expected, 15);
  });
});
