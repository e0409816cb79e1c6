/**
 * An output is never written over an input, compared by identity (device and inode): the file
 * behind stdin read as `-`, a hard link, the file behind a shell redirect; and two outputs on one
 * file are refused before any work. Every case: exit 2, one error naming the path, the input
 * byte-identical and no temporary file left.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, linkSync, openSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, repoRoot, run, tempDir } from '../helpers/cli.js';

const OVER_INPUT = 'is one of the input files; calib never writes over its input.';

function copy(name = 'preds.csv'): string {
  const path = join(tempDir(), name);
  writeFileSync(path, readFileSync(join(repoRoot, 'fixtures', 'digits-mlp-val.csv')));
  return path;
}

/** The built CLI with stdin (and optionally stdout) opened on files, as a shell redirect does. */
function runRedirected(argv: readonly string[], stdinFile: string | undefined, stdoutFile?: string): { code: number; stderr: string } {
  const stdin = stdinFile === undefined ? 'ignore' : openSync(stdinFile, 'r');
  const stdout = stdoutFile === undefined ? 'pipe' : openSync(stdoutFile, 'a');
  try {
    const result = spawnSync(process.execPath, [binPath, ...argv], {
      stdio: [stdin, stdout, 'pipe'], encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1' },
    });
    return { code: result.status ?? -1, stderr: result.stderr };
  } finally {
    if (typeof stdin === 'number') closeSync(stdin);
    if (typeof stdout === 'number') closeSync(stdout);
  }
}

describe('the input read from stdin (`- < in.csv`)', () => {
  it.each([
    ['temperature - --write in.csv', (f: string) => ['temperature', '-', '--write', f]],
    ['report - --plot in.csv', (f: string) => ['report', '-', '--plot', f]],
    ['report - --html in.csv', (f: string) => ['report', '-', '--html', f]],
    ['check - --output in.csv', (f: string) => ['check', '-', '--max-ece', '1', '--output', f]],
    ['compare - other --plot in.csv', (f: string) => ['compare', '-', join(repoRoot, 'fixtures', 'digits-mlp-val.csv'), '--plot', f]],
  ])('%s < in.csv: exit 2, in.csv byte-identical', (_name, argv) => {
    const input = copy('in.csv');
    const before = readFileSync(input);
    const { code, stderr } = runRedirected(argv(input), input);
    expect(code).toBe(2);
    expect(stderr).toBe(`calib: error: ${input}: ${OVER_INPUT}\n  hint: Choose another output path.\n`);
    expect(readFileSync(input).equals(before)).toBe(true);
    expect(readdirSync(dirname(input))).toEqual(['in.csv']);
  });

  it('GITHUB_STEP_SUMMARY pointing at the input read from stdin: exit 2, nothing appended', () => {
    const input = copy('in.csv');
    const before = readFileSync(input);
    const result = spawnSync(process.execPath, [binPath, 'check', '-', '--max-ece', '1', '--format', 'github'], {
      stdio: [openSync(input, 'r'), 'pipe', 'pipe'], encoding: 'utf8', env: { PATH: process.env.PATH, GITHUB_STEP_SUMMARY: input },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${input}: ${OVER_INPUT}`);
    expect(readFileSync(input).equals(before)).toBe(true);
  });

  it('the same file redirected to stdin but not read (no `-`) may be written', () => {
    const input = copy();
    const other = copy('other.csv');
    const { code } = runRedirected(['report', input, '--plot', other, '-q'], other);
    expect(code).toBe(0);
    expect(readFileSync(other, 'utf8')).toContain('<svg');
  });
});

describe('hard links and the step summary', () => {
  it('a hard link of the input as --plot, --write, --output: exit 2, input unchanged', async () => {
    const input = copy();
    const link = join(dirname(input), 'hard.csv');
    linkSync(input, link);
    const before = readFileSync(input);
    for (const argv of [['report', input, '--plot', link], ['temperature', input, '--write', link], ['check', input, '--max-ece', '1', '--output', link]]) {
      const { code, stderr } = await run([...argv, '-q']);
      expect(code).toBe(2);
      expect(stderr.split('\n')[0]).toBe(`calib: error: ${link}: ${OVER_INPUT}`);
    }
    expect(readFileSync(input).equals(before)).toBe(true);
    expect(readdirSync(dirname(input)).sort()).toEqual(['hard.csv', 'preds.csv']);
  });

  it('temperature --apply B --write (a hard link of B): exit 2', async () => {
    const fit = copy();
    const apply = copy('apply.csv');
    const link = join(dirname(apply), 'link.csv');
    linkSync(apply, link);
    const { code, stderr } = await run(['temperature', fit, '--apply', apply, '--write', link, '-q']);
    expect(code).toBe(2);
    expect(stderr).toContain(OVER_INPUT);
  });

  it('GITHUB_STEP_SUMMARY = the input CSV (or a link to it): exit 2, no Markdown appended', async () => {
    const input = copy();
    const link = join(dirname(input), 'link.csv');
    symlinkSync(input, link);
    const before = readFileSync(input);
    for (const summary of [input, link]) {
      const { code, stderr } = await run(['check', input, '--max-ece', '1', '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summary } });
      expect(code).toBe(2);
      expect(stderr).toContain(`${summary}: ${OVER_INPUT}`);
    }
    expect(readFileSync(input).equals(before)).toBe(true);
  });

  it('GITHUB_STEP_SUMMARY elsewhere is appended to, after what other steps wrote', async () => {
    const input = copy();
    const summary = join(tempDir(), 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const { code } = await run(['check', input, '--max-ece', '1', '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(code).toBe(0);
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('# earlier step\n')).toBe(true);
    expect(text.length).toBeGreaterThan('# earlier step\n'.length);
  });

  it('check --config CONFIG --output (a hard link of CONFIG): exit 2', async () => {
    const input = copy();
    const config = join(dirname(input), 'gate.json');
    writeFileSync(config, '{"ece": {"max": 1}}');
    const link = join(dirname(input), 'gate-link.json');
    linkSync(config, link);
    const { code, stderr } = await run(['check', input, '--config', config, '--output', link]);
    expect(code).toBe(2);
    expect(stderr).toContain(OVER_INPUT);
    expect(readFileSync(config, 'utf8')).toBe('{"ece": {"max": 1}}');
  });
});

describe('two outputs on one file', () => {
  it.each([
    ['--write X --plot X', (f: string, x: string) => ['temperature', f, '--write', x, '--plot', x], '--write and --plot'],
    ['--plot X --html X', (f: string, x: string) => ['report', f, '--plot', x, '--html', x], '--plot and --html'],
    ['compare --plot X --html X', (f: string, x: string) => ['compare', f, f, '--plot', x, '--html', x], '--plot and --html'],
    ['check --output X with GITHUB_STEP_SUMMARY=X', (f: string, x: string) => ['check', f, '--max-ece', '1', '--format', 'github', '--output', x], '--output and GITHUB_STEP_SUMMARY'],
  ])('%s: exit 2 before any work, nothing written', async (_name, argv, flags) => {
    const input = copy();
    const dir = tempDir();
    const target = join(dir, 'out.file');
    const { code, stderr } = await run([...argv(input, target), '-q'], { env: { GITHUB_STEP_SUMMARY: target } });
    expect(code).toBe(2);
    expect(stderr).toBe(`calib: error: ${flags} name the same file (${target}); the second would replace the first.\n  hint: Give each output its own path.\n`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('the same file through a symbolic link and a hard link: exit 2, the old file kept', async () => {
    const input = copy();
    const dir = tempDir();
    const target = join(dir, 'out.svg');
    writeFileSync(target, 'old');
    symlinkSync(target, join(dir, 'sym.svg'));
    linkSync(target, join(dir, 'hard.html'));
    for (const other of ['sym.svg', 'hard.html']) {
      const { code, stderr } = await run(['report', input, '--plot', target, '--html', join(dir, other), '-q']);
      expect(code).toBe(2);
      expect(stderr).toContain('--plot and --html name the same file');
    }
    expect(readFileSync(target, 'utf8')).toBe('old');
  });

  it('--output naming the file stdout is redirected to: exit 2, nothing lost', () => {
    const input = copy();
    const out = join(tempDir(), 'result.xml');
    writeFileSync(out, '');
    const { code, stderr } = runRedirected(['check', input, '--max-ece', '1', '--format', 'junit', '--output', out, '-q'], undefined, out);
    expect(code).toBe(2);
    expect(stderr).toContain('--output names the file that stdout is redirected to');
  });
});
