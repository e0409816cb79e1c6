import { CommanderError } from 'commander';
import { CalibError } from '../core/errors.js';
import { Context } from './context.js';
import type { CliIo } from './io.js';
import { buildProgram } from './program.js';

export { nodeIo } from './io.js';
export type { CliIo } from './io.js';

/** Exit codes (documented in the README and --help). */
export const EXIT = { ok: 0, failed: 1, error: 2 } as const;

/**
 * Runs calib with `argv` (without node and the script) and returns the exit code: the only place
 * that turns errors into codes. 0 success, 1 a `check` threshold failed, 2 usage, input or
 * internal error. Never throws and never calls process.exit.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const context = new Context(io);
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
  const message = error instanceof Error ? error.message : String(error);
  context.io.stderr.write(`calib: internal error: ${message}\n  This is a bug in calib; please report it with the command you ran.\n`);
  if (context.io.env.CALIB_DEBUG && error instanceof Error && error.stack) context.io.stderr.write(error.stack + '\n');
  return EXIT.error;
}
