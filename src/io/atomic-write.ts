import { constants, unlinkSync, type Stats } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CalibError } from '../core/errors.js';

/** A file as the kernel knows it: two paths (a hard link, a symbolic link, /dev/stdin) name the same file when these agree. */
export interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
}

export const sameFile = (a: FileIdentity, b: FileIdentity): boolean => a.dev === b.dev && a.ino === b.ino;

/** The part of an open file that a write uses (node's FileHandle; a fake in fault-injection tests). */
export interface WriteHandle {
  write(data: Uint8Array, offset: number, length: number): Promise<{ bytesWritten: number }>;
  sync(): Promise<void>;
  truncate(length: number): Promise<void>;
  stat(): Promise<Stats>;
  close(): Promise<void>;
}

/** The file-system calls of a write, passed in so that a test can make each of them fail in turn. */
export interface WriteFs {
  stat(path: string): Promise<Stats>;
  lstat(path: string): Promise<Stats>;
  readlink(path: string): Promise<string>;
  open(path: string, flags: string | number, mode?: number): Promise<WriteHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

export const nodeWriteFs: WriteFs = {
  stat: (path) => fsp.stat(path),
  lstat: (path) => fsp.lstat(path),
  readlink: (path) => fsp.readlink(path),
  open: (path, flags, mode) => fsp.open(path, flags, mode),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
};

export interface AtomicWriteOptions {
  /** Paths the command read: the output may not be any of them (compared by device and inode; `-` is skipped). */
  readonly inputs?: readonly string[];
  /** Files the output may not be either, by identity (the file behind stdin when the command read `-`). */
  readonly protect?: readonly FileIdentity[];
  /** The file-system calls (default: node's). */
  readonly fs?: WriteFs;
  /** Test hook: called after the temporary file is written, before the rename. */
  readonly beforeRename?: (tempPath: string) => Promise<void> | void;
}

/** What is at an output path, after following symbolic links. */
export interface Destination {
  /** The path that is written: the target of any symbolic links. */
  readonly target: string;
  /** `absent`: created by rename; `regular`: replaced by rename; `stream`: a FIFO or character device, written through. */
  readonly kind: 'absent' | 'regular' | 'stream';
  readonly info?: Stats;
}

/** Temporary files being written: removed by `removePendingTempFilesSync` when a signal ends the process. */
const pendingTemps = new Set<string>();
let watcher: ((pending: boolean) => void) | undefined;

/**
 * Called with true when the first temporary file appears and with false when the last is gone
 * (the CLI installs its signal handlers only while there is something to clean up, so that
 * Ctrl-C during a long computation still stops the process at once).
 */
export function watchTempFiles(callback: ((pending: boolean) => void) | undefined): void {
  watcher = callback;
}

function track(temp: string): void {
  pendingTemps.add(temp);
  if (pendingTemps.size === 1) watcher?.(true);
}

function untrack(temp: string): void {
  if (pendingTemps.delete(temp) && pendingTemps.size === 0) watcher?.(false);
}

/** Removes every temporary file still being written (synchronously: the process is about to exit). */
export function removePendingTempFilesSync(): void {
  for (const temp of pendingTemps) {
    try {
      unlinkSync(temp);
    } catch {
      // Already renamed or never created.
    }
  }
  pendingTemps.clear();
}

/**
 * Writes `content` (a string, bytes, or string chunks) to `path` so that readers see either the old file or the whole new one: the
 * data goes to a temporary file in the same directory (same file system, so rename is atomic),
 * is flushed, and is renamed over the target. On any failure the temporary file is removed and
 * the old file is left untouched. Refuses to write over one of the command's inputs (by
 * identity: hard links and symbolic links included), over a read-only file, a directory, a
 * socket or a block device. A FIFO or a character device (/dev/null, a terminal) is written
 * through, never replaced; a symbolic link is followed and its target replaced.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array | Iterable<string>, options: AtomicWriteOptions = {}): Promise<void> {
  const fs = options.fs ?? nodeWriteFs;
  const destination = await inspectDestination(path, fs);
  await refuseInputs(path, destination, options, fs);
  if (destination.kind === 'stream') {
    await writeThrough(path, destination.target, content, fs);
    return;
  }
  const { target } = destination;
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const mode = destination.info ? destination.info.mode & 0o777 : 0o666;
  let handle: WriteHandle | undefined;
  let created = false;
  track(temp);
  try {
    handle = await fs.open(temp, 'wx', mode);
    created = true;
    await writeContent(handle, content);
    await handle.sync();
    const closing = handle;
    handle = undefined;
    await closing.close();
    await options.beforeRename?.(temp);
    await fs.rename(temp, target);
    created = false;
  } catch (error) {
    await handle?.close().catch(() => undefined);
    if (created) await fs.unlink(temp).catch(() => undefined);
    if (error instanceof CalibError) throw error;
    throw writeError(error, path);
  } finally {
    untrack(temp);
  }
}

/**
 * Appends `text` to `path` (GITHUB_STEP_SUMMARY, which other steps write to as well), creating
 * it if needed. Never onto an input; on a failure a regular file is cut back to its old length.
 */
export async function appendFileChecked(path: string, text: string, options: Omit<AtomicWriteOptions, 'beforeRename'> = {}): Promise<void> {
  const fs = options.fs ?? nodeWriteFs;
  const destination = await inspectDestination(path, fs, 'append');
  await refuseInputs(path, destination, options, fs);
  let handle: WriteHandle | undefined;
  let length: number | undefined;
  try {
    handle = await fs.open(destination.target, destination.kind === 'stream' ? constants.O_WRONLY : 'a');
    const info = await handle.stat();
    if (info.isFile()) length = info.size;
    await writeContent(handle, text);
    if (info.isFile()) await handle.sync();
    const closing = handle;
    handle = undefined;
    await closing.close();
  } catch (error) {
    if (handle !== undefined && length !== undefined) await handle.truncate(length).catch(() => undefined);
    await handle?.close().catch(() => undefined);
    throw writeError(error, path);
  }
}

/**
 * What is at `path`, following symbolic links (a dangling link names the file to create); a
 * usage error for a directory, a socket, a block device or a read-only file, none of which an
 * output may replace. Called before any work (CLI) and again just before the write.
 */
export async function inspectDestination(path: string, fs: WriteFs = nodeWriteFs, use: 'replace' | 'append' = 'replace'): Promise<Destination> {
  let target = resolve(path);
  for (let links = 0; ; links++) {
    let info: Stats;
    try {
      info = await fs.lstat(target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && links > 0) {
        // A link into /proc that names no path (/dev/stdout -> /proc/self/fd/1 -> pipe:[N] or
        // socket:[N]): what it opens is an open stream of this process, written through.
        const opened = await fs.stat(path).catch(() => undefined);
        if (opened !== undefined && (opened.isFIFO() || opened.isCharacterDevice())) return { target: resolve(path), kind: 'stream', info: opened };
        if (opened?.isSocket()) {
          throw new CalibError('usage', 'leads to a socket, which cannot be opened by its path.', { file: path },
            'Leave out the output flag to have the result on stdout, or name a file.');
        }
      }
      if (code === 'ENOENT') return { target, kind: 'absent' };
      throw writeError(error, path);
    }
    if (info.isSymbolicLink()) {
      if (links >= 40) throw writeError(Object.assign(new Error('too many levels of symbolic links'), { code: 'ELOOP' }), path);
      try {
        target = resolve(dirname(target), await fs.readlink(target));
      } catch (error) {
        throw writeError(error, path);
      }
      continue;
    }
    if (info.isDirectory()) {
      throw new CalibError('usage', 'is a directory, not a file to write.', { file: path },
        `Give the path of a file inside it, such as ${path.endsWith(sep) ? path : path + sep}<name>.`);
    }
    if (info.isFIFO() || info.isCharacterDevice()) return { target, kind: 'stream', info };
    if (!info.isFile()) {
      throw new CalibError('usage', `is a ${info.isSocket() ? 'socket' : 'block device'}, not a file calib may write.`, { file: path },
        'Choose the path of a regular file (calib writes through FIFOs and character devices such as /dev/null, and replaces regular files).');
    }
    if ((info.mode & 0o222) === 0) {
      throw new CalibError('usage', `is read-only (mode ${(info.mode & 0o777).toString(8).padStart(4, '0')}); calib does not ${use === 'append' ? 'append to' : 'replace'} a write-protected file.`,
        { file: path }, `Make it writable first (chmod u+w ${path}) or choose another path.`);
    }
    return { target, kind: 'regular', info };
  }
}

async function refuseInputs(path: string, destination: Destination, options: Omit<AtomicWriteOptions, 'beforeRename'>, fs: WriteFs): Promise<void> {
  const info = destination.info;
  if (info === undefined) return;
  const identities: FileIdentity[] = [...(options.protect ?? [])];
  for (const input of options.inputs ?? []) {
    if (input === '-') continue;
    const inputInfo = await fs.stat(input).catch(() => undefined);
    if (inputInfo) identities.push(inputInfo);
  }
  if (identities.some((identity) => sameFile(identity, info))) throw errorOverInput(path);
}

export function errorOverInput(path: string): CalibError {
  return new CalibError('usage', 'is one of the input files; calib never writes over its input.', { file: path },
    'Choose another output path.');
}

/** Writes every byte (a write may take only part of its buffer). */
async function writeContent(handle: WriteHandle, content: string | Uint8Array | Iterable<string>): Promise<void> {
  if (typeof content === 'string' || content instanceof Uint8Array) {
    await writeAll(handle, typeof content === 'string' ? Buffer.from(content) : content);
    return;
  }
  // Large outputs (calibrated probabilities of 50,000 x 1,000 rows) arrive in chunks so that no
  // single string has to hold the whole file.
  for (const chunk of content) await writeAll(handle, Buffer.from(chunk));
}

async function writeAll(handle: WriteHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    if (bytesWritten <= 0) throw Object.assign(new Error('the write made no progress'), { code: 'EIO' });
    offset += bytesWritten;
  }
}

/** A FIFO or a device: opened for writing as it is (never created, truncated or replaced). */
async function writeThrough(path: string, target: string, content: string | Uint8Array | Iterable<string>, fs: WriteFs): Promise<void> {
  let handle: WriteHandle | undefined;
  try {
    // Write-only, without O_CREAT or O_TRUNC: nothing is created if the FIFO has just gone.
    handle = await fs.open(target, constants.O_WRONLY);
    await writeContent(handle, content);
    const closing = handle;
    handle = undefined;
    await closing.close();
  } catch (error) {
    await handle?.close().catch(() => undefined);
    throw writeError(error, path);
  }
}

/**
 * The reason a write failed, in terms of the path the user gave: the system's message names the
 * temporary file, which the user never asked for.
 */
export function writeError(error: unknown, path: string): CalibError {
  if (error instanceof CalibError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const directory = dirname(path) || '.';
  const keep = 'The previous file, if any, is unchanged.';
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new CalibError('input', `cannot write the file: the directory ${directory} does not exist.`, { file: path },
        `Create it first (mkdir -p ${directory}) or choose another path.`);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new CalibError('input', `cannot write the file: no permission to write in ${directory}.`, { file: path },
        `Choose a writable directory. ${keep}`);
    case 'ENOSPC':
    case 'EDQUOT':
      return new CalibError('input', 'cannot write the file: no space left on the device (the disk is full).', { file: path },
        `Free some space or write elsewhere. ${keep}`);
    case 'EFBIG':
      return new CalibError('input', 'cannot write the file: it would exceed the limit on file size (ulimit -f).', { file: path },
        `Raise the limit or write a smaller output. ${keep}`);
    case 'ELOOP':
      return new CalibError('input', 'cannot write the file: too many levels of symbolic links.', { file: path },
        'Point the link at a real file, or choose another path.');
    default: {
      const reason = error instanceof Error ? error.message : String(error);
      return new CalibError('input', `cannot write the file: ${reason.replace(/\.$/, '')}.`, { file: path },
        `Check that the directory exists and is writable. ${keep}`);
    }
  }
}
