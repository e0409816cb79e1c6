import { describe, expect, it } from 'vitest';
import { repoRoot, run } from '../helpers/cli.js';

const file = `${repoRoot}fixtures/exports/cv-p0-p9-fold-label.csv`;
const other = `${repoRoot}fixtures/exports/image-id-first.csv`;
const expectedRoles = ['score', 'score', 'score', 'score', 'score', 'score', 'score', 'score', 'score', 'score', 'bookkeeping', 'label'];
const rolesOf = (columns: { role: string; reason: string }[]): string[] => {
  for (const c of columns) expect(c.reason).not.toBe('');
  return columns.map((c) => c.role);
};

/** Every command that reads predictions records each column's role and reason in its JSON (issue 16). */
describe('columns in the JSON of every command that reads predictions', () => {
  it.each([
    ['report', ['report', file], (d: any) => d.config.columns],
    ['check', ['check', file, '--max-ece', '1'], (d: any) => d.config.columns],
    ['temperature', ['temperature', file], (d: any) => d.config.columns],
    ['smoothing', ['smoothing', file], (d: any) => d.columns],
    ['compare', ['compare', file, other], (d: any) => d.models[0].columns],
  ] as const)('%s', async (_, argv, columnsOf) => {
    const { code, stdout } = await run([...argv, '--format', 'json', '--quiet']);
    expect(code).toBe(0);
    expect(rolesOf(columnsOf(JSON.parse(stdout)))).toEqual(expectedRoles);
  });

  it('compare: each model its own columns; temperature --apply: the applied file\'s in evaluation_detail', async () => {
    const cmp = JSON.parse((await run(['compare', file, other, '--format', 'json', '--quiet'])).stdout);
    expect(rolesOf(cmp.models[1].columns)[0]).toBe('id');
    const temp = JSON.parse((await run(['temperature', file, '--apply', other, '--format', 'json', '--quiet'])).stdout);
    expect(rolesOf(temp.evaluation_detail.columns)[0]).toBe('id');
  });
});

describe("the probability floor's warning reaches every command's JSON, not only stderr", () => {
  it.each([
    [['report'], (d: any) => d.warnings],
    [['temperature', '--in-sample'], (d: any) => d.warnings],
    [['check', '--max-ece', '0.9'], (d: any) => d.warnings],
    [['compare', `${repoRoot}fixtures/digits-logreg-logits.csv`], (d: any) => d.warnings],
  ])('%j', async (args, warningsOf) => {
    const [command, ...rest] = args;
    const { code, stdout } = await run([command!, `${repoRoot}fixtures/digits-gnb-probs.csv`, ...rest, '--format', 'json', '-q']);
    expect(code).toBe(0);
    expect((warningsOf(JSON.parse(stdout)) as string[]).some((w) => w.includes('14 row(s) gave the true class a probability of exactly 0'))).toBe(true);
  });
});
