/**
 * Gates that would silently be wrong: a key given twice in the thresholds file (JSON keeps the
 * last), a threshold outside its metric's range (`{"ece": {"max": 5}}` can never fail,
 * `--min-accuracy 95` can never pass), numbers in hexadecimal or binary, `--config` naming a
 * directory, and a metric that came out NaN (which must not read "nan FAIL"). All exit 2.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseThresholdConfig } from '../../src/check/config-file.js';
import { runChecks } from '../../src/check/run-checks.js';
import { thresholdsFromFlags } from '../../src/check/thresholds.js';
import { finiteMetrics } from '../../src/cli/load.js';
import { CalibError } from '../../src/core/errors.js';
import type { MetricValues } from '../../src/metrics/types.js';
import { repoRoot, run, tempDir } from '../helpers/cli.js';

const FIXTURE = join(repoRoot, 'fixtures', 'digits-mlp-val.csv');

function configFile(text: string): string {
  const path = join(tempDir(), 'gate.json');
  writeFileSync(path, text);
  return path;
}

async function firstErrorLines(argv: string[]): Promise<{ code: number; lines: string[]; stdout: string }> {
  const { code, stderr, stdout } = await run(argv);
  return { code, lines: stderr.split('\n').filter((l) => l !== ''), stdout };
}

describe('a key given twice in the thresholds file', () => {
  it('a metric twice: exit 2 naming both lines', async () => {
    const path = configFile('{\n  "ece": {"max": 0.05},\n  "accuracy": {"min": 0.9},\n  "ece": {"max": 0.5}\n}\n');
    const { code, lines } = await firstErrorLines(['check', FIXTURE, '--config', path, '-q']);
    expect(code).toBe(2);
    expect(lines).toEqual([
      `calib: error: ${path}:4: the thresholds file gives "ece" twice (lines 2 and 4); only one of them would count.`,
      '  hint: Keep one "ece" and put all its bounds in it, e.g. {"ece": {"min": 0.01, "max": 0.05}}.',
    ]);
  });

  it('a bound twice inside one metric, on one line or two', () => {
    expect(() => parseThresholdConfig('{"ece": {"max": 0.05,\n "max": 0.5}}', 'g.json'))
      .toThrow('"ece" gives "max" twice (lines 1 and 2); only one of them would count.');
    expect(() => parseThresholdConfig('{"nll": {"max": 1, "max": 2}}', 'g.json')).toThrow('"nll" gives "max" twice (lines 1 and 1)');
  });

  it('the same names in different objects, inside strings or escaped differently are told apart', () => {
    expect(parseThresholdConfig('{"ece": {"max": 0.05}, "mce": {"max": 0.3}}', 'g.json')).toHaveLength(2);
    expect(parseThresholdConfig('{"ece": {"max": 0.05, "min": 0}, "accuracy": {"min": 0.5, "max": 1}}', 'g.json')).toHaveLength(4);
    expect(() => parseThresholdConfig('{"ece": {"max": 0.05}, "\\u0065ce": {"max": 0.1}}', 'g.json')).toThrow('gives "ece" twice');
  });
});

describe('thresholds outside the metric\'s range', () => {
  it('--min-accuracy 95: exit 2, and 0.95 suggested', async () => {
    const { code, lines, stdout } = await firstErrorLines(['check', FIXTURE, '--min-accuracy', '95']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(lines).toEqual([
      'calib: error: --min-accuracy 95 is outside the range of accuracy (in [0, 1]), so the check could never pass.',
      '  hint: accuracy is a fraction, not a percentage: did you mean 0.95?',
    ]);
  });

  it('{"ece": {"max": 5}} in a file: exit 2 naming the line, 0.05 suggested', async () => {
    const path = configFile('{\n  "ece": {"max": 5}\n}\n');
    const { code, lines } = await firstErrorLines(['check', FIXTURE, '--config', path]);
    expect(code).toBe(2);
    expect(lines).toEqual([
      `calib: error: ${path}:2: ece.max 5 is outside the range of ece (in [0, 1]), so the check could never fail.`,
      '  hint: ece is a fraction, not a percentage: did you mean 0.05?',
    ]);
  });

  it.each([
    [{ maxNll: '-1' }, '--max-nll -1 is outside the range of nll (0 or more), so the check could never pass.'],
    [{ maxBrier: '2.5' }, '--max-brier 2.5 is outside the range of brier (in [0, 2]), so the check could never fail.'],
    [{ maxOverconfidence: '-1.5' }, '--max-overconfidence -1.5 is outside the range of overconfidence_gap (in [-1, 1]), so the check could never pass.'],
    [{ maxEce: '1000' }, '--max-ece 1000 is outside the range of ece (in [0, 1]), so the check could never fail.'],
  ])('%o', (flags, message) => {
    expect(() => thresholdsFromFlags(flags)).toThrow(message);
  });

  it('the ends of the ranges are accepted', () => {
    expect(thresholdsFromFlags({ maxEce: '1', minAccuracy: '0', maxNll: '1e6', maxBrier: '2', maxOverconfidence: '-1' })).toHaveLength(5);
  });
});

describe('numbers that are not plain decimals', () => {
  it.each(['0x1', '0b1', '0o1', '0X0.1', 'Infinity', '1_000'])('--max-ece %s: exit 2', async (value) => {
    const { code, lines } = await firstErrorLines(['check', FIXTURE, '--max-ece', value]);
    expect(code).toBe(2);
    expect(lines[0]).toBe(`calib: error: --max-ece "${value}": expected a decimal number such as 0.05.`);
    if (/^0[xbo]/i.test(value)) expect(lines[1]).toBe('  hint: Write the threshold in decimal (hexadecimal, binary and octal numbers are not taken), e.g. --max-ece 0.05.');
  });
  it.each(['0.05', '5e-2', '.05', '+0.05', ' 0.05 '])('--max-ece %j is taken', (value) => {
    expect(thresholdsFromFlags({ maxEce: value })[0]!.value).toBe(0.05);
  });
});

describe('--config naming a directory', () => {
  it('exit 2, says it is a directory, no EISDIR', async () => {
    const dir = join(tempDir(), 'gates');
    mkdirSync(dir);
    const { code, lines } = await firstErrorLines(['check', FIXTURE, '--config', dir]);
    expect(code).toBe(2);
    expect(lines).toEqual([`calib: error: ${dir}: is a directory, not a thresholds file.`,
      '  hint: Give --config the path of a JSON file such as {"ece": {"max": 0.05}}.']);
  });
});

describe('a metric that came out NaN is never printed or checked', () => {
  const metrics: MetricValues = {
    accuracy: 0.9, mean_confidence: 0.92, overconfidence_gap: 0.02, ece: 0.03, mce: 0.1, rmsce: 0.04, ace: 0.03,
    classwise_ece: 0.01, nll: Number.NaN, brier: 0.1, entropy: 0.2, smece: 0.03, ece_debiased: 0.01, ece_sweep: 0.02,
  };
  it('check: an error, not "nan FAIL"', () => {
    expect(() => runChecks(metrics, [{ metric: 'nll', bound: 'max', value: 1, source: 'flag' }]))
      .toThrow('nll came out as NaN (not a number), so it cannot be checked.');
    // A check on another metric is still a verdict.
    expect(runChecks(metrics, [{ metric: 'ece', bound: 'max', value: 0.05, source: 'flag' }]).passed).toBe(true);
  });
  it('report and the other commands: exit 2 naming the file and the metric', () => {
    const error = (() => { try { finiteMetrics({ metrics }, 'preds.csv'); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(CalibError);
    expect((error as CalibError).format()).toBe('preds.csv: nll came out as NaN (not a number), so calib cannot report or check it.\n'
      + '  hint: Scores this extreme (such as logits near +-1e308) overflow the arithmetic: rescale them (divide the logits by a constant), or report it with the file.');
    expect(() => finiteMetrics({ metrics: { ...metrics, nll: Infinity } }, 'p.csv', ' after temperature scaling'))
      .toThrow('nll after temperature scaling came out as Infinity');
  });
  it('logits of +-1e308 and +-1.7e308 end the run: every metric finite, or exit 2, never "nan" or null', async () => {
    const path = join(tempDir(), 'huge.csv');
    writeFileSync(path, 'z_a,z_b,z_c,label\n1e308,-1e308,0,0\n-1.7e308,1.7e308,1e308,1\n1.7e308,-1.7e308,-1e308,2\n1,2,3,0\n');
    for (const argv of [['report', path, '--format', 'json'], ['check', path, '--max-nll', '1e300'], ['temperature', path, '--cv', '2', '--format', 'json']]) {
      const { code, stdout, stderr } = await run([...argv, '-q']);
      expect(stdout.toLowerCase()).not.toContain('nan');
      // Exit 2 names the row whose logits span past the largest double, or the metric that came out non-finite.
      if (code === 2) expect(stderr).toMatch(/span more than the largest double|came out as (NaN|-?Infinity)/);
      else expect(JSON.stringify(stdout)).not.toMatch(/"(nll|brier|ece)": null/);
    }
  });
});
