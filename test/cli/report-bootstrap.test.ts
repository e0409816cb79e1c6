import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, run, tempDir } from '../helpers/cli.js';

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
    expect(stdout).toContain('Intervals: percentile bootstrap, 20 resamples, seed 0; bin accuracy: Wilson 95% interval.');
    const exact = await run(['report', mlpTest, '--bootstrap', '20', '--interval', 'clopper-pearson', '--confidence', '0.9', '--seed', '4', '-q', '--no-diagram']);
    expect(exact.stdout).toMatch(/^metric\s+value\s+90% interval\s+meaning/m);
    expect(exact.stdout).toContain('Intervals: percentile bootstrap, 20 resamples, seed 4; bin accuracy: Clopper-Pearson (exact) 90% interval.');
  });

  it('markdown: an interval column in the summary and in the reliability table', async () => {
    const { stdout } = await run(['report', mlpTest, '--bootstrap', '20', '-q', '--format', 'markdown']);
    expect(stdout).toMatch(/^\| metric \| value \| 95% interval \| meaning \|$/m);
    expect(stdout).toContain('Intervals: percentile bootstrap, 20 resamples, seed 0; bin accuracy: Wilson 95% interval.');
    expect(stdout).toMatch(/^\| bin \| count \| share \| confidence \| accuracy \| wilson interval \| gap \|$/m);
    // Bin (0.47, 0.53]: 1 of 1 correct, Wilson [0.2065, 1] (as above); an empty bin gets a dash.
    expect(stdout).toContain('| (0.47, 0.53] | 1 | 0.2% | 0.4931 | 1.0000 | [0.2065, 1.0000] | -0.5069 |');
    expect(stdout).toContain('| (0.07, 0.13] | 0 | 0.0% | – | – | – | – |');
    // Without --bootstrap the bins keep their binomial intervals (no resampling needed).
    const plain = (await run(['report', mlpTest, '-q', '--format', 'markdown'])).stdout;
    expect(plain).toMatch(/^\| bin \| count \| share \| confidence \| accuracy \| wilson interval \| gap \|$/m);
    expect(plain).toContain('| (0.47, 0.53] | 1 | 0.2% | 0.4931 | 1.0000 | [0.2065, 1.0000] | -0.5069 |');
  });

  it('csv: accuracy_lower and accuracy_upper per bin, the same numbers as the JSON', async () => {
    const args = ['report', mlpTest, '--bootstrap', '20', '--interval', 'clopper-pearson'];
    const doc = await json(args);
    const lines = (await run([...args, '-q', '--format', 'csv'])).stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('bin,lower,upper,count,share,mean_confidence,accuracy,gap,ece_contribution,accuracy_lower,accuracy_upper');
    lines.slice(1).forEach((line, m) => {
      const cells = line.split(',');
      const interval = doc.bin_intervals.intervals[m];
      expect(cells.slice(-2)).toEqual(interval ? [String(interval.lower), String(interval.upper)] : ['', '']);
    });
    const plain = (await run(['report', mlpTest, '-q', '--format', 'csv'])).stdout.split('\n')[0];
    expect(plain).toBe('bin,lower,upper,count,share,mean_confidence,accuracy,gap,ece_contribution,accuracy_lower,accuracy_upper');
  });

  it('--plot draws a whisker for every non-empty bin; --html shows the interval columns', async () => {
    const dir = tempDir();
    const svgPath = join(dir, 'r.svg');
    const htmlPath = join(dir, 'r.html');
    await run(['report', mlpTest, '--bootstrap', '20', '--resamples', '20', '--plot', svgPath, '--html', htmlPath, '-q']);
    const svg = readFileSync(svgPath, 'utf8');
    // 7 of the 15 bins hold rows (bins 8 and 10-15, as in the reliability table): 7 whiskers.
    expect(svg.match(/class="whisker"/g)).toHaveLength(7);
    expect(svg).toContain('Accuracy interval');
    const html = readFileSync(htmlPath, 'utf8');
    expect(html).toContain('95% interval');
    expect(html).toContain('wilson interval');
    // Without --bootstrap too: the per-bin intervals need no resampling.
    const plainSvg = join(dir, 'plain.svg');
    await run(['report', mlpTest, '--resamples', '20', '--plot', plainSvg, '-q']);
    expect(readFileSync(plainSvg, 'utf8').match(/class="whisker"/g)).toHaveLength(7);
  });
});
