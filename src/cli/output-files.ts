import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { CalibError } from '../core/errors.js';
import {
  appendFileChecked, errorOverInput, inspectDestination, sameFile, writeFileAtomic, type FileIdentity,
} from '../io/atomic-write.js';
import type { Context } from './context.js';

/** --plot and --html, shared by the commands that draw reliability diagrams. */
export function addPlotOptions(command: Command): Command {
  return command
    .option('--plot <file>', 'write the reliability diagram: a standalone SVG file, or a PNG when the name ends in .png')
    .option('--html <file.html>', 'write a self-contained HTML report (summary, diagrams, tables, configuration)')
    .option('--title <text>', 'title of the diagram and the HTML report (default: from the file names)');
}

export interface PlotFlags {
  plot?: string;
  html?: string;
  title?: string;
}

/** One output file of a command: the flag (or variable) that named it and its path. */
export interface OutputClaim {
  readonly flag: string;
  readonly path: string | undefined;
}

/** The files the output may not be: the input read as `-` is the file behind stdin, when it is one. */
function protectedFiles(context: Context, inputs: readonly string[]): FileIdentity[] {
  const stdin = context.io.files?.stdin;
  return stdin && inputs.includes('-') ? [stdin] : [];
}

/** Image and document formats a user may ask for by name that calib does not write. */
const OTHER_FORMATS = /\.(jpe?g|gif|webp|bmp|tiff?|pdf|eps|ps|avif|heic)$/i;

/**
 * Refuses a --plot path whose extension names a format calib does not write (`x.jpg` would get
 * an SVG under a JPEG name): checked before any work, like the other output checks.
 */
export function checkPlotPath(path: string | undefined): void {
  if (path === undefined) return;
  const match = OTHER_FORMATS.exec(path);
  if (!match) return;
  const stem = path.slice(0, path.length - match[0].length);
  throw new CalibError('usage', `--plot writes SVG or PNG, not ${match[1]!.toUpperCase()} (from the name ${path}).`, { file: path },
    `Use --plot ${stem}.svg or --plot ${stem}.png.`);
}

/**
 * Checks a command's output paths before any work, so that a mistake costs no time and loses
 * nothing: two outputs on one file (by path, or by identity: a hard or symbolic link), an output
 * that is an input (by device and inode, so also the file behind `< in.csv` read as `-`), the
 * file stdout is redirected to, a directory, a read-only file, a socket. Usage errors (exit 2).
 */
export async function claimOutputs(context: Context, outputs: readonly OutputClaim[], inputs: readonly string[]): Promise<void> {
  const seen: { flag: string; path: string; resolved: string; identity?: FileIdentity }[] = [];
  const protect = protectedFiles(context, inputs);
  for (const { flag, path } of outputs) {
    if (path === undefined || path === '') continue;
    if (flag === '--plot') checkPlotPath(path);
    const destination = await inspectDestination(path, undefined, flag === 'GITHUB_STEP_SUMMARY' ? 'append' : 'replace');
    const identity = destination.info;
    if (identity) {
      const inputIdentities: FileIdentity[] = [...protect];
      for (const input of inputs) {
        if (input === '-') continue;
        const info = await stat(input).catch(() => undefined);
        if (info) inputIdentities.push(info);
      }
      if (inputIdentities.some((input) => sameFile(input, identity))) throw errorOverInput(path);
      const stdout = context.io.files?.stdout;
      if (stdout && destination.kind === 'regular' && sameFile(stdout, identity)) {
        throw new CalibError('usage', `${flag} names the file that stdout is redirected to; one would overwrite the other.`, { file: path },
          `Redirect stdout elsewhere or give ${flag} another path.`);
      }
    }
    if (destination.kind === 'absent') {
      // A file to create: its directory must be there and be a directory, or all the work before
      // the write is lost to a message at the end.
      const directory = dirname(destination.target);
      const info = await stat(directory).catch(() => undefined);
      if (info === undefined || !info.isDirectory()) {
        throw new CalibError('usage', `cannot write the file: the directory ${directory} does not exist.`, { file: path },
          `Create it first (mkdir -p ${directory}) or choose another path.`);
      }
    }
    const resolved = destination.target;
    const clash = seen.find((other) => other.resolved === resolved || (identity && other.identity && sameFile(other.identity, identity)));
    // Two outputs through /dev/null (or another device) are harmless: nothing is replaced.
    if (clash && destination.kind !== 'stream') {
      throw new CalibError('usage', `${clash.flag} and ${flag} name the same file (${clash.path === path ? path : `${clash.path} and ${path}`}); the second would replace the first.`,
        undefined, 'Give each output its own path.');
    }
    seen.push({ flag, path, resolved: resolve(resolved), ...(identity ? { identity } : {}) });
  }
}

/** Writes an output file atomically, never over an input, and says so on stderr. */
export async function writeOutput(context: Context, path: string, content: string | Uint8Array | Iterable<string>, inputs: readonly string[], what: string): Promise<void> {
  await writeFileAtomic(path, content, { inputs, protect: protectedFiles(context, inputs) });
  context.note(`wrote ${what} to ${path}`);
}

/** Appends to an output file (GITHUB_STEP_SUMMARY), never onto an input; cut back on failure. */
export async function appendOutput(context: Context, path: string, content: string, inputs: readonly string[]): Promise<void> {
  await appendFileChecked(path, content, { inputs, protect: protectedFiles(context, inputs) });
}

/** The clock for "generated at" stamps; SOURCE_DATE_EPOCH makes it reproducible. */
export function generatedAt(env: Context['io']['env']): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  const date = epoch !== undefined && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
