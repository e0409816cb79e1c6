import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, run, tempDir, tempFile } from '../helpers/cli.js';

const reference = JSON.parse(readFileSync(`${repoRoot}test/reference/expected.json`, 'utf8')) as {
  files: Record<string, { temperature: { temperature: number; nll: number; nll_at_1: number; applied?: { file: string; reports: Record<string, { metrics: Record<string, number> }> } } }>;
};
const fixture = (name: string): string => `${repoRoot}fixtures/${name}`;
const json = async (argv: string[]): Promise<any> => {
  const result = await run([...argv, '--format', 'json', '--quiet']);
  expect(result.stderr.replace(/^calib: warning: .*\n/gm, '')).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
};

describe('calib temperature against the independent reference (scipy minimize_scalar)', () => {
  it.each(Object.keys(reference.files))('%s: same T and NLL', async (name) => {
    const expected = reference.files[name]!.temperature;
    const doc = await json(['temperature', fixture(name), '--in-sample']);
    expect(doc.fit.converged).toBe(true);
    expect(doc.fit.boundary).toBe('none');
    expect(Math.abs(doc.temperature - expected.temperature) / expected.temperature).toBeLessThan(1e-7);
    expect(doc.fit.nll).toBeCloseTo(expected.nll, 12);
    expect(doc.fit.nll_at_1).toBeCloseTo(expected.nll_at_1, 12);
  });

  it('held out: T from the validation file, every metric after on the test file', async () => {
    const expected = reference.files['digits-mlp-val.csv']!.temperature.applied!;
    const doc = await json(['temperature', fixture('digits-mlp-val.csv'), '--apply', fixture('digits-mlp-test.csv')]);
    expect(doc.evaluation).toBe('holdout');
    expect(doc.evaluation_detail.file).toContain('digits-mlp-test.csv');
    for (const [metric, value] of Object.entries(expected.reports.w15r!.metrics)) {
      expect(doc.after.metrics[metric], metric).toBeCloseTo(value, 9);
    }
    expect(doc.after.metrics.ece).toBeLessThan(doc.before.metrics.ece);
    expect(doc.after.metrics.nll).toBeLessThan(doc.before.metrics.nll);
  });
});

describe('honest "after" numbers', () => {
  it('defaults to 5-fold cross-fitting and says so', async () => {
    const doc = await json(['temperature', fixture('digits-mlp-val.csv')]);
    expect(doc.evaluation).toBe('cross-fit');
    expect(doc.evaluation_detail.folds).toBe(5);
    expect(doc.evaluation_detail.fold_temperatures).toHaveLength(5);
    // Cross-fitted NLL can only be worse than (or equal to) the in-sample optimum.
    const inSample = await json(['temperature', fixture('digits-mlp-val.csv'), '--in-sample']);
    expect(inSample.evaluation).toBe('in-sample');
    expect(doc.after.metrics.nll).toBeGreaterThanOrEqual(inSample.after.metrics.nll - 1e-12);
    expect(inSample.after.metrics.nll).toBeCloseTo(inSample.fit.nll, 12);
  });
  it('the same seed gives the same folds; another seed other folds', async () => {
    const a = await json(['temperature', fixture('digits-mlp-val.csv'), '--seed', '3']);
    const b = await json(['temperature', fixture('digits-mlp-val.csv'), '--seed', '3']);
    const c = await json(['temperature', fixture('digits-mlp-val.csv'), '--seed', '4']);
    expect(a.evaluation_detail.fold_temperatures).toEqual(b.evaluation_detail.fold_temperatures);
    expect(a.evaluation_detail.fold_temperatures).not.toEqual(c.evaluation_detail.fold_temperatures);
  });
  it('the table says what "after" means', async () => {
    const { stdout } = await run(['temperature', fixture('digits-mlp-val.csv'), '--quiet']);
    expect(stdout).toMatch(/T = 2\.945\d\d, fitted on .*digits-mlp-val\.csv \(449 rows\)/);
    expect(stdout).toContain('"after" is cross-fitted: 5 stratified folds (seed 0)');
    expect(stdout).toContain('T > 1: the model is overconfident');
  });
});

describe('--write: calibrated probabilities', () => {
  it('writes a CSV that calib reads back to the "after" numbers', async () => {
    const out = join(tempDir(), 'calibrated.csv');
    const doc = await json(['temperature', fixture('digits-mlp-val.csv'), '--apply', fixture('digits-mlp-test.csv'), '--write', out]);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('label,p_0,p_1,p_2,p_3,p_4,p_5,p_6,p_7,p_8,p_9');
    expect(lines).toHaveLength(451);
    const sum = lines[1]!.split(',').slice(1).map(Number).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 14);
    const back = await json(['report', out, '--kind', 'probs']);
    for (const metric of ['accuracy', 'ece', 'nll', 'brier', 'classwise_ece'] as const) {
      expect(back.metrics[metric], metric).toBeCloseTo(doc.after.metrics[metric], 12);
    }
  });
  it('binary one-column input gives one P(y=1) column', async () => {
    const out = join(tempDir(), 'calibrated.csv');
    await json(['temperature', fixture('breast-cancer-logreg-logits.csv'), '--write', out]);
    const header = readFileSync(out, 'utf8').split('\n')[0];
    expect(header).toBe('diagnosis,p_malignant');
  });
  it('keeps the id and every other non-score column of the input, in file order (fast and general readers)', async () => {
    const input = readFileSync(`${repoRoot}fixtures/exports/image-id-first.csv`, 'utf8');
    const lines = input.trim().split('\n');
    // A text column with a quoted comma sends the file to the general reader.
    const quoted = [`note,${lines[0]}`, ...lines.slice(1).map((l, i) => `${i === 3 ? '"a, b"' : 'x'},${l}`)].join('\n') + '\n';
    for (const [name, text] of [['plain.csv', input], ['quoted.csv', quoted]] as const) {
      const out = join(tempDir(), 'calibrated.csv');
      const doc = await json(['temperature', tempFile(name, text), '--in-sample', '--write', out]);
      const written = readFileSync(out, 'utf8').trim().split('\n');
      const header = name === 'plain.csv' ? 'image_id,label' : 'note,image_id,label';
      expect(written[0]).toBe(`${header},p_0,p_1,p_2,p_3,p_4,p_5,p_6,p_7,p_8,p_9`);
      expect(written).toHaveLength(lines.length);
      // Row by row, the id and label cells are the input's.
      for (let r = 1; r < lines.length; r++) {
        const cells = lines[r]!.split(',');
        expect(written[r]!.startsWith(`${name === 'plain.csv' ? '' : r === 4 ? '"a, b",' : 'x,'}${cells[0]},${cells[11]},`), `row ${r}`).toBe(true);
      }
      const back = await json(['report', out, '--kind', 'probs']);
      expect(back.config.columns.find((c: { name: string }) => c.name === 'image_id').role).toBe('id');
      expect(back.metrics.nll).toBeCloseTo(doc.after.metrics.nll, 12);
    }
  });
  it('keeps the other columns of --apply\'s file, read from standard input too', async () => {
    const text = readFileSync(`${repoRoot}fixtures/exports/split-model-text.csv`, 'utf8');
    const out = join(tempDir(), 'calibrated.csv');
    await json(['temperature', `${repoRoot}fixtures/exports/cv-p0-p9-fold-label.csv`, '--apply', tempFile('apply.csv', text), '--write', out]);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('split,model,label,p_0,p_1,p_2,p_3,p_4,p_5,p_6,p_7,p_8,p_9');
    const viaStdin = join(tempDir(), 'stdin.csv');
    const { code } = await run(['temperature', '-', '--write', viaStdin, '--quiet'], { stdin: text });
    expect(code).toBe(0);
    expect(readFileSync(viaStdin, 'utf8').split('\n')[1]).toMatch(/^test,logreg,\d,0\.\d+/);
  });
  it('refuses to write over its input (exit 2, input unchanged)', async () => {
    const input = tempFile('val.csv', readFileSync(fixture('digits-mlp-val.csv')));
    const before = readFileSync(input, 'utf8');
    const { code, stderr } = await run(['temperature', input, '--write', input]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/is one of the input files; calib never writes over its input/);
    expect(readFileSync(input, 'utf8')).toBe(before);
  });
});

describe('temperature errors', () => {
  it('--in-sample with --apply is a usage error', async () => {
    const { code, stderr } = await run(['temperature', fixture('digits-mlp-val.csv'), '--apply', fixture('digits-mlp-test.csv'), '--in-sample']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--in-sample and --apply contradict/);
  });
  it('--labels with --apply is a usage error: one labels file cannot label two sets of examples', async () => {
    // Read once for both files, the fit file's labels would silently label --apply's rows.
    const npy = fixture('formats/digits-logits.npy');
    const { code, stderr } = await run(['temperature', npy, '--labels', fixture('formats/digits-labels.npy'), '--apply', npy, '--quiet']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--labels .*digits-labels\.npy would label the rows of both/);
  });
  it('--apply on a file with other classes is an input error', async () => {
    const { code, stderr } = await run(['temperature', fixture('digits-mlp-val.csv'), '--apply', fixture('wine-logreg-probs.csv'), '--quiet']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/wine-logreg-probs\.csv:1: has classes/);
  });
  it('separable data: the bound is reported with a warning, never as a silent optimum', async () => {
    const file = tempFile('sep.csv', 'a,b,label\n3,-1,0\n0,2,1\n5,1,0\n');
    const result = await run(['temperature', file, '--in-sample', '--format', 'json', '--quiet']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.fit.boundary).toBe('zero');
    expect(doc.fit.converged).toBe(false);
    expect(result.stderr).toMatch(/separable/);
    expect(doc.warnings.join(' ')).toMatch(/lower bound of the search/);
  });
});
