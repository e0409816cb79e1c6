import { Option, type Command } from 'commander';
import { runSummarize } from '../../app/summarize.js';
import { summaryFileContent, summaryJsonChunks, summaryOutputFormat } from '../../io/summary-file.js';
import { DEFAULT_CLASS_GRID, DEFAULT_GRID } from '../../summary/types.js';
import { summaryOf } from '../command-list.js';
import type { Context } from '../context.js';
import { addInputOptions, parse, type InputFlags } from '../options.js';
import { claimOutputs, writeOutput } from '../output-files.js';
import { useCaseDeps } from '../use-case.js';

interface SummarizeFlags extends InputFlags {
  grid: number;
  classGrid: number;
  binEdges: 'right' | 'left';
  binaryView: 'positive' | 'top-label';
  groupBy?: string[];
  where?: string[];
  output?: string;
  quiet: boolean;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function registerSummarize(program: Command, context: Context): void {
  const command = program
    .command('summarize')
    .description(summaryOf('summarize'))
    .argument('<files...>', 'prediction files, directories or globs of shards (each read as report reads it)');
  addInputOptions(command);
  command
    .addOption(new Option('--bin-edges <side>', 'closed side of the fine bins (and of every equal-width bin computed from them)').choices(['right', 'left']).default('right'))
    .addOption(new Option('--binary-view <view>', 'one-column binary input: summarize P(y=1) against the positive rate, or the top-label confidence').choices(['positive', 'top-label']).default('positive'))
    .option('--grid <G>', `fine bins of equal width over [0, 1] (default ${DEFAULT_GRID}; --bins M later needs M to divide it)`, parse.positiveInteger, DEFAULT_GRID)
    .option('--class-grid <C>', `fine bins of each class's probability (default ${DEFAULT_CLASS_GRID}; classwise ECE at --bins M later needs M to divide it)`, parse.positiveInteger, DEFAULT_CLASS_GRID)
    .option('--where <expr>', 'summarize only the rows where a column has a value: split=test, lang!=en (repeatable: all must hold)', collect)
    .option('--group-by <columns>', 'slice columns: one summary per value (comma-separated), for --group-by on --from-summary', parse.list)
    .option('-o, --output <file>', 'write the summary here: .json (the summary document) or .parquet (the long table, the header in its metadata); default stdout (JSON)')
    .option('-q, --quiet', 'no notes on stderr (warnings and errors still print)', false);
  command.action(async (files: string[], flags: SummarizeFlags) => {
    context.quiet = flags.quiet;
    if (flags.output !== undefined) summaryOutputFormat(flags.output);
    await claimOutputs(context, [{ flag: '--output', path: flags.output }], files);
    const slice = { ...(flags.groupBy ? { groupBy: flags.groupBy } : {}), ...(flags.where ? { where: flags.where } : {}) };
    const summary = await runSummarize({
      files, grid: flags.grid, classGrid: flags.classGrid, edges: flags.binEdges, binaryView: flags.binaryView, probFloor: flags.probFloor, slice,
    }, useCaseDeps(context, flags));
    if (flags.output === undefined) {
      for (const chunk of summaryJsonChunks(summary)) context.out(chunk);
      return;
    }
    await writeOutput(context, flags.output, summaryFileContent(flags.output, summary), files, 'the summary');
  });
}
