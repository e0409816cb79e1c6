/**
 * Output files are all-or-nothing: written to a temporary file in the same directory and renamed,
 * so a failure leaves the old file untouched and no debris; and never written over an input
 * (compared by device and inode: symbolic and hard links included; see also output-identity.test.ts).
 */
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CalibError } from '../../src/core/errors.js';
import { writeFileAtomic } from '../../src/io/atomic-write.js';
import { repoRoot, run, tempDir } from '../helpers/cli.js';

const OVER_INPUT = 'is one of the input files; calib never writes over its input.';

describe('writeFileAtomic', () => {
  it('a failure just before the rename: the old content is unchanged and no .tmp file is left', async () => {
    const dir = tempDir();
    const target = join(dir, 'report.html');
    writeFileSync(target, 'old report');
    let seen: string | undefined;
    const failing = writeFileAtomic(target, 'new report', {
      beforeRename: (temp) => {
        seen = temp;
        // The new content is complete in a temporary file next to the target...
        expect(dirname(temp)).toBe(dir);
        expect(readFileSync(temp, 'utf8')).toBe('new report');
        throw new Error('disk full');
      },
    });
    await expect(failing).rejects.toBeInstanceOf(CalibError);
    await expect(failing).rejects.toThrow('cannot write the file: disk full.');
    // ...and is gone after the failure, while the target still holds the old content.
    expect(seen).toMatch(/\.tmp$/);
    expect(readFileSync(target, 'utf8')).toBe('old report');
    expect(readdirSync(dir)).toEqual(['report.html']);
  });

  it('a failure before the rename with no old file: nothing at all is left', async () => {
    const dir = tempDir();
    await expect(writeFileAtomic(join(dir, 'plot.svg'), '<svg/>', { beforeRename: () => Promise.reject(new Error('boom')) }))
      .rejects.toThrow('cannot write the file: boom.');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('chunked content is written whole', async () => {
    const target = join(tempDir(), 'out.csv');
    await writeFileAtomic(target, ['a,b\n', '1,2\n', '3,4\n']);
    expect(readFileSync(target, 'utf8')).toBe('a,b\n1,2\n3,4\n');
  });

  it('refuses to write over an input path, and over an input reached through a symbolic link', async () => {
    const dir = tempDir();
    const input = join(dir, 'preds.csv');
    writeFileSync(input, 'data');
    const link = join(dir, 'link.csv');
    symlinkSync(input, link);
    for (const target of [input, link]) {
      const error = await writeFileAtomic(target, 'x', { inputs: [input] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CalibError);
      expect((error as CalibError).format()).toBe(`${target}: ${OVER_INPUT}\n  hint: Choose another output path.`);
    }
    // The other way round too: the input named through the link, the output by its real path.
    await expect(writeFileAtomic(input, 'x', { inputs: [link] })).rejects.toThrow(OVER_INPUT);
    expect(readFileSync(input, 'utf8')).toBe('data');
    expect(readdirSync(dir).sort()).toEqual(['link.csv', 'preds.csv']);
  });
});

describe('through the CLI', () => {
  const copy = (): string => {
    const path = join(tempDir(), 'preds.csv');
    writeFileSync(path, readFileSync(join(repoRoot, 'fixtures', 'digits-mlp-val.csv')));
    return path;
  };
  it.each([
    ['report FILE --plot FILE', (f: string) => ['report', f, '--plot', f]],
    ['report FILE --html FILE', (f: string) => ['report', f, '--html', f]],
    ['temperature FILE --write FILE', (f: string) => ['temperature', f, '--write', f]],
    ['check FILE --output FILE', (f: string) => ['check', f, '--max-ece', '1', '--format', 'junit', '--output', f]],
  ])('%s: exit 2, FILE byte-identical', async (_name, argv) => {
    const input = copy();
    const before = readFileSync(input);
    const { code, stdout, stderr } = await run([...argv(input), '-q']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')[0]).toBe(`calib: error: ${input}: ${OVER_INPUT}`);
    expect(readFileSync(input).equals(before)).toBe(true);
    expect(readdirSync(dirname(input))).toEqual(['preds.csv']);
  });
  it('temperature --write through a symbolic link to the input: exit 2, input byte-identical', async () => {
    const input = copy();
    const link = join(dirname(input), 'link.csv');
    symlinkSync(input, link);
    const before = readFileSync(input);
    const { code, stderr } = await run(['temperature', input, '--write', link, '-q']);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe(`calib: error: ${link}: ${OVER_INPUT}`);
    expect(readFileSync(input).equals(before)).toBe(true);
  });
  it('--html into a missing directory: exit 2, a message naming the path, nothing written', async () => {
    const input = copy();
    const target = join(tempDir(), 'missing', 'report.html');
    const { code, stderr } = await run(['report', input, '--html', target, '-q']);
    expect(code).toBe(2);
    expect(stderr.startsWith(`calib: error: ${target}: cannot write the file: the directory ${dirname(target)} does not exist.`)).toBe(true);
    expect(stderr).toContain(`hint: Create it first (mkdir -p ${dirname(target)})`);
    expect(stderr).not.toContain('.tmp'); // the temporary file is ours, not the user's business
    expect(existsSync(dirname(target))).toBe(false);
  });

  it('--plot onto a directory: exit 2, says so, and suggests a path inside it', async () => {
    const input = copy();
    const dir = tempDir();
    const { code, stderr } = await run(['report', input, '--plot', dir, '-q']);
    expect(code).toBe(2);
    expect(stderr).toContain(`calib: error: ${dir}: is a directory, not a file to write.`);
    expect(stderr).toContain(`hint: Give the path of a file inside it, such as ${dir}/<name>.`);
  });
});
