import type { Command } from 'commander';
import type { Context } from './context.js';

type Register = (program: Command, context: Context) => void;

/**
 * calib's commands. Each command's module (with the metric core, renderers and CSV reader it
 * pulls in) is imported only when that command runs, so `calib --help` and a small `report`
 * start quickly; the others appear in help from this table.
 */
export const COMMANDS: ReadonlyArray<{ name: string; summary: string; usage: string; load: () => Promise<Register> }> = [
  {
    name: 'inspect', usage: '[options] <file>',
    summary: 'how calib reads a file, before any metric: every column\'s role, type, range and the reason; the label, the classes and the kind of scores (run it first on a new export)',
    load: async () => (await import('./commands/inspect.js')).registerInspect,
  },
  {
    name: 'report', usage: '[options] <file>',
    summary: 'reliability table, ECE, MCE, ACE, classwise ECE, NLL, Brier and the overconfidence gap of one prediction file',
    load: async () => (await import('./commands/report.js')).registerReport,
  },
  {
    name: 'temperature', usage: '[options] <file>',
    summary: 'fit temperature scaling (Guo et al. 2017) and show every metric before and after, on data the fit did not see',
    load: async () => (await import('./commands/temperature.js')).registerTemperature,
  },
  {
    name: 'smoothing', usage: '[options] <file>',
    summary: 'what-if label smoothing: the loss these predictions would have under smoothed targets, and the logit gap smoothing aims for',
    load: async () => (await import('./commands/smoothing.js')).registerSmoothing,
  },
  {
    name: 'summarize', usage: '[options] <files...>',
    summary: 'the sufficient statistics of prediction files on a fine grid (a summary): shards summarized apart merge by addition, and report, check and compare read them with --from-summary',
    load: async () => (await import('./commands/summarize.js')).registerSummarize,
  },
  {
    name: 'check', usage: '[options] <file>',
    summary: 'gate CI on calibration: compare metrics with thresholds; exit 0 if all pass, 1 if any fails',
    load: async () => (await import('./commands/check.js')).registerCheck,
  },
  {
    name: 'compare', usage: '[options] <files...>',
    summary: 'several models side by side: one column per model, best marked, deltas against the first with bootstrap intervals',
    load: async () => (await import('./commands/compare.js')).registerCompare,
  },
  {
    name: 'sql', usage: '[options]',
    summary: 'print one query (DuckDB, PostgreSQL, Spark or BigQuery) that computes calib\'s summary of a table inside its engine, or the temperature-scaling objective',
    load: async () => (await import('./commands/sql.js')).registerSql,
  },
];

export function summaryOf(name: string): string {
  return COMMANDS.find((c) => c.name === name)?.summary ?? '';
}
