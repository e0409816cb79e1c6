/**
 * Files as people export them (fixtures/exports/, written by make_exports.py with scikit-learn
 * and pandas): each manifest entry is run through the CLI and must give its expected outcome,
 * the accuracy and ECE that Python computed from the true columns, or exit 2 with the flag that
 * resolves it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { repoRoot, run } from '../helpers/cli.js';

interface Entry {
  file: string;
  pattern: string;
  args: string[];
  expect: { exit: 0; accuracy: number; ece: number; classes: number; kind: 'probs' | 'logits' } | { exit: 2; stderr: string[] };
  roles?: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(`${repoRoot}fixtures/exports/manifest.json`, 'utf8')) as { exports: Entry[] };
const mine = manifest.exports;

describe('real exports (fixtures/exports/manifest.json)', () => {
  test('the manifest covers the patterns of issue 16', () => {
    expect(mine.length).toBeGreaterThanOrEqual(25);
  });

  test.each(mine.map((e) => [`${e.pattern}${e.args.length > 0 ? ` (${e.args.join(' ')})` : ''}`, e] as const))('%s', async (_, entry) => {
    const { code, stdout, stderr } = await run(['report', `${repoRoot}fixtures/exports/${entry.file}`, ...entry.args, '--format', 'json']);
    const expected = entry.expect;
    expect(stderr).not.toMatch(/\n\s+at /); // never a stack trace
    if (expected.exit === 2) {
      expect(code, stderr).toBe(2);
      for (const part of expected.stderr) expect(stderr).toContain(part);
      expect(stdout).toBe('');
      return;
    }
    expect(code, stderr).toBe(0);
    const doc = JSON.parse(stdout) as { metrics: Record<string, number>; classes: number; kind: string; config: { columns: { name: string; position: number; role: string; reason: string }[] } };
    expect(doc.classes).toBe(expected.classes);
    expect(doc.kind).toBe(expected.kind);
    expect(doc.metrics.accuracy).toBeCloseTo(expected.accuracy, 12);
    expect(doc.metrics.ece).toBeCloseTo(expected.ece, 9);
    for (const [name, role] of Object.entries(entry.roles ?? {})) {
      const column = doc.config.columns.find((c) => (name.startsWith('#') ? `#${c.position}` === name : c.name === name));
      expect(column?.role, name).toBe(role);
    }
    // Every column has a role and a reason, and the decisions are on stderr.
    for (const c of doc.config.columns) expect(c.reason, c.name).not.toBe('');
    expect(stderr).toContain('label column:');
  });
});
