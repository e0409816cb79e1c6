import { describe, expect, it } from 'vitest';
import { repoRoot, run } from '../helpers/cli.js';

const mlpTest = `${repoRoot}fixtures/digits-mlp-test.csv`;
const json = async (argv: string[]): Promise<any> => {
  const result = await run([...argv, '--format', 'json', '-q']);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
};

describe('calib report --bootstrap', () => {
  it('an interval around every summary metric, reproducible with a seed', async () => {
    const a = await json(['report', mlpTest, '--bootstrap', '60', '--seed', '5']);
    const b = await json(['report', mlpTest, '--bootstrap', '60', '--seed', '5']);
    expect(a.intervals).toEqual(b.intervals);
    expect(a.bootstrap).toEqual({ method: 'percentile', resamples: 60, seed: 5, confidence: 0.95 });
    expect(Object.keys(a.intervals)).toEqual(Object.keys(a.metrics));
    for (const name of ['accuracy', 'ece', 'nll', 'brier']) {
      expect(a.intervals[name].lower).toBeLessThanOrEqual(a.metrics[name]);
      expect(a.intervals[name].upper).toBeGreaterThanOrEqual(a.metrics[name]);
    }
    const c = await json(['report', mlpTest, '--bootstrap', '60', '--seed', '6']);
    expect(c.intervals.ece).not.toEqual(a.intervals.ece);
  });

  it('per-bin accuracy intervals: Wilson by default, Clopper-Pearson on request, named in the output', async () => {
    const wilson = await json(['report', mlpTest, '--bootstrap', '20']);
    expect(wilson.bin_intervals.method).toBe('wilson');
    expect(wilson.bin_intervals.intervals).toHaveLength(wilson.bins.length);
    expect(wilson.bin_intervals.intervals[0]).toBeNull(); // empty bin
    // Bin (0.47, 0.53] holds one correct row. Wilson 95% for 1 of 1: z = 1.959964,
    // lower = (1 + z^2/2 - z sqrt(z^2/4)) / (1 + z^2) = 1 / (1 + z^2) = 0.206549, upper = 1.
    expect(wilson.bin_intervals.intervals[7].lower).toBeCloseTo(0.206549, 6);
    expect(wilson.bin_intervals.intervals[7].upper).toBeCloseTo(1, 12);
    const exact = await json(['report', mlpTest, '--bootstrap', '20', '--interval', 'clopper-pearson']);
    expect(exact.bin_intervals.method).toBe('clopper-pearson');
    // Clopper-Pearson 95% for 1 of 1: lower = 0.025^(1/1) = 0.025.
    expect(exact.bin_intervals.intervals[7].lower).toBeCloseTo(0.025, 10);
  });

  it('the table shows the intervals and names the bin interval', async () => {
    const { stdout } = await run(['report', mlpTest, '--bootstrap', '20', '-q', '--no-diagram']);
    expect(stdout).toMatch(/metric\s+value\s+95% interval\s+meaning/);
    expect(stdout).toMatch(/^ECE\s+0\.0325\s+\[0\.\d{4}, 0\.\d{4}\]/m);
    expect(stdout).toContain('wilson interval');
  });
});
