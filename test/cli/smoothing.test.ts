import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoRoot, run, runBinary, tempFile } from '../helpers/cli.js';

interface ReferenceRow { alpha: number; smoothed_ce: number; kl: number; whatif_temperature: number; smoothed_ce_at_temperature: number; target_gap?: number | null }
interface ReferencePrior { implied_alpha: number; rows: ReferenceRow[] }
const reference = JSON.parse(readFileSync(`${repoRoot}test/reference/expected.json`, 'utf8')) as {
  files: Record<string, { smoothing: { logit_gap_mean: number; logit_gap_median: number; mean_entropy: number; uniform: ReferencePrior; empirical: ReferencePrior } }>;
};

const json = async (argv: string[]): Promise<any> => {
  const result = await run([...argv, '--format', 'json', '--quiet']);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
};

describe('calib smoothing against the independent reference', () => {
  const cases = Object.keys(reference.files).flatMap((name) => (['uniform', 'empirical'] as const).map((prior) => [name, prior] as const));
  it.each(cases)('%s, %s prior', async (name, prior) => {
    const expected = reference.files[name]!.smoothing;
    const doc = await json(['smoothing', `${repoRoot}fixtures/${name}`, '--prior', prior]);
    expect(doc.prior).toBe(prior);
    expect(doc.model_gap.mean).toBeCloseTo(expected.logit_gap_mean, 9);
    expect(doc.model_gap.median).toBeCloseTo(expected.logit_gap_median, 9);
    expect(doc.entropy).toBeCloseTo(expected.mean_entropy, 12);
    const ref = expected[prior];
    // Implied smoothing can be astronomically small for confident models: compare relatively.
    expect(Math.abs(doc.implied_alpha - ref.implied_alpha)).toBeLessThanOrEqual(1e-6 * Math.max(ref.implied_alpha, 1e-12));
    expect(doc.alphas.map((r: { alpha: number }) => r.alpha)).toEqual(ref.rows.map((r) => r.alpha));
    doc.alphas.forEach((row: any, i: number) => {
      const r = ref.rows[i]!;
      expect(row.smoothed_ce).toBeCloseTo(r.smoothed_ce, 10);
      expect(row.kl).toBeCloseTo(r.kl, 10);
      expect(Math.abs(row.temperature - r.whatif_temperature) / r.whatif_temperature).toBeLessThan(1e-6);
      expect(row.smoothed_ce_at_temperature).toBeCloseTo(r.smoothed_ce_at_temperature, 10);
      if (prior === 'uniform' && r.alpha > 0) expect(row.target_gap).toBeCloseTo(r.target_gap!, 12);
      else expect(row.target_gap).toBeNull();
    });
  });
});

describe('the seed example through the CLI', () => {
  // K = 3, a = 0.1: targets (0.9333, 0.0333, 0.0333), g* = log(0.93333 / 0.03333) = log 28 = 3.3322.
  // Rows predicting softmax([log 28, 0, 0]) for their label match that target exactly.
  const g = Math.log(28);
  const csv = ['a,b,c,label', `${g},0,0,0`, `0,${g},0,1`, `0,0,${g},2`, `${g},0,0,0`, ''].join('\n');
  it('KL is ~0 at a = 0.1, the target gap is 3.3322 and the implied smoothing is 0.1', async () => {
    const doc = await json(['smoothing', tempFile('seed.csv', csv), '--alpha', '0,0.1,0.2']);
    const at = doc.alphas.find((r: { alpha: number }) => r.alpha === 0.1);
    expect(at.target_gap).toBeCloseTo(3.3322, 4);
    expect(at.kl).toBeCloseTo(0, 12);
    expect(doc.implied_alpha).toBeCloseTo(0.1, 8);
    expect(doc.model_gap.mean).toBeCloseTo(g, 12);
  });
  it('the table states the convention and explains each number', async () => {
    const { stdout } = await run(['smoothing', tempFile('seed.csv', csv), '--quiet']);
    expect(stdout).toContain('the true class gets 1 - a + a/3');
    expect(stdout).toContain('implied smoothing');
    expect(stdout).toMatch(/0\.100\s+\S+\s+\S+\s+3\.332/);
  });
});

describe('smoothing usage errors', () => {
  it.each(['1', '-0.1', '0.1,abc', '1.5'])('--alpha %s exits 2 with one line', (alpha) => {
    const { code, stderr } = runBinary(['smoothing', `${repoRoot}fixtures/hand-3class-logits.csv`, '--alpha', alpha]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--alpha.*is not a smoothing amount in \[0, 1\)/);
    expect(stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});
