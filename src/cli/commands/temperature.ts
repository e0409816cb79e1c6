import { Option, type Command } from 'commander';
import { checkTemperatureOptions, runTemperature, type TemperatureOptions } from '../../app/temperature.js';
import { renderHtmlReport } from '../../report/diagram/index.js';
import { VERSION } from '../../version.js';
import { writePlot } from '../plot-output.js';
import { calibratedContent } from '../../report/temperature/calibrated-files.js';
import { renderTemperatureJson } from '../../report/temperature/json.js';
import { renderTemperatureMarkdown } from '../../report/temperature/markdown.js';
import { renderTemperatureTable } from '../../report/temperature/table.js';
import { temperatureDiagram, temperatureHtml } from '../../report/temperature/visual.js';
import { summaryOf } from '../command-list.js';
import type { Context } from '../context.js';
import { addColorOption, addInputOptions, addMetricOptions, parse, type InputFlags, type MetricFlags } from '../options.js';
import { addPlotOptions, claimOutputs, generatedAt, writeOutput, type PlotFlags } from '../output-files.js';
import { useCaseDeps } from '../use-case.js';
import { addSliceOptions, sliceFrom, type SliceFlags } from '../slice-options.js';
import { renderTemperatureGroupsMarkdown, renderTemperatureGroupsTable, temperatureGroupsHtmlTables } from '../../report/temperature/groups.js';

interface TemperatureFlags extends InputFlags, MetricFlags, PlotFlags, SliceFlags {
  fitPerGroup: boolean;
  apply?: string;
  write?: string;
  cv: number;
  seed: number;
  inSample: boolean;
  format: 'table' | 'json' | 'markdown';
  color?: boolean;
  quiet: boolean;
}

export function registerTemperature(program: Command, context: Context): void {
  const command = program
    .command('temperature')
    .description(summaryOf('temperature'))
    .argument('<file>', 'prediction CSV to fit T on (validation set)');
  command
    .option('--apply <file>', 'evaluate (and --write) on this file, scaled by the T fitted on <file>')
    .option('--write <file>', 'write calibrated probabilities (of --apply\'s file if given, else of <file>): .npy, .parquet, else CSV')
    .option('--cv <k>', 'without --apply: cross-fit over k stratified folds for honest "after" numbers', parse.positiveInteger, 5)
    .option('--seed <n>', 'seed of the cross-fitting folds', parse.nonNegativeInteger, 0)
    .option('--in-sample', 'measure "after" on the fit rows themselves (optimistic; labelled so)', false);
  addInputOptions(command);
  addMetricOptions(command);
  addSliceOptions(command, 'every group before and after scaling (by the global T unless --fit-per-group)');
  command.option('--fit-per-group', 'with --group-by: fit a temperature per group (groups under --min-group-rows keep the global T)', false);
  command.addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'));
  addPlotOptions(command);
  addColorOption(command);
  command.option('-q, --quiet', 'no notes on stderr (warnings and errors still print)', false);
  command.action(async (file: string, flags: TemperatureFlags) => {
    context.quiet = flags.quiet;
    const options: TemperatureOptions = {
      file, cv: flags.cv, seed: flags.seed, inSample: flags.inSample, metric: flags, input: flags,
      ...(flags.apply !== undefined ? { apply: flags.apply } : {}), ...(flags.write !== undefined ? { write: flags.write } : {}),
      ...(sliceFrom(flags) ? { slice: sliceFrom(flags)! } : {}), ...(flags.fitPerGroup ? { fitPerGroup: true } : {}),
    };
    checkTemperatureOptions(options, flags.labels);
    const inputs = flags.apply !== undefined ? [file, flags.apply] : [file];
    await claimOutputs(context, [{ flag: '--write', path: flags.write }, { flag: '--plot', path: flags.plot }, { flag: '--html', path: flags.html }], inputs);
    const { document: doc, calibrated } = await runTemperature(options, useCaseDeps(context, flags));
    if (flags.write !== undefined && calibrated) await writeOutput(context, flags.write, calibratedContent(flags.write, calibrated), inputs, 'calibrated probabilities');
    const visual = { ...(flags.title !== undefined ? { title: flags.title } : {}), version: VERSION, command: context.commandLine() };
    if (flags.plot) await writePlot(context, flags.plot, temperatureDiagram(doc, visual), inputs, 'the before/after diagram');
    if (flags.html) {
      const html = temperatureHtml(doc, generatedAt(context.io.env), visual);
      html.sections[0]?.tables?.push(...temperatureGroupsHtmlTables(doc));
      await writeOutput(context, flags.html, renderHtmlReport(html), inputs, 'the HTML report');
    }
    switch (flags.format) {
      case 'json': context.out(renderTemperatureJson(doc)); break;
      case 'markdown': context.out(renderTemperatureMarkdown(doc) + renderTemperatureGroupsMarkdown(doc)); break;
      default: context.out(renderTemperatureTable(doc, context.stdoutColor(flags.color)) + renderTemperatureGroupsTable(doc, context.stdoutColor(flags.color)));
    }
  });
}
