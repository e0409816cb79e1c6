/**
 * `report --diagram corp`: the CORP diagram and its decomposition in the JSON, checked against an
 * independent isotonic regression (pool adjacent violators by repeated passes over the rows, not
 * the stack of blocks the implementation uses) and the paper's identity MCB - DSC + UNC = score.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, run, tempDir } from '../helpers/cli.js';

const json = async (argv: string[]): Promise<any> => {
  const result = await run([...argv, '--format', 'json', '-q']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
};

/** The binned quantity and outcome of each row, as the report defines them, read from the CSV. */
function rowsOf(file: string, view: 'positive' | 'top-label'): { x: number[]; y: number[] } {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const cols = header!.split(',');
  const label = cols.indexOf('label');
  const scores = cols.map((_, i) => i).filter((i) => cols[i]!.startsWith('p_'));
  const x: number[] = [];
  const y: number[] = [];
  for (const line of lines) {
    const cells = line.split(',');
    const p = scores.map((i) => Number(cells[i]));
    const truth = Number(cells[label]);
    if (view === 'positive' && p.length === 1) {
      x.push(p[0]!);
      y.push(truth === 1 ? 1 : 0);
    } else {
      const top = p.indexOf(Math.max(...p));
      x.push(p[top]!);
      y.push(top === truth ? 1 : 0);
    }
  }
  return { x, y };
}

/** Isotonic regression by repeated merging of adjacent violating groups until none is left. */
function naivePav(x: number[], y: number[]): number[] {
  const order = x.map((_, i) => i).sort((a, b) => x[a]! - x[b]!);
  let groups = order.reduce<Array<{ xs: number; sum: number; n: number; rows: number[] }>>((acc, i) => {
    const last = acc[acc.length - 1];
    if (last && last.xs === x[i]) { last.sum += y[i]!; last.n++; last.rows.push(i); } else acc.push({ xs: x[i]!, sum: y[i]!, n: 1, rows: [i] });
    return acc;
  }, []);
  for (let changed = true; changed;) {
    changed = false;
    const next: typeof groups = [];
    for (const g of groups) {
      const last = next[next.length - 1];
      if (last && last.sum / last.n > g.sum / g.n) {
        last.sum += g.sum; last.n += g.n; last.rows.push(...g.rows); changed = true;
      } else next.push({ ...g, rows: [...g.rows] });
    }
    groups = next;
  }
  const fitted = new Array<number>(x.length);
  for (const g of groups) for (const i of g.rows) fitted[i] = g.sum / g.n;
  return fitted;
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

describe('calib report --diagram corp', () => {
  const cases: Array<[string, 'positive' | 'top-label']> = [
    ['fixtures/breast-cancer-logreg-probs.csv', 'positive'],
    ['fixtures/digits-knn-probs.csv', 'top-label'],
    ['fixtures/digits-gnb-probs.csv', 'top-label'],
  ];

  it.each(cases)('%s: the PAV fit and the decomposition match an independent computation', async (file, view) => {
    const doc = await json(['report', `${repoRoot}${file}`, '--diagram', 'corp', '--resamples', '50']);
    expect(doc.view).toBe(view);
    const { x, y } = rowsOf(`${repoRoot}${file}`, view);
    const fitted = naivePav(x, y);
    // Every row's recalibrated value is its block's.
    x.forEach((xi, i) => {
      const block = doc.corp.blocks.find((b: any) => b.lower <= xi && xi <= b.upper);
      expect(block, `row ${i} at ${xi}`).toBeDefined();
      expect(block.fitted).toBeCloseTo(fitted[i]!, 12);
    });
    expect(doc.corp.blocks.reduce((s: number, b: any) => s + b.count, 0)).toBe(x.length);
    const r = mean(y);
    const score = mean(x.map((xi, i) => (xi - y[i]!) ** 2));
    const recalibrated = mean(fitted.map((c, i) => (c - y[i]!) ** 2));
    expect(doc.corp.score).toBeCloseTo(score, 12);
    expect(doc.corp.mcb).toBeCloseTo(score - recalibrated, 12);
    expect(doc.corp.dsc).toBeCloseTo(r * (1 - r) - recalibrated, 12);
    expect(doc.corp.unc).toBeCloseTo(r * (1 - r), 12);
    // The paper's identity (eq. 5).
    expect(doc.corp.mcb - doc.corp.dsc + doc.corp.unc).toBeCloseTo(doc.corp.score, 12);
    if (view === 'positive') expect(doc.corp.score).toBeCloseTo(doc.metrics.brier, 12);
    // The band: 101 grid points across the confidences, lower <= upper, seeded.
    expect(doc.corp.band).toMatchObject({ level: 0.9, resamples: 50, seed: 0 });
    expect(doc.corp.band.points).toHaveLength(101);
    expect(doc.corp.band.points.every((p: any) => p.lower <= p.upper)).toBe(true);
  });

  it('is absent without --diagram corp, and the band is reproducible with a seed', async () => {
    const file = `${repoRoot}fixtures/breast-cancer-logreg-probs.csv`;
    expect((await json(['report', file])).corp).toBeUndefined();
    const a = await json(['report', file, '--diagram', 'corp', '--seed', '3', '--resamples', '40']);
    const b = await json(['report', file, '--diagram', 'corp', '--seed', '3', '--resamples', '40']);
    expect(a.corp).toEqual(b.corp);
  });

  it('--plot draws the CORP diagram: the step curve, its band, MCB, DSC and UNC in the legend', async () => {
    const dir = tempDir();
    const svg = join(dir, 'corp.svg');
    const result = await run(['report', `${repoRoot}fixtures/breast-cancer-logreg-probs.csv`, '--diagram', 'corp', '--resamples', '30', '--plot', svg, '--title', 'Logistic regression', '-q']);
    expect(result.code).toBe(0);
    const text = readFileSync(svg, 'utf8');
    expect(text).toContain('class="corp-curve"');
    expect(text).toContain('class="corp-band"');
    expect(text).toMatch(/MCB 0\.\d{4} · DSC 0\.\d{4} · UNC 0\.\d{4}/);
    expect(text).toContain('<title>Logistic regression</title>');
    expect(text).not.toContain('class="bar"');
  });
});
