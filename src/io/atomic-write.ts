import { open, rename, rm, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CalibError } from '../core/errors.js';

export interface AtomicWriteOptions {
  /** Paths the command read: the output may not be any of them (compared after resolving links). */
  readonly inputs?: readonly string[];
  /** Test hook: called after the temporary file is written, before the rename. */
  readonly beforeRename?: (tempPath: string) => Promise<void> | void;
}

/**
 * Writes `content` (a string, bytes, or string chunks) to `path` so that readers see either the old file or the whole new one: the
 * data goes to a temporary file in the same directory (same file system, so rename is atomic),
 * is flushed, and is renamed over the target. On any failure the temporary file is removed and
 * the old file is left untouched. Refuses to write over one of the command's inputs.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array | Iterable<string>, options: AtomicWriteOptions = {}): Promise<void> {
  const target = resolve(path);
  await refuseInputs(path, target, options.inputs ?? []);
  try {
    const info = await stat(target);
    if (info.isDirectory()) {
      throw new CalibError('usage', 'is a directory, not a file to write.', { file: path },
        `Give the path of a file inside it, such as ${path.endsWith(sep) ? path : path + sep}<name>.`);
    }
  } catch (error) {
    if (error instanceof CalibError) throw error;
  }
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  let handle;
  try {
    handle = await open(temp, 'wx');
    if (typeof content === 'string' || content instanceof Uint8Array) {
      await handle.writeFile(content);
    } else {
      // Large outputs (calibrated probabilities of 50,000 x 1,000 rows) arrive in chunks so that
      // no single string has to hold the whole file.
      for (const chunk of content) await handle.write(chunk);
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    await options.beforeRename?.(temp);
    await rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    if (error instanceof CalibError) throw error;
    throw writeError(error, path);
  }
}

async function refuseInputs(path: string, target: string, inputs: readonly string[]): Promise<void> {
  const real = await realpath(target).catch(() => target);
  for (const input of inputs) {
    if (input === '-') continue;
    const inputReal = await realpath(resolve(input)).catch(() => resolve(input));
    if (inputReal === real) {
      throw new CalibError('usage', 'is one of the input files; calib never writes over its input.', { file: path },
        'Choose another output path.');
    }
  }
}

/**
 * The reason a write failed, in terms of the path the user gave: the system's message names the
 * temporary file, which the user never asked for.
 */
function writeError(error: unknown, path: string): CalibError {
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
      return new CalibError('input', 'cannot write the file: the disk is full.', { file: path },
        `Free some space or write elsewhere. ${keep}`);
    default: {
      const reason = error instanceof Error ? error.message : String(error);
      return new CalibError('input', `cannot write the file: ${reason}.`, { file: path },
        `Check that the directory exists and is writable. ${keep}`);
    }
  }
}
