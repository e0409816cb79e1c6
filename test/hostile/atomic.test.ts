/**
 * Output files are all-or-nothing: written to a temporary file in the same directory and renamed,
 * so a failure leaves the old file untouched and no debris; and never written over an input.
 */
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CalibError } from '../../src/core/errors.js';
import { writeFileAtomic } from '../../src/io/atomic-write.js';
import { repoRoot, run, tempDir } from '../helpers/cli.js';

describe('writeFileAtomic', () => {
  it('a failure just before the rename leaves the old file as it was and no temporary file', async () => {
    const dir = tempDir();
    const target = join(dir, 'report.html');
    writeFileSync(target, 'old report');
    const failing = writeFileAtomic(target, 'new report', { beforeRename: () => { throw new Error('disk full'); } });
    await expect(failing).rejects.toBeInstanceOf(CalibError);
    expect(readFileSync(target, 'utf8')).toBe('old report');
    expect(readdirSync(dir)).toEqual(['report.html']);
  });
  it('chunked content is written whole', async () => {
    const target = join(tempDir(), 'out.csv');
    await writeFileAtomic(target, ['a,b\n', '1,2\n', '3,4\n']);
    expect(readFileSync(target, 'utf8')).toBe('a,b\n1,2\n3,4\n');
  });
  it('refuses to write over an input, also through a symbolic link', async () => {
    const dir = tempDir();
    const input = join(dir, 'preds.csv');
    writeFileSync(input, 'data');
    await expect(writeFileAtomic(input, 'x', { inputs: [input] })).rejects.toThrow(/never writes over its input/);
    const link = join(dir, 'link.csv');
    symlinkSync(input, link);
    await expect(writeFileAtomic(link, 'x', { inputs: [input] })).rejects.toThrow(/never writes over its input/);
    expect(readFileSync(input, 'utf8')).toBe('data');
  });
  it('a missing directory is a clear error naming the path', async () => {
    const target = join(tempDir(), 'no', 'such', 'dir', 'plot.svg');
    await expect(writeFileAtomic(target, '<svg/>')).rejects.toThrow(/cannot write the file/);
  });
});

describe('through the CLI', () => {
  const copy = (): string => {
    const path = join(tempDir(), 'preds.csv');
    writeFileSync(path, readFileSync(`${repoRoot}fixtures/digits-mlp-val.csv`));
    return path;
  };
  it.each([
    ['report --plot', (f: string) => ['report', f, '--plot', f]],
    ['report --html', (f: string) => ['report', f, '--html', f]],
    ['temperature --write', (f: string) => ['temperature', f, '--write', f]],
    ['check --output', (f: string) => ['check', f, '--max-ece', '1', '--format', 'junit', '--output', f]],
  ])('%s naming the input: exit 2, input byte-identical', async (_name, argv) => {
    const input = copy();
    const before = readFileSync(input);
    const { code, stderr } = await run([...argv(input), '-q']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/never writes over its input/);
    expect(readFileSync(input).equals(before)).toBe(true);
  });
  it('--html into a missing directory: exit 2 naming the path, nothing written', async () => {
    const input = copy();
    const target = join(tempDir(), 'missing', 'report.html');
    const { code, stderr } = await run(['report', input, '--html', target, '-q']);
    expect(code).toBe(2);
    expect(stderr).toContain(target);
    expect(existsSync(target)).toBe(false);
  });
});
