/**
 * Under a limit on address space (`ulimit -v` in a child shell): calib runs on one thread with
 * reservations it can have, instead of V8 dying with "Fatal process OOM" (exit 133) or
 * std::bad_alloc (exit 134); a file that cannot fit is refused up front, exit 2, with how much it
 * needs. The limits are far above what node itself needs here (about 700 MB of address space).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, ftruncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, tempDir } from '../helpers/cli.js';

function underLimit(kib: number, argv: string): { code: number | null; stderr: string } {
  const result = spawnSync('sh', ['-c', `ulimit -v ${kib}; exec "$NODE" "$BIN" ${argv}`], {
    encoding: 'utf8', env: { PATH: process.env.PATH, NODE: process.execPath, BIN: binPath, NO_COLOR: '1' },
  });
  return { code: result.status, stderr: result.stderr };
}

/** `rows` rows of `classes` logits (binary: one probability column), deterministic. */
function generated(name: string, rows: number, classes: number): string {
  const path = join(tempDir(), name);
  const fd = openSync(path, 'w');
  let seed = 7;
  const next = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  writeSync(fd, classes === 2 ? 'label,p\n' : `label,${Array.from({ length: classes }, (_, k) => `logit_${k}`).join(',')}\n`);
  for (let start = 0; start < rows; start += 50_000) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(rows, start + 50_000); i++) {
      if (classes === 2) {
        const p = next();
        lines.push(`${next() < p ? 1 : 0},${p.toFixed(6)}`);
      } else {
        const label = i % classes;
        lines.push(`${label},${Array.from({ length: classes }, (_, k) => (next() * 3 + (k === label ? 1 : 0)).toFixed(4)).join(',')}`);
      }
    }
    writeSync(fd, lines.join('\n') + '\n');
  }
  closeSync(fd);
  return path;
}

const binary = generated('binary.csv', 550_000, 2); // about 5.5 MB
const multiclass = generated('multiclass.csv', 300_000, 10); // about 21 MB

// The limit is read from /proc/self/limits: Linux only.
const linux = process.platform === 'linux';

describe.runIf(linux)('ulimit -v 1500000 (1.5 GB)', () => {
  it.each([
    ['report on a 5.5 MB binary file', `report ${binary} --format json -q`],
    ['temperature on a 5.5 MB binary file', `temperature ${binary} --format json -q`],
    ['report on a 21 MB multiclass file', `report ${multiclass} --format json -q`],
    ['temperature on a 21 MB multiclass file', `temperature ${multiclass} --format json -q`],
  ])('%s: exit 0', (_name, argv) => {
    const { code, stderr } = underLimit(1_500_000, argv);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe.runIf(linux)('a file the limit cannot hold', () => {
  it('is refused before it is read: exit 2, how much it needs, how much the limit leaves', () => {
    // Only its size is looked at before the refusal: a sparse 400 MB file costs no disk.
    const path = join(tempDir(), 'huge.csv');
    writeFileSync(path, 'label,p\n');
    const fd = openSync(path, 'r+');
    ftruncateSync(fd, 400 * 1024 * 1024);
    closeSync(fd);
    const { code, stderr } = underLimit(1_500_000, `report ${path} -q`);
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`^calib: error: ${path}: out of memory: reading this 400\\.0 MiB file needs about 1\\.2 GiB of address space, `
      + 'and the limit \\(ulimit -v, 1\\.4 GiB\\) leaves \\d+(\\.\\d)? MiB\\.\\n  hint: Raise the limit \\(ulimit -v \\d+ or more\\), or split the file into smaller parts\\.\\n$'));
  });
});
