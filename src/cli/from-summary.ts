import type { Command } from 'commander';
import type { SummaryDeps } from '../app/ports.js';
import { CalibError } from '../core/errors.js';
import type { Context } from './context.js';

/** `--from-summary S...` and `--summary-header FILE.json`. */
export function addSummaryOptions(command: Command): Command {
  return command
    .option('--from-summary <summaries...>', 'compute from summaries (calib summarize or calib sql) instead of prediction files: files, directories or globs, merged (.json, .jsonl, .csv, .parquet)')
    .option('--summary-header <file.json>', 'the header of summary tables that have none of their own (CSV, JSON rows or JSON Lines, Parquet from SQL): calib sql --header-out writes it');
}

export interface SummaryFlags {
  fromSummary?: string[];
  summaryHeader?: string;
}

/** What a use case over summaries is given: the summaries read (with --summary-header) and the notes on stderr. */
export function summaryDeps(context: Context, flags: SummaryFlags): SummaryDeps {
  return {
    loadSummaries: async function* (specs) {
      // The summary readers (Parquet, CSV) load only on a run that reads summaries.
      const { readSummaryFiles, readSummaryHeader } = await import('../io/summary-file.js');
      const header = flags.summaryHeader === undefined ? undefined : await readSummaryHeader(flags.summaryHeader);
      yield* readSummaryFiles(specs, header, flags.summaryHeader);
    },
    progress: { note: (text) => context.note(text), warn: (warning) => context.warn(warning.message) },
  };
}

/** An option that a run from summaries cannot honour, and why. */
export interface RowOnlyOption {
  /** commander's attribute name. */
  readonly option: string;
  readonly flag: string;
  readonly why: string;
}

/**
 * Options given on the command line that need rows (or mean nothing without a file): each one is
 * refused with exit 2, naming the option and why. Defaults are not "given".
 */
export function refuseRowOptions(command: Command, options: readonly RowOnlyOption[]): void {
  for (const { option, flag, why } of options) {
    const source = command.getOptionValueSource(option);
    if (source === 'cli' || source === 'env') {
      throw new CalibError('usage', `${flag} cannot go with --from-summary: ${why}.`, undefined,
        `Leave out ${flag}, or run on the prediction files (a sample of them, if they are large).`);
    }
  }
}

/** Reading options that say how to read prediction files: meaningless on a summary, so refused when given. */
export const INPUT_OPTIONS: readonly RowOnlyOption[] = [
  ['label', '--label'], ['scores', '--scores'], ['ignore', '--ignore'], ['classes', '--classes'], ['kind', '--kind'], ['positive', '--positive'],
  ['renormalize', '--renormalize'], ['percent', '--percent'], ['labels', '--labels'], ['key', '--key'],
].map(([option, flag]) => ({ option: option!, flag: flag!, why: 'it says how to read prediction files, and a summary records how its files were read (give it to calib summarize)' }));

export const WHERE_OPTION: RowOnlyOption = { option: 'where', flag: '--where', why: 'it selects rows, and a summary has none (filter with calib summarize --where, or in the SQL query)' };

/** The conventions given on the command line, which must agree with the summary's header. */
export function explicitConventions(command: Command, flags: { probFloor: number }): { binEdges: boolean; binaryView: boolean; probFloor?: number } {
  const given = (option: string): boolean => command.getOptionValueSource(option) === 'cli';
  return { binEdges: given('binEdges'), binaryView: given('binaryView'), ...(given('probFloor') ? { probFloor: flags.probFloor } : {}) };
}

/** With --from-summary, no file argument; without it, one. */
export function requireOneSource(files: readonly string[], flags: SummaryFlags, what: string): void {
  if (flags.fromSummary !== undefined && files.length > 0) {
    throw new CalibError('usage', `${what} takes prediction files or --from-summary, not both (got ${files.join(', ')} and --from-summary).`, undefined,
      'Summarize the files too (calib summarize) and give every summary to --from-summary.');
  }
  if (flags.summaryHeader !== undefined && flags.fromSummary === undefined) {
    throw new CalibError('usage', '--summary-header gives the header of summary tables, and no --from-summary names any.', undefined, 'Add --from-summary TABLE.csv (or .jsonl, .parquet).');
  }
}
