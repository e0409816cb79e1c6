import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoRoot, run } from '../helpers/cli.js';

const exportFile = (name: string): string => `${repoRoot}fixtures/exports/${name}`;

describe('calib inspect', () => {
  it('one line per column: role, type, range and reason; then the label, classes and kind', async () => {
    const { code, stdout } = await run(['inspect', exportFile('torch-logits-target-pred.csv'), '--quiet']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^1 +0 +score +number +-2\.529 \.\. 2\.857 +the score family: numbered columns$/m);
    expect(stdout).toMatch(/^12 +pred +bookkeeping +integer +0 \.\. 9 +named like a prediction or bookkeeping column/m);
    expect(stdout).toContain('label: "target" · classes (10): "0", "1"');
    expect(stdout).toContain('scores: 10 score columns; logits (detected:');
  });

  it('--format json: every column with role, type, min, max and reason; the kind decision', async () => {
    const { code, stdout } = await run(['inspect', exportFile('pandas-default-index.csv'), '--format', 'json', '--quiet']);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.columns[0]).toEqual({ position: 1, name: '', role: 'index', reason: "pandas' index (unnamed first column)", type: 'integer', min: 0, max: 149, examples: [] });
    expect(doc.columns.map((c: { role: string }) => c.role)).toEqual(['index', 'score', 'score', 'score', 'label']);
    expect(doc).toMatchObject({ rows: 150, classes: 3, class_names: ['0', '1', '2'], kind: 'probs', label_column: 'label', error: null });
    expect(doc.kind_detection.how).toBe('auto');
  });

  it('a file calib would refuse: the columns with their types, the reason and exit 2', async () => {
    const { code, stdout, stderr } = await run(['inspect', exportFile('extra-float-loss.csv'), '--quiet']);
    expect(code).toBe(2);
    // The roles that could be decided, and the column in question with the flag to pass.
    expect(stdout).toMatch(/^2 +p_1 +score +number/m);
    expect(stdout).toMatch(/^4 +loss +unresolved +number +0\.008346 \.\. 0\.9537 +Pass --ignore loss if it is not a score/m);
    expect(stdout).toContain('calib cannot read this file as it is: see the error below (exit 2).');
    expect(stderr).toContain('hint: Pass --ignore loss');
  });

  it('reads standard input too (kept in memory for its two passes)', async () => {
    const text = readFileSync(exportFile('y-true-y-pred-y-prob.csv'), 'utf8');
    const { code, stdout } = await run(['inspect', '-', '--format', 'json', '--quiet'], { stdin: text });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).columns.map((c: { role: string }) => c.role)).toEqual(['label', 'bookkeeping', 'score']);
  });
});
