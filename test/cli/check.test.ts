import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../check/xml.js';
import { repoRoot, run, runBinary, tempDir, tempFile } from '../helpers/cli.js';

const mlpTest = `${repoRoot}fixtures/digits-mlp-test.csv`;
// digits-mlp-test: ECE 0.0325, NLL 0.2185, accuracy 0.9644, overconfidence gap +0.0276 (report).

describe('calib check exit codes through the real binary', () => {
  it('0 when every threshold passes', () => {
    const { code, stdout } = runBinary(['check', mlpTest, '--max-ece', '0.05', '--min-accuracy', '0.9', '-q']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/passed/);
  });
  it('1 when one fails, failures listed first', () => {
    const { code, stdout } = runBinary(['check', mlpTest, '--max-ece', '0.05', '--max-nll', '0.2', '-q']);
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n');
    expect(lines[1]).toMatch(/^nll\s+0\.2185\s+<= 0\.2\s+FAIL$/);
    expect(lines[2]).toMatch(/^ece\s+0\.0325\s+<= 0\.05\s+PASS$/);
  });
  it('2 for a usage error, with the closest flag suggested', () => {
    const { code, stderr } = runBinary(['check', mlpTest, '--max-eec', '0.05']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/Did you mean --max-ece\?/);
  });
  it('2 for bad input, not 1', () => {
    const { code } = runBinary(['check', tempFile('bad.csv', 'a,b,label\n0.5,0.5,1\n0.2,abc,0\n'), '--max-ece', '0.05']);
    expect(code).toBe(2);
  });
  it('2 when there is nothing to check', () => {
    const { code, stderr } = runBinary(['check', mlpTest]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no thresholds/);
  });
});

describe('every format through the real binary (ece passes 0.0325 <= 0.05, nll fails 0.2185 > 0.2)', () => {
  const gate = [mlpTest, '--max-ece', '0.05', '--max-nll', '0.2', '-q'];
  it('junit: parses back, one test case per check, a failure element for the failed one', () => {
    const { code, stdout } = runBinary(['check', ...gate, '--format', 'junit']);
    expect(code).toBe(1);
    const root = parseXml(stdout);
    expect(root.name).toBe('testsuites');
    const suite = root.children[0]!;
    expect(suite.attributes).toMatchObject({ name: 'calib check', tests: '2', failures: '1', errors: '0' });
    const cases = suite.children.filter((c) => c.name === 'testcase');
    expect(cases.map((c) => c.attributes.name)).toEqual(['nll <= 0.2', 'ece <= 0.05']);
    expect(cases[0]!.children[0]).toMatchObject({ name: 'failure', attributes: { message: 'nll = 0.2185 is above the maximum 0.2', type: 'threshold' } });
    expect(cases[1]!.children).toEqual([]);
  });
  it('github: every line is an ::error or ::notice workflow command, errors first', () => {
    const { code, stdout } = runBinary(['check', ...gate, '--format', 'github']);
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      `::error title=calib check::nll = 0.2185 is above the maximum 0.2 (${mlpTest})`,
      `::notice title=calib check::ece = 0.0325 is within the maximum 0.05 (${mlpTest})`,
    ]);
  });
  it('github: with GITHUB_STEP_SUMMARY unset, nothing else is written and stdout is only commands', () => {
    const { stdout, stderr } = runBinary(['check', ...gate, '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: '' } });
    expect(stdout.split('\n').filter((l) => l !== '').every((l) => /^::(error|notice) /.test(l))).toBe(true);
    expect(stderr).toBe('');
  });
  it('json and markdown, exit 1 in every format', () => {
    const json = runBinary(['check', ...gate, '--format', 'json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).checks.map((c: { metric: string; passed: boolean }) => [c.metric, c.passed])).toEqual([['nll', false], ['ece', true]]);
    const md = runBinary(['check', ...gate, '--format', 'markdown']);
    expect(md.code).toBe(1);
    expect(md.stdout).toMatch(/^\| `nll` \| 0\.2185 \| ≤ 0\.2 \| ❌ \*\*FAIL\*\* \|$/m);
  });
  it('--help documents the exit codes and which end --fail-on compares', () => {
    const { code, stdout } = runBinary(['check', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Exit codes:\n\s+0 .*\n\s+1 .*\n\s+2 /);
    expect(stdout).toMatch(/for\s+min\s+thresholds\s+the\s+ends\s+swap/);
  });
});

describe('thresholds from a config file', () => {
  it('reads {"metric": {"max"|"min": x}}; flags override it', async () => {
    const config = tempFile('calib.config.json', JSON.stringify({ ece: { max: 0.01 }, accuracy: { min: 0.9 } }));
    expect((await run(['check', mlpTest, '--config', config, '-q'])).code).toBe(1);
    const overridden = await run(['check', mlpTest, '--config', config, '--max-ece', '0.05', '-q', '--format', 'json']);
    expect(overridden.code).toBe(0);
    const doc = JSON.parse(overridden.stdout);
    expect(doc.checks.find((c: { metric: string }) => c.metric === 'ece').threshold).toBe(0.05);
  });
  it('an unknown metric is an error naming the key, with a suggestion', async () => {
    const config = tempFile('calib.config.json', JSON.stringify({ eec: { max: 0.05 } }));
    const { code, stderr } = await run(['check', mlpTest, '--config', config]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/eec/);
    expect(stderr).toMatch(/ece/);
  });
  it('an unknown bound or a non-numeric bound is an error', async () => {
    expect((await run(['check', mlpTest, '--config', tempFile('c.json', '{"ece": {"maximum": 0.05}}')])).code).toBe(2);
    expect((await run(['check', mlpTest, '--config', tempFile('c.json', '{"ece": {"max": "low"}}')])).code).toBe(2);
    expect((await run(['check', mlpTest, '--config', tempFile('c.json', '{"ece": ')])).code).toBe(2);
    const missing = await run(['check', mlpTest, '--config', join(tempDir(), 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read the thresholds file/);
  });
});

describe('formats', () => {
  it('json: passed and checks with metric, value, threshold, op, passed, interval', async () => {
    const { stdout } = await run(['check', mlpTest, '--max-ece', '0.05', '--max-nll', '0.2', '-q', '--format', 'json']);
    const doc = JSON.parse(stdout);
    expect(doc.passed).toBe(false);
    expect(doc.checks[0]).toMatchObject({ metric: 'nll', threshold: 0.2, op: '<=', passed: false });
    expect(doc.checks[0].value).toBeCloseTo(0.2185, 4);
  });
  it('junit: one test case per check, failures marked, parseable XML', async () => {
    const out = join(tempDir(), 'calib-junit.xml');
    const { stdout, code } = await run(['check', mlpTest, '--max-ece', '0.05', '--max-nll', '0.2', '-q', '--format', 'junit', '--output', out]);
    expect(code).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe(stdout);
    expect(stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(stdout.match(/<testcase /g)).toHaveLength(2);
    expect(stdout.match(/<failure /g)).toHaveLength(1);
    expect(stdout).toMatch(/<testsuite name="calib check" tests="2" failures="1"/);
    expect(stdout).toContain('nll &lt;= 0.2');
  });
  it('github: workflow commands, and a Markdown summary appended to GITHUB_STEP_SUMMARY', async () => {
    const summary = tempFile('summary.md', '# earlier step\n');
    const { stdout } = await run(['check', mlpTest, '--max-ece', '0.05', '--max-nll', '0.2', '-q', '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(stdout).toMatch(/^::error title=calib check::nll = 0\.2185 is above the maximum 0\.2/m);
    expect(stdout).toMatch(/^::notice title=calib check::ece = 0\.0325 is within the maximum 0\.05/m);
    const written = readFileSync(summary, 'utf8');
    expect(written.startsWith('# earlier step\n')).toBe(true);
    expect(written).toMatch(/\| `nll` \| 0\.2185 \|/);
  });
  it('markdown: a table of checks', async () => {
    const { stdout } = await run(['check', mlpTest, '--max-ece', '0.05', '-q', '--format', 'markdown']);
    expect(stdout).toMatch(/\| `ece` \| 0\.0325 \| ≤ 0\.05 \| .*pass/);
  });
});

describe('statistical gating with --bootstrap', () => {
  it('intervals are reproducible with a seed, and --fail-on decides which end is compared', async () => {
    const args = ['check', mlpTest, '--max-ece', '0.04', '--bootstrap', '100', '--seed', '7', '-q', '--format', 'json'];
    const a = JSON.parse((await run(args)).stdout);
    const b = JSON.parse((await run(args)).stdout);
    expect(a.checks[0].interval).toEqual(b.checks[0].interval);
    const { lower, upper } = a.checks[0].interval;
    expect(lower).toBeLessThan(0.0325);
    expect(upper).toBeGreaterThan(0.0325);
    // The point (0.0325) passes 0.04; the upper end of the interval is above 0.04 on this small file.
    expect(a.passed).toBe(true);
    const strict = await run([...args, '--fail-on', 'upper']);
    expect(upper > 0.04 ? 1 : 0).toBe(strict.code);
    const lenient = await run([...args, '--fail-on', 'lower']);
    expect(lenient.code).toBe(0);
  });
  it('upper/strict and lower/lenient are synonyms; for a minimum, strict compares the lower end', async () => {
    // accuracy 0.9644 >= 0.96 and ece 0.0325 <= 0.04 on the point estimates.
    const args = ['check', mlpTest, '--max-ece', '0.04', '--min-accuracy', '0.96', '--bootstrap', '50', '--seed', '3', '-q', '--format', 'json'];
    const byName = async (failOn: string): Promise<any> => JSON.parse((await run([...args, '--fail-on', failOn])).stdout);
    const upper = await byName('upper');
    expect(await byName('strict')).toEqual(upper);
    expect(await byName('lenient')).toEqual(await byName('lower'));
    const accuracy = upper.checks.find((c: { metric: string }) => c.metric === 'accuracy');
    const ece = upper.checks.find((c: { metric: string }) => c.metric === 'ece');
    expect([accuracy.compared_end, accuracy.compared]).toEqual(['lower', accuracy.interval.lower]);
    expect([ece.compared_end, ece.compared]).toEqual(['upper', ece.interval.upper]);
    const lower = await byName('lower');
    expect(lower.checks.find((c: { metric: string }) => c.metric === 'accuracy').compared_end).toBe('upper');
    // The table says which end was compared, for maxima and for minima.
    const table = await run(['check', mlpTest, '--min-accuracy', '0.9', '--bootstrap', '20', '--fail-on', 'upper', '-q']);
    expect(table.stdout).toContain('the upper end for a maximum, the lower end for a minimum');
  });
  it('--fail-on upper without --bootstrap is a usage error', async () => {
    const { code, stderr } = await run(['check', mlpTest, '--max-ece', '0.05', '--fail-on', 'upper']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--bootstrap/);
  });
  it('check sees the same metrics as report', async () => {
    const report = JSON.parse((await run(['report', mlpTest, '--format', 'json', '-q'])).stdout);
    const check = JSON.parse((await run(['check', mlpTest, '--max-ece', '1', '--max-smece', '1', '--min-accuracy', '0', '-q', '--format', 'json'])).stdout);
    for (const c of check.checks) expect(c.value).toBe(report.metrics[c.metric]);
  });
});

describe('writing the JUnit file never goes over an input', () => {
  it('--output naming the predictions file exits 2 and leaves it alone', async () => {
    const input = tempFile('preds.csv', readFileSync(mlpTest));
    const before = readFileSync(input, 'utf8');
    const { code } = await run(['check', input, '--max-ece', '0.05', '--format', 'junit', '--output', input, '-q']);
    expect(code).toBe(2);
    expect(readFileSync(input, 'utf8')).toBe(before);
    writeFileSync(join(tempDir(), 'unused'), '');
  });
});
