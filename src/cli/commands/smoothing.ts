import { InvalidArgumentError, Option, type Command } from 'commander';
import { renderJson } from '../../report/json.js';
import { renderSmoothingMarkdown } from '../../report/smoothing/markdown.js';
import { renderSmoothingTable } from '../../report/smoothing/table.js';
import { runSmoothing } from '../../app/smoothing.js';
import { summaryOf } from '../command-list.js';
import type { Context } from '../context.js';
import { objectivePoolFor } from '../../parallel/objective-pool.js';
import { addColorOption, addInputOptions, type InputFlags } from '../options.js';
import { PARALLEL, useCaseDeps } from '../use-case.js';

interface SmoothingFlags extends InputFlags {
  alpha: number[];
  prior: 'uniform' | 'empirical';
  format: 'table' | 'json' | 'markdown';
  color?: boolean;
  quiet: boolean;
}

/** `--alpha 0.05,0.1`: every value in [0, 1), as docs/conventions.md requires. */
export function parseAlphas(value: string): number[] {
  const items = value.split(',').map((s) => s.trim());
  return items.map((item) => {
    const a = Number(item);
    if (item === '' || !Number.isFinite(a) || a < 0 || a >= 1) {
      throw new InvalidArgumentError(`${JSON.stringify(item)} is not a smoothing amount in [0, 1); give a list such as 0,0.05,0.1,0.2.`);
    }
    return a;
  });
}

export function registerSmoothing(program: Command, context: Context): void {
  const command = program
    .command('smoothing')
    .description(summaryOf('smoothing'))
    .argument('<file>', 'prediction CSV (.csv, .csv.gz, or - for stdin)')
    .option('--alpha <list>', 'smoothing amounts a in [0, 1), comma-separated', parseAlphas, [0, 0.05, 0.1, 0.2])
    .addOption(new Option('--prior <prior>', 'smoothing prior u: uniform 1/K, or the class frequencies of the labels').choices(['uniform', 'empirical']).default('uniform'));
  addInputOptions(command);
  command.addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'));
  addColorOption(command);
  command.option('-q, --quiet', 'no notes on stderr (warnings and errors still print)', false);
  command.action(async (file: string, flags: SmoothingFlags) => {
    context.quiet = flags.quiet;
    const parallel = { ...PARALLEL, objectivePool: (scores: Float64Array) => objectivePoolFor(scores) };
    const { document: doc } = await runSmoothing({ file, alphas: flags.alpha, prior: flags.prior }, useCaseDeps(context, flags, parallel));
    switch (flags.format) {
      case 'json': context.out(renderJson(doc)); break;
      case 'markdown': context.out(renderSmoothingMarkdown(doc)); break;
      default: context.out(renderSmoothingTable(doc, context.stdoutColor(flags.color)));
    }
  });
}
