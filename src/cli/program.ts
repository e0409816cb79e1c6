import { Command } from 'commander';
import { VERSION } from '../version.js';
import { registerCheck } from './commands/check.js';
import { registerCompare } from './commands/compare.js';
import { registerReport } from './commands/report.js';
import { registerSmoothing } from './commands/smoothing.js';
import { registerTemperature } from './commands/temperature.js';
import type { Context } from './context.js';

export const EXIT_CODES_HELP = `
Exit codes:
  0  success (for check: every threshold passed)
  1  check: at least one threshold failed
  2  usage error, unreadable or invalid input, or an internal error`;

export function buildProgram(context: Context): Command {
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
    .addHelpText('after', EXIT_CODES_HELP);

  registerReport(program, context);
  registerTemperature(program, context);
  registerSmoothing(program, context);
  registerCheck(program, context);
  registerCompare(program, context);
  for (const command of program.commands) {
    command.exitOverride().showSuggestionAfterError(true).addHelpText('after', EXIT_CODES_HELP);
  }
  return program;
}
