import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, run, runBinary, tempDir, tempFile } from '../helpers/cli.js';

const fixture = (name: string): string => `${repoRoot}fixtures/${name}`;
const logreg = fixture('digits-logreg-logits.csv');
const gnb = fixture('digits-gnb-probs.csv');
const json = async (argv: string[]): Promise<any> => {
  const result = await run([...argv, '--format', 'json', '-q']);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
};

describe('calib compare', () => {
  it('one entry per model, with exactly the metrics report gives on each file', async () => {
    const doc = await json(['compare', logreg, gnb]);
    expect(doc.models.map((m: { name: string }) => m.name)).toEqual(['digits-logreg-logits', 'digits-gnb-probs']);
    for (const [i, file] of [logreg, gnb].entries()) {
      const report = await json(['report', file]);
      expect(doc.models[i].metrics).toEqual(report.metrics);
    }
  });
  it('deltas against the first model; paired when the files hold the same examples', async () => {
    const doc = await json(['compare', logreg, gnb, '--bootstrap', '50', '--seed', '1']);
    expect(doc.paired).toBe(true);
    const ece = doc.deltas.find((d: { metric: string }) => d.metric === 'ece');
    expect(ece.model).toBe('digits-gnb-probs');
    expect(ece.delta).toBeCloseTo(doc.models[1].metrics.ece - doc.models[0].metrics.ece, 15);
    expect(ece.interval.lower).toBeLessThan(ece.delta);
    expect(ece.interval.upper).toBeGreaterThan(ece.delta);
    expect(ece.significant).toBe(ece.interval.lower > 0 || ece.interval.upper < 0);
    // the same seed, the same intervals
    const again = await json(['compare', logreg, gnb, '--bootstrap', '50', '--seed', '1']);
    expect(again.deltas).toEqual(doc.deltas);
  });
  it('unpaired (and says so) when the files hold different examples', async () => {
    const { code, stdout, stderr } = await run(['compare', fixture('digits-mlp-val.csv'), fixture('digits-mlp-test.csv'), '--bootstrap', '30']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/unpaired comparison/);
    expect(stdout).toMatch(/unpaired/);
  });
  it('same row count but the labels in another order: unpaired, with the reason', async () => {
    const [header, ...rows] = readFileSync(logreg, 'utf8').trimEnd().split('\n');
    const reversed = tempFile('reversed.csv', [header, ...rows.reverse()].join('\n') + '\n');
    const doc = await json(['compare', logreg, reversed, '--bootstrap', '20']);
    expect(doc.paired).toBe(false);
    expect(doc.pairing_reason).toMatch(/label/);
    // Reordering rows changes no metric that does not depend on row order.
    expect(doc.models[1].metrics.nll).toBeCloseTo(doc.models[0].metrics.nll, 12);
  });
  it('a model against itself: paired, every delta 0 with the interval [0, 0], none significant', async () => {
    const doc = await json(['compare', logreg, logreg, '--names', 'a,b', '--bootstrap', '20']);
    expect(doc.paired).toBe(true);
    for (const d of doc.deltas) {
      expect([d.delta, d.interval.lower, d.interval.upper, d.significant]).toEqual([0, 0, 0, false]);
    }
  });
  it('--names, and the best value of each row marked', async () => {
    const { stdout } = await run(['compare', logreg, gnb, '--names', 'logreg,nb', '-q']);
    expect(stdout).toMatch(/metric\s+logreg\s+nb/);
    expect(stdout).toMatch(/^ece\s+0\.0840 \*\s+0\.1623$/m);
    expect(stdout).toMatch(/^accuracy\s+0\.9611 \*\s+0\.8287$/m);
  });
  it('--temperature adds the metrics after cross-fitted temperature scaling', async () => {
    const doc = await json(['compare', logreg, gnb, '--temperature']);
    expect(doc.after_temperature.scaling).toBe('temperature');
    expect(doc.after_temperature.models[1].metrics.nll).toBeLessThan(doc.models[1].metrics.nll);
    expect(doc.after_temperature.models[0].metrics.accuracy).toBe(doc.models[0].metrics.accuracy);
  });
  it('csv and markdown', async () => {
    const csv = (await run(['compare', logreg, gnb, '--format', 'csv', '-q'])).stdout.trim().split('\n');
    expect(csv[0]).toMatch(/^model,/);
    expect(csv.length).toBeGreaterThan(2);
    const md = (await run(['compare', logreg, gnb, '--format', 'markdown', '-q'])).stdout;
    expect(md).toMatch(/\| metric \|/);
  });
  it('csv with --temperature: the scaling column tells the rows before and after apart', async () => {
    const lines = (await run(['compare', logreg, gnb, '--temperature', '--format', 'csv', '-q'])).stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('model,file,scaling,metric,value,lower,upper,best,delta,delta_lower,delta_upper,significant');
    const scalings = lines.slice(1).map((line) => line.split(',')[2]);
    expect(scalings.filter((x) => x === 'none')).toHaveLength(scalings.length / 2);
    expect(scalings.filter((x) => x === 'temperature')).toHaveLength(scalings.length / 2);
  });
  it('through the real binary: exit 0, and --html writes a report', () => {
    const out = join(tempDir(), 'compare.html');
    const { code, stdout } = runBinary(['compare', logreg, gnb, '--html', out, '-q']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^calib compare: 2 models, baseline digits-logreg-logits/);
    expect(readFileSync(out, 'utf8')).toMatch(/<html[\s\S]*digits-gnb-probs/);
  });
  it('--plot overlays the models in one SVG', async () => {
    const out = join(tempDir(), 'compare.svg');
    await run(['compare', logreg, gnb, '--plot', out, '-q']);
    const svg = readFileSync(out, 'utf8');
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain('digits-logreg-logits');
    expect(svg).toContain('digits-gnb-probs');
  });
});

describe('compare errors', () => {
  it('files with different class sets: exit 2 naming the files', () => {
    const { code, stderr } = runBinary(['compare', logreg, fixture('wine-logreg-probs.csv'), '-q']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/wine-logreg-probs\.csv/);
    expect(stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
  it('a single file or a wrong number of names is a usage error', async () => {
    expect((await run(['compare', logreg])).code).toBe(2);
    expect((await run(['compare', logreg, gnb, '--names', 'only-one'])).code).toBe(2);
  });
});
