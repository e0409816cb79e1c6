/**
 * Fault injection: each step of an atomic write (open of the temporary file, a write, the fsync,
 * the close, the rename) fails in turn through an injected file system. After every failure the
 * destination holds its old content (or still does not exist), the directory holds nothing else,
 * and the error names the path the user gave, not the temporary file.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CalibError } from '../../src/core/errors.js';
import { appendFileChecked, nodeWriteFs, writeFileAtomic, type WriteFs, type WriteHandle } from '../../src/io/atomic-write.js';
import { tempDir } from '../helpers/cli.js';

type Step = 'open' | 'write' | 'second write' | 'sync' | 'close' | 'rename';
const STEPS: readonly Step[] = ['open', 'write', 'second write', 'sync', 'close', 'rename'];

const fail = (code: string): Error => Object.assign(new Error(`${code}: injected`), { code });

/** Node's file system, with `step` failing with `code` (and every step it took recorded). */
function faulty(step: Step | undefined, code = 'ENOSPC'): { fs: WriteFs; taken: Step[] } {
  const taken: Step[] = [];
  const at = (s: Step): void => {
    taken.push(s);
    if (s === step) throw fail(code);
  };
  const fs: WriteFs = {
    ...nodeWriteFs,
    async open(path, flags, mode) {
      at('open');
      const real = await nodeWriteFs.open(path, flags, mode);
      let writes = 0;
      const handle: WriteHandle = {
        async write(data, offset, length) {
          at(++writes === 1 ? 'write' : 'second write');
          // A short write first: the writer must go on until every byte is out.
          return real.write(data, offset, Math.max(1, Math.floor(length / 2)));
        },
        async sync() { at('sync'); return real.sync(); },
        truncate: (length) => real.truncate(length),
        stat: () => real.stat(),
        async close() {
          await real.close();
          at('close');
        },
      };
      return handle;
    },
    async rename(from, to) {
      at('rename');
      return nodeWriteFs.rename(from, to);
    },
  };
  return { fs, taken };
}

const CONTENT = ['label,p\n', '1,0.9\n', '0,0.2\n'];

describe('each write step fails in turn', () => {
  it('without a fault every step is taken and the file holds every byte', async () => {
    const target = join(tempDir(), 'out.csv');
    const { fs, taken } = faulty(undefined);
    await writeFileAtomic(target, CONTENT, { fs });
    expect(readFileSync(target, 'utf8')).toBe(CONTENT.join(''));
    expect(new Set(taken)).toEqual(new Set(STEPS));
  });

  for (const step of STEPS) {
    it(`${step} fails over an old file: exit-2 error naming the path, the old file intact, no temporary file`, async () => {
      const dir = tempDir();
      const target = join(dir, 'calibrated.csv');
      writeFileSync(target, 'old content');
      const { fs, taken } = faulty(step);
      const error = await writeFileAtomic(target, CONTENT, { fs }).then(() => undefined, (e: unknown) => e);
      expect(taken).toContain(step);
      expect(error).toBeInstanceOf(CalibError);
      expect((error as CalibError).format()).toBe(`${target}: cannot write the file: no space left on the device (the disk is full).\n`
        + '  hint: Free some space or write elsewhere. The previous file, if any, is unchanged.');
      expect(readFileSync(target, 'utf8')).toBe('old content');
      expect(readdirSync(dir)).toEqual(['calibrated.csv']);
    });

    it(`${step} fails with no old file: nothing at all is left`, async () => {
      const dir = tempDir();
      const { fs } = faulty(step, 'EIO');
      await expect(writeFileAtomic(join(dir, 'plot.svg'), '<svg>' + 'x'.repeat(100) + '</svg>', { fs }))
        .rejects.toThrow('cannot write the file: EIO: injected.');
      expect(readdirSync(dir)).toEqual([]);
    });
  }

  it('EFBIG (ulimit -f) and EDQUOT are named as such', async () => {
    const dir = tempDir();
    await expect(writeFileAtomic(join(dir, 'a'), 'x', { fs: faulty('write', 'EFBIG').fs })).rejects.toThrow('limit on file size (ulimit -f)');
    await expect(writeFileAtomic(join(dir, 'b'), 'x', { fs: faulty('sync', 'EDQUOT').fs })).rejects.toThrow('no space left on the device');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('appending (GITHUB_STEP_SUMMARY)', () => {
  for (const step of ['write', 'second write', 'sync'] as const) {
    it(`${step} fails: the file is cut back to what other steps wrote`, async () => {
      const target = join(tempDir(), 'summary.md');
      writeFileSync(target, '# step 1\n');
      const { fs } = faulty(step);
      await expect(appendFileChecked(target, '## calib check\n\npassed\n', { fs })).rejects.toThrow('no space left on the device');
      expect(readFileSync(target, 'utf8')).toBe('# step 1\n');
    });
  }
  it('appends every byte after a short write', async () => {
    const target = join(tempDir(), 'summary.md');
    writeFileSync(target, '# step 1\n');
    await appendFileChecked(target, '## calib\n', { fs: faulty(undefined).fs });
    expect(readFileSync(target, 'utf8')).toBe('# step 1\n## calib\n');
  });
});
