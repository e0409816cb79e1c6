/**
 * Output paths that are not regular files: a FIFO or a character device is written through
 * (never replaced, never unlinked), a symbolic link is followed and its target replaced, a
 * read-only file, a directory or a socket is refused (exit 2) and left as it was. FIFOs and
 * devices are made inside a temporary directory, and only when the tests run as root (mknod).
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, lstatSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, repoRoot, run, tempDir } from '../helpers/cli.js';

const FIXTURE = join(repoRoot, 'fixtures', 'digits-mlp-val.csv');
const root = process.getuid?.() === 0;

/** A character device node in a fresh temp dir: (1, 3) is null, (1, 7) is full. */
function charDevice(name: string, minor: 3 | 7): string {
  const path = join(tempDir(), name);
  execFileSync('mknod', [path, 'c', '1', String(minor)]);
  return path;
}

describe.runIf(root)('FIFOs and character devices (as root, in a temp dir)', () => {
  it('--write to a FIFO: the reader gets the whole CSV, the FIFO is still a FIFO, nothing else is created', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'out.fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let received = '';
    reader.stdout.setEncoding('utf8').on('data', (chunk: string) => { received += chunk; });
    const done = new Promise((resolve) => reader.on('close', resolve));
    const { code, stderr } = await run(['temperature', FIXTURE, '--write', fifo, '-q']);
    await done;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(received.split('\n')[0]).toMatch(/^label,p_/);
    expect(received.trimEnd().split('\n')).toHaveLength(450);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['out.fifo']);
  });

  it('--plot and --html to a null device: written through, the node is still a device, two outputs on it are fine', async () => {
    const device = charDevice('null', 3);
    const { code, stderr } = await run(['report', FIXTURE, '--plot', device, '--html', device, '-q']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
    expect(readdirSync(join(device, '..'))).toEqual(['null']);
  });

  it('--write to a full device: exit 2, no space left, the node is still a device', async () => {
    const device = charDevice('full', 7);
    const { code, stderr } = await run(['temperature', FIXTURE, '--write', device, '-q']);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe(`calib: error: ${device}: cannot write the file: no space left on the device (the disk is full).`);
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
  });

  it('stdout on a full device (as `> /dev/full`): exit 2 with one error, no stack trace', async () => {
    const device = charDevice('full', 7);
    const { openSync, closeSync } = await import('node:fs');
    const fd = openSync(device, 'w');
    try {
      const child = spawn(process.execPath, [binPath, 'report', FIXTURE, '--format', 'json', '-q'], { stdio: ['ignore', fd, 'pipe'] });
      let stderr = '';
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(2);
      expect(stderr).toBe(`calib: error: ${device}: cannot write the result to stdout: no space left on the device (the disk is full).\n`
        + '  hint: Free some space or send stdout elsewhere; what was written there is incomplete.\n');
    } finally {
      closeSync(fd);
    }
  });
});

describe('symbolic links, read-only files, directories, sockets', () => {
  it('--plot through a symbolic link: the link stays, its target gets the SVG', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'real.svg'), 'old');
    symlinkSync('real.svg', join(dir, 'link.svg'));
    const { code } = await run(['report', FIXTURE, '--plot', join(dir, 'link.svg'), '-q']);
    expect(code).toBe(0);
    expect(lstatSync(join(dir, 'link.svg')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.svg'))).toBe('real.svg');
    expect(readFileSync(join(dir, 'real.svg'), 'utf8')).toContain('<svg');
    expect(readdirSync(dir).sort()).toEqual(['link.svg', 'real.svg']);
  });

  it('a dangling symbolic link: its target is created, the link kept', async () => {
    const dir = tempDir();
    symlinkSync('made.svg', join(dir, 'link.svg'));
    const { code } = await run(['report', FIXTURE, '--plot', join(dir, 'link.svg'), '-q']);
    expect(code).toBe(0);
    expect(lstatSync(join(dir, 'link.svg')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'made.svg'), 'utf8')).toContain('<svg');
  });

  it('a read-only (0444) destination: exit 2 before any work, the file unchanged', async () => {
    const dir = tempDir();
    const target = join(dir, 'calibrated.csv');
    writeFileSync(target, 'keep me');
    chmodSync(target, 0o444);
    const { code, stderr } = await run(['temperature', FIXTURE, '--write', target]);
    expect(code).toBe(2);
    // Refused before the file is read: no "449 rows" note.
    expect(stderr).toBe(`calib: error: ${target}: is read-only (mode 0444); calib does not replace a write-protected file.\n`
      + `  hint: Make it writable first (chmod u+w ${target}) or choose another path.\n`);
    expect(readFileSync(target, 'utf8')).toBe('keep me');
    expect(statSync(target).mode & 0o777).toBe(0o444);
    expect(readdirSync(dir)).toEqual(['calibrated.csv']);
  });

  it('a replaced file keeps its permissions', async () => {
    const target = join(tempDir(), 'out.svg');
    writeFileSync(target, 'old');
    chmodSync(target, 0o640);
    expect((await run(['report', FIXTURE, '--plot', target, '-q'])).code).toBe(0);
    expect(statSync(target).mode & 0o777).toBe(0o640);
  });

  it('a socket at the output path: exit 2, the socket left alone', async () => {
    const dir = tempDir();
    const path = join(dir, 'sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      const { code, stderr } = await run(['report', FIXTURE, '--plot', path, '-q']);
      expect(code).toBe(2);
      expect(stderr).toContain(`${path}: is a socket, not a file calib may write.`);
      expect(lstatSync(path).isSocket()).toBe(true);
    } finally {
      server.close();
    }
  });
});
