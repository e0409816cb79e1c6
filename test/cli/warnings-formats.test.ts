import { describe, expect, it } from 'vitest';
import { repoRoot, run } from '../helpers/cli.js';

// A warning made while reading (here the probability floor's) is in every format that can carry
// it, not only on stderr.

const FLOORED = `${repoRoot}fixtures/digits-gnb-probs.csv`;
const OTHER = `${repoRoot}fixtures/digits-logreg-logits.csv`;
const MESSAGE = '14 row(s) gave the true class a probability of exactly 0';

describe('warnings in every format', () => {
  it.each([
    ['markdown', '> warning: 14 row(s) gave the true class a probability of exactly 0'],
    ['junit', '<system-err>warning: 14 row(s) gave the true class a probability of exactly 0'],
    ['github', '::warning title=calib check::14 row(s) gave the true class a probability of exactly 0'],
  ])('check --format %s', async (format, expected) => {
    const { code, stdout } = await run(['check', FLOORED, '--max-ece', '0.9', '--format', format, '-q']);
    expect(code).toBe(0);
    expect(stdout).toContain(expected);
  });

  it('check --format json has the records beside the sentences', async () => {
    const doc = JSON.parse((await run(['check', FLOORED, '--max-ece', '0.9', '--format', 'json', '-q'])).stdout);
    expect(doc.warning_records.map((w: any) => w.code)).toEqual(['prob-floor-hits']);
    expect(doc.warning_records[0].message).toBe(doc.warnings[0]);
  });

  it('smoothing --format markdown', async () => {
    expect((await run(['smoothing', FLOORED, '--format', 'markdown', '-q'])).stdout).toContain(`> warning: ${MESSAGE}`);
  });

  it("compare --format markdown shows each file's warnings, prefixed with the file", async () => {
    expect((await run(['compare', FLOORED, OTHER, '--format', 'markdown', '-q'])).stdout).toContain(`> Warning: ${FLOORED}: ${MESSAGE}`);
  });

  it("temperature --apply: the applied file's warnings are in the JSON, and on stderr once", async () => {
    const { stdout, stderr } = await run(['temperature', OTHER, '--apply', FLOORED, '--format', 'json']);
    const doc = JSON.parse(stdout);
    expect(doc.warnings).toEqual([`${FLOORED}: ${MESSAGE}; it was replaced by 1e-12 (--prob-floor), which sets their NLL.`]);
    expect(doc.warning_records[0].data).toEqual({ file: FLOORED, rows: 14, prob_floor: 1e-12 });
    expect(stderr.split(MESSAGE).length - 1).toBe(1);
  });
});
