import type { Command } from 'commander';
import type { SliceOptions } from '../app/slices.js';
import { parse } from './options.js';

/** `--group-by`, `--where` and `--min-group-rows`, as given. */
export interface SliceFlags {
  groupBy?: string[];
  where?: string[];
  minGroupRows?: number;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/**
 * The slicing flags (docs/conventions.md, "Slices"): `--where` keeps rows by a column's value
 * (repeatable: a row must satisfy every expression), `--group-by` evaluates each group on its own.
 */
export function addSliceOptions(command: Command, what = 'a per-group table'): Command {
  return command
    .option('--where <expr>', 'keep only the rows where a column has a value: split=test, lang!=en, fold in 1,2, age>=18 (repeatable: all must hold)', collect)
    .option('--group-by <columns>', `group rows by these columns (comma-separated) and add ${what}: rows, share, accuracy, confidence, ECE, NLL, the worst group`, parse.list)
    .option('--min-group-rows <n>', 'groups with fewer rows are reported but not gated and never the worst (default 30)', parse.positiveInteger);
}

/** The slice options from the flags (undefined when none was given). */
export function sliceFrom(flags: SliceFlags): SliceOptions | undefined {
  if (flags.groupBy === undefined && flags.where === undefined && flags.minGroupRows === undefined) return undefined;
  return {
    ...(flags.groupBy !== undefined ? { groupBy: flags.groupBy } : {}),
    ...(flags.where !== undefined ? { where: flags.where } : {}),
    ...(flags.minGroupRows !== undefined ? { minGroupRows: flags.minGroupRows } : {}),
  };
}
