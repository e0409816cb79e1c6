/**
 * stdout as the result's only channel: a reader that goes away (`| head`) ends calib quietly with
 * the exit code it had (as before: no EPIPE stack trace), and everything written reaches a reader
 * that stays, in order, however large.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, repoRoot, tempDir } from '../helpers/cli.js';

const FIXTURE = join(repoRoot, 'fixtures', 'digits-mlp-val.csv');

function spawnCalib(argv: string[]): { child: ReturnType<typeof spawn>; done: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, [binPath, ...argv], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, NO_COLOR: '1' } });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
  return { child, done };
}

describe('stdout', () => {
  it('a reader that closes the pipe after the first bytes: exit 0, nothing on stderr', async () => {
    // --bins 10000: a table of 10,000 rows, far more than a pipe buffer holds.
    const { child, done } = spawnCalib(['report', FIXTURE, '--bins', '10000', '-q']);
    child.stdout!.once('data', () => child.stdout!.destroy());
    const { code, stderr } = await done;
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('a reader that stays gets every byte', async () => {
    const { child, done } = spawnCalib(['report', FIXTURE, '--bins', '10000', '--format', 'json', '-q']);
    let stdout = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    const { code } = await done;
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { bins: unknown[] }).bins).toHaveLength(10_000);
  });
});

describe('stderr is best effort', () => {
  const root = process.getuid?.() === 0;
  const cases: [string, () => string][] = [['closed (2>&-)', () => '2>&-']];
  // A full device made in a temp dir (never /dev itself), as root.
  if (root) {
    cases.push(['on a full device', () => {
      const device = join(tempDir(), 'full');
      execFileSync('mknod', [device, 'c', '1', '7']);
      return `2>${device}`;
    }]);
  }
  it.each(cases)('%s: the result still arrives, exit 0', (_name, redirect) => {
    const result = spawnSync('sh', ['-c', `exec "$NODE" "$BIN" report "$FILE" --format json ${redirect()}`],
      { encoding: 'utf8', env: { PATH: process.env.PATH, NODE: process.execPath, BIN: binPath, FILE: FIXTURE } });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveProperty('metrics');
  });
});
