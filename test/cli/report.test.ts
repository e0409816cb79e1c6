import { describe, expect, it } from 'vitest';
import { run, runBinary, tempFile } from '../helpers/cli.js';

// The four-row example of test/metrics/evaluate.test.ts, as a user would export it.
const HAND_CSV = [
  'id,p_cat,p_dog,p_fox,label',
  'a,0.7,0.2,0.1,0',
  'b,0.1,0.65,0.25,2',
  'c,0.3,0.25,0.45,fox',
  'd,0.9,0.05,0.05,dog',
  '',
].join('\n');

describe('calib report --format json', () => {
  it('prints one object with the contract keys and the hand-checked metrics', async () => {
    const file = tempFile('hand.csv', HAND_CSV);
    const { code, stdout, stderr } = await run(['report', file, '--format', 'json', '--bins', '5']);
    expect(stderr).not.toContain('error');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['file', 'rows', 'classes', 'class_names', 'kind', 'view', 'config', 'metrics', 'bins', 'warnings']));
    expect(Object.keys(doc.metrics)).toEqual(['accuracy', 'mean_confidence', 'overconfidence_gap', 'ece', 'mce', 'rmsce', 'ace', 'classwise_ece', 'nll', 'brier', 'entropy', 'smece', 'ece_debiased', 'ece_sweep']);
    expect(doc.rows).toBe(4);
    expect(doc.classes).toBe(3);
    expect(doc.class_names).toEqual(['cat', 'dog', 'fox']);
    expect(doc.kind).toBe('probs');
    expect(doc.view).toBe('top-label');
    expect(doc.metrics.ece).toBeCloseTo(0.45, 14);
    expect(doc.metrics.nll).toBeCloseTo(1.3843023187075962, 14);
    expect(doc.bins).toHaveLength(5);
    expect(doc.bins[0]).toEqual({ lower: 0, upper: 0.2, count: 0, mean_confidence: null, accuracy: null, gap: null });
    expect(Object.keys(doc.bins[2])).toEqual(['lower', 'upper', 'count', 'mean_confidence', 'accuracy', 'gap']);
    expect(doc.config).toMatchObject({ bins: 5, binning: 'width', bin_edges: 'right', binary_view: 'positive', prob_floor: 1e-12 });
  });

  it('records the bins every estimator used in config.estimators', async () => {
    const file = tempFile('hand.csv', HAND_CSV);
    const width = JSON.parse((await run(['report', file, '--format', 'json', '--bins', '5', '--bin-edges', 'left', '-q'])).stdout);
    expect(width.config.estimators).toEqual({
      ece: { binning: 'width', bins: 5, closed: 'left' },
      mce: { binning: 'width', bins: 5, closed: 'left' },
      rmsce: { binning: 'width', bins: 5, closed: 'left' },
      ace: { binning: 'mass', bins: 5, ties: 'row-order' },
      classwise_ece: { binning: 'width', bins: 5, closed: 'left' },
      // Kumar et al.'s get_equal_prob_bins: right-closed whatever --bin-edges says.
      ece_debiased: { binning: 'width', bins: 5, closed: 'right' },
      ece_sweep: { binning: 'mass', bins: 'swept', ties: 'row-order' },
      smece: { binning: 'none', kernel: 'reflected-gaussian', bandwidth: 'fixed-point' },
    });
    const mass = JSON.parse((await run(['report', file, '--format', 'json', '--binning', 'mass', '-q'])).stdout);
    expect(mass.config.estimators.ece).toEqual({ binning: 'mass', bins: 15, ties: 'row-order' });
    expect(mass.config.estimators.ece_debiased).toEqual({ binning: 'mass-midpoints', bins: 15 });
  });

  it('keeps stdout for the result and sends notes to stderr', async () => {
    const file = tempFile('hand.csv', HAND_CSV);
    const { stdout, stderr } = await run(['report', file, '--format', 'json']);
    expect(() => JSON.parse(stdout)).not.toThrow();
    expect(stderr).toMatch(/4 rows, 3 classes/);
    expect(stderr).toMatch(/probabilities \(detected: /);
    const quiet = await run(['report', file, '--format', 'json', '--quiet']);
    expect(quiet.stderr).toBe('');
  });
});

describe('calib report text formats', () => {
  it('table: summary and reliability table, no colour when not a terminal', async () => {
    const file = tempFile('hand.csv', HAND_CSV);
    const { code, stdout } = await run(['report', file, '--bins', '5']);
    expect(code).toBe(0);
    expect(stdout).toContain('calib report');
    expect(stdout).toMatch(/ECE\s+0\.4500/);
    expect(stdout).toMatch(/overconfidence gap\s+\+0\.1750/);
    expect(stdout).toContain('Reliability (5 equal-width bins, right-closed (lo, hi])');
    expect(stdout).toMatch(/\(0\.60, 0\.80\]\s+2\s+50\.0%\s+0\.6750\s+0\.5000\s+\+0\.1750/);
    expect(stdout).not.toMatch(/\u001b\[/);
  });

  it('colour on a terminal, none with --no-color or NO_COLOR', async () => {
    const file = tempFile('hand.csv', HAND_CSV);
    expect((await run(['report', file], { tty: true })).stdout).toMatch(/\u001b\[/);
    expect((await run(['report', file, '--no-color'], { tty: true })).stdout).not.toMatch(/\u001b\[/);
    expect((await run(['report', file], { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(/\u001b\[/);
  });

  it('csv: one line per bin with a header', async () => {
    const file = tempFile('hand.csv', HAND_CSV);
    const { stdout } = await run(['report', file, '--format', 'csv', '--bins', '5']);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('bin,lower,upper,count,share,mean_confidence,accuracy,gap,ece_contribution,accuracy_lower,accuracy_upper');
    expect(lines).toHaveLength(6);
    expect(lines[1]).toBe('1,0,0.2,0,0,,,,,,');
    const last = lines[5]!.split(',').map(Number);
    // One row at 0.9, wrong: Wilson 95% interval [0, 0.7934] (z^2 / (1 + z^2) = 0.79345).
    const expected = [5, 0.8, 1, 1, 0.25, 0.9, 0, 0.9, 0.225, 0, 0.7934506856227626];
    last.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 14));
  });

  it('markdown: a summary table and the reliability table', async () => {
    const file = tempFile('hand.csv', HAND_CSV);
    const { stdout } = await run(['report', file, '--format', 'markdown', '--bins', '5']);
    expect(stdout).toContain('| metric | value | meaning |');
    expect(stdout).toContain('| ECE | 0.4500 |');
    expect(stdout).toContain('| (0.60, 0.80] | 2 | 50.0% | 0.6750 | 0.5000 | [0.0945, 0.9055] | +0.1750 |');
  });
});

describe('usage errors exit 2 with one line and a suggestion', () => {
  it('unknown flag', async () => {
    const { code, stderr } = await run(['report', 'x.csv', '--binz', '5']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown option '--binz'/);
    expect(stderr).toMatch(/Did you mean --bins\?/);
  });
  it('bins < 1 and a bad number', async () => {
    expect((await run(['report', 'x.csv', '--bins', '0'])).code).toBe(2);
    const bad = await run(['report', 'x.csv', '--bins', 'ten']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--bins.*ten.*whole number/);
  });
  it('a bad choice', async () => {
    const { code, stderr } = await run(['report', 'x.csv', '--binning', 'quantile']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/Allowed choices are width, mass/);
  });
  it('unknown command', async () => {
    const { code, stderr } = await run(['reprot', 'x.csv']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/Did you mean report\?/);
  });
});

describe('the real binary', () => {
  it('--help lists the commands and the exit codes', () => {
    const { code, stdout } = runBinary(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('report');
    expect(stdout).toContain('Exit codes:');
  });
  it('reports a file read from stdin', () => {
    const { code, stdout, stderr } = runBinary(['report', '-', '--format', 'json', '--bins', '5'], { stdin: HAND_CSV });
    expect(stderr).not.toMatch(/error/);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).metrics.ece).toBeCloseTo(0.45, 14);
  });
  it('a missing file exits 2 with the path and no stack trace', () => {
    const { code, stderr } = runBinary(['report', 'no/such/file.csv']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^calib: error: no\/such\/file\.csv:/);
    expect(stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});
