import { Command } from 'commander';
import { VERSION } from '../version.js';
import { COMMANDS } from './command-list.js';
import type { Context } from './context.js';

export const EXIT_CODES_HELP = `
Exit codes:
  0  success (for check: every threshold passed)
  1  check: at least one threshold failed
  2  usage error, unreadable or invalid input, or an internal error`;

/**
 * The commander program for `argv`. Only the command being run (or asked about with `help`) is
 * loaded in full; the others are listed from the command table, which is all help needs.
 */
export async function buildProgram(context: Context, argv: readonly string[]): Promise<Command> {
  const program = new Command('calib')
    .description('How far can a classifier\'s confidence be trusted? Calibration metrics from prediction CSVs.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => context.io.stdout.write(text),
      writeErr: (text) => context.io.stderr.write(text),
      outputError: (text, write) => write(text.replace(/^error:/, 'calib: error:')),
    })
    .option('--threads <n>', 'threads for the long loops (default: every core; 1: no worker threads)')
    .configureHelp({ showGlobalOptions: true })
    .hook('preAction', async (thisCommand) => {
      const threads = (thisCommand.opts() as { threads?: string }).threads;
      if (threads !== undefined) context.threadsFlag = (await import('./runtime.js')).parseThreadsFlag(threads);
    })
    .addHelpText('after', EXIT_CODES_HELP);

  // The command is the first word that is neither a flag nor the value of the global --threads.
  const first = argv.findIndex((arg, i) => !arg.startsWith('-') && argv[i - 1] !== '--threads');
  const wanted = argv[first] === 'help' ? argv[first + 1] : argv[first];
  for (const entry of COMMANDS) {
    if (entry.name === wanted) {
      (await entry.load())(program, context);
    } else {
      program.command(entry.name).usage(entry.usage).description(entry.summary);
    }
  }
  for (const command of program.commands) {
    command.exitOverride().showSuggestionAfterError(true).addHelpText('after', EXIT_CODES_HELP);
  }
  return program;
}
