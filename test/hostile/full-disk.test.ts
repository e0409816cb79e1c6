/**
 * Full disks: a small tmpfs (when the tests may mount one, as root) that calib's outputs do not
 * fit on, and a limit on file size (RLIMIT_FSIZE through `ulimit -f` in a child shell, where
 * writing past it fails with EFBIG; node ignores SIGXFSZ). Either way: exit 2, one error naming
 * the path, the old destination untouched, no temporary file left.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binPath, repoRoot, tempDir } from '../helpers/cli.js';

const FIXTURE = join(repoRoot, 'fixtures', 'digits-mlp-val.csv');

/** A 64 KiB tmpfs, or undefined when mounting is not allowed here. */
function mountTmpfs(): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const dir = join(tempDir(), 'small-disk');
  mkdirSync(dir);
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]);
  return result.status === 0 ? dir : undefined;
}

/** Fills `dir` to the last byte, keeping `slack` bytes in a file that can be removed to free them. */
function fill(dir: string, slack: number): void {
  writeFileSync(join(dir, 'slack'), Buffer.alloc(slack));
  for (let i = 0; ; i++) {
    try {
      writeFileSync(join(dir, `filler-${i}`), Buffer.alloc(4096));
    } catch {
      rmSync(join(dir, `filler-${i}`), { force: true });
      return;
    }
  }
}

/** Runs the built CLI through `sh -c`, so that a redirect and a ulimit apply to it. */
function shell(script: string, env: Record<string, string> = {}): { code: number | null; stderr: string } {
  const result = spawnSync('sh', ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1', CALIB: `${process.execPath} ${binPath}`, ...env } });
  return { code: result.status, stderr: result.stderr };
}

const disk = mountTmpfs();
afterAll(() => {
  if (disk) spawnSync('umount', [disk]);
});

describe.runIf(disk !== undefined)('a full tmpfs', () => {
  it('temperature --write: exit 2, the old file untouched, no temporary file', () => {
    const dir = disk!;
    writeFileSync(join(dir, 'calibrated.csv'), 'old,content\n');
    fill(dir, 0);
    const before = readdirSync(dir).sort();
    const { code, stderr } = shell(`$CALIB temperature ${FIXTURE} --write ${dir}/calibrated.csv -q`);
    expect(code).toBe(2);
    expect(stderr).toBe(`calib: error: ${dir}/calibrated.csv: cannot write the file: no space left on the device (the disk is full).\n`
      + '  hint: Free some space or write elsewhere. The previous file, if any, is unchanged.\n');
    expect(readFileSync(join(dir, 'calibrated.csv'), 'utf8')).toBe('old,content\n');
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('stdout redirected to a file on it: exit 2 naming the file, not exit 0 with a cut JSON', () => {
    const dir = disk!;
    for (const name of readdirSync(dir)) rmSync(join(dir, name));
    fill(dir, 4096);
    rmSync(join(dir, 'slack'));
    const { code, stderr } = shell(`$CALIB report ${FIXTURE} --format json -q > ${dir}/report.json`);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe(`calib: error: ${dir}/report.json: cannot write the result to stdout: no space left on the device (the disk is full).`);
  });

  it('GITHUB_STEP_SUMMARY on it: exit 2, cut back to what earlier steps wrote', () => {
    const dir = disk!;
    for (const name of readdirSync(dir)) rmSync(join(dir, name));
    // A whole page, so that the page holds no room for what calib appends.
    const earlier = '# earlier step\n'.padEnd(4095, '.') + '\n';
    writeFileSync(join(dir, 'summary.md'), earlier);
    fill(dir, 0);
    const { code, stderr } = shell(`$CALIB check ${FIXTURE} --max-ece 1 --format github -q > /dev/null`, { GITHUB_STEP_SUMMARY: `${dir}/summary.md` });
    expect(code).toBe(2);
    expect(stderr).toContain(`${dir}/summary.md: cannot write the file: no space left on the device`);
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toBe(earlier);
  });
});

describe('a limit on file size (ulimit -f 16: 16 KiB)', () => {
  it('temperature --write of a ~100 KB CSV: exit 2 (EFBIG, not killed by SIGXFSZ), the old file untouched', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'calibrated.csv'), 'old,content\n');
    const { code, stderr } = shell(`ulimit -f 16; exec $CALIB temperature ${FIXTURE} --write ${dir}/calibrated.csv -q`);
    expect(code).toBe(2);
    expect(stderr).toBe(`calib: error: ${dir}/calibrated.csv: cannot write the file: it would exceed the limit on file size (ulimit -f).\n`
      + '  hint: Raise the limit or write a smaller output. The previous file, if any, is unchanged.\n');
    expect(readFileSync(join(dir, 'calibrated.csv'), 'utf8')).toBe('old,content\n');
    expect(readdirSync(dir)).toEqual(['calibrated.csv']);
  });

  // The file behind stdout is named from /proc/self/fd/1: Linux only.
  it.runIf(process.platform === 'linux')('stdout redirected to a file past the limit: exit 2', () => {
    const dir = tempDir();
    const { code, stderr } = shell(`ulimit -f 1; exec $CALIB report ${FIXTURE} --format json -q > ${dir}/report.json`);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe(`calib: error: ${dir}/report.json: cannot write the result to stdout: it would exceed the limit on file size (ulimit -f).`);
  });
});
