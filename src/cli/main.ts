import { CommanderError } from 'commander';
import { CalibError, errors } from '../core/errors.js';
import { addressSpaceLimit } from '../io/address-space.js';
import type { Runtime } from '../parallel/runtime.js';
import { Context } from './context.js';
import type { CliIo } from './io.js';
import { buildProgram } from './program.js';

export { nodeIo } from './io.js';
export { createRuntime, type Runtime, type RuntimeOptions } from '../parallel/runtime.js';
export { relaunchUnderAddressLimit } from './relaunch.js';
export type { CliIo } from './io.js';

export interface MainOptions {
  /**
   * The threads to run on (src/parallel `createRuntime`), instead of the one `--threads` and the
   * machine's cores choose (tests give one that shares out work of any size).
   */
  readonly runtime?: Runtime;
}

/** Exit codes (documented in the README and --help). */
export const EXIT = { ok: 0, failed: 1, error: 2 } as const;

/**
 * Runs calib with `argv` (without node and the script) and returns the exit code: the only place
 * that turns errors into codes. 0 success, 1 a `check` threshold failed, 2 usage, input or
 * internal error. Never throws and never calls process.exit.
 */
export async function main(argv: readonly string[], io: CliIo, options: MainOptions = {}): Promise<number> {
  const context = new Context(io, options.runtime);
  context.argv = argv;
  try {
    const program = await buildProgram(context, argv);
    await program.parseAsync([...argv], { from: 'user' });
    return context.exitCode;
  } catch (error) {
    return handleError(error, context);
  }
}

function handleError(error: unknown, context: Context): number {
  if (error instanceof CommanderError) {
    // Help and --version end with exit 0; every other commander error is a usage error, whose
    // message commander already printed (with a "Did you mean" suggestion when it has one).
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
    if (error.exitCode === 0) return EXIT.ok;
    return EXIT.error;
  }
  if (error instanceof CalibError) {
    context.io.stderr.write(`calib: error: ${error.format()}\n`);
    return EXIT.error;
  }
  const memory = outOfMemory(error);
  if (memory) {
    context.io.stderr.write(`calib: error: ${memory.format()}\n`);
    return EXIT.error;
  }
  const message = error instanceof Error ? error.message : String(error);
  context.io.stderr.write(`calib: internal error: ${message}\n  This is a bug in calib; please report it with the command you ran.\n`);
  if (context.io.env.CALIB_DEBUG && error instanceof Error && error.stack) context.io.stderr.write(error.stack + '\n');
  return EXIT.error;
}

/**
 * A typed array or buffer the memory (or a limit on address space, `ulimit -v`) refused: exit 2
 * with what was asked for, not an internal error. The size is in V8's message for typed arrays;
 * for an ArrayBuffer it is not, and the message says what it can.
 */
function outOfMemory(error: unknown): CalibError | undefined {
  if (!(error instanceof RangeError)) return undefined;
  const limit = addressSpaceLimit();
  const known = Number.isFinite(limit) ? limit : undefined;
  if (/Array buffer allocation failed|Invalid typed array length|Invalid array buffer length/.test(error.message)) {
    const size = /length: (\d+)/.exec(error.message);
    return errors.outOfMemory('an array for the rows', size ? Number(size[1]) * 8 : 0, known);
  }
  if (/Invalid string length/.test(error.message)) {
    return new CalibError('input', 'out of memory: the output is longer than the longest string node can hold (about 512 MiB).', undefined,
      'Ask for less output (fewer bins, no --plot or --html), or split the file into smaller parts.');
  }
  return undefined;
}
