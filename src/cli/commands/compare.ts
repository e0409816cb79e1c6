import { Option, type Command } from 'commander';
import { checkCompareOptions, runCompare, type CompareOptions } from '../../app/compare.js';
import { compareHtml, renderCompareCsv, renderCompareMarkdown, renderCompareTable } from '../../report/compare/index.js';
import { renderJson } from '../../report/json.js';
import { existsSync } from 'node:fs';
import { CalibError } from '../../core/errors.js';
import { modelNameFromFile } from '../../compare/names.js';
import { renderHtmlReport } from '../../report/diagram/index.js';
import { VERSION } from '../../version.js';
import { writePlot } from '../plot-output.js';
import { summaryOf } from '../command-list.js';
import type { Context } from '../context.js';
import { addColorOption, addInputOptions, addMetricOptions, parse, type InputFlags, type MetricFlags } from '../options.js';
import { addPlotOptions, claimOutputs, generatedAt, writeOutput, type PlotFlags } from '../output-files.js';
import { useCaseDeps } from '../use-case.js';
import { addSummaryOptions, explicitConventions, INPUT_OPTIONS, refuseRowOptions, requireOneSource, summaryDeps, WHERE_OPTION, type SummaryFlags } from '../from-summary.js';
import { addSliceOptions, sliceFrom, type SliceFlags } from '../slice-options.js';
import { groupsHtmlTable, renderGroupsCsv, renderGroupsMarkdown, renderGroupsTable } from '../../report/groups/render.js';
import { csvField } from '../../report/format.js';

interface CompareFlags extends InputFlags, MetricFlags, PlotFlags, SliceFlags, SummaryFlags {
  id?: string;
  pair: 'exact' | 'inner';
  names?: string[];
  temperature: boolean;
  cv: number;
  bootstrap?: number;
  seed: number;
  confidence: number;
  format: 'table' | 'json' | 'markdown' | 'csv';
  color?: boolean;
  quiet: boolean;
}

export function registerCompare(program: Command, context: Context): void {
  const command = program
    .command('compare')
    .description(summaryOf('compare'))
    .argument('[files...]', 'two or more prediction files, each as path or name=path; the first is the baseline (none with --from-summary)')
    .option('--names <list>', 'model names, comma-separated, in file order (default: the file names)', parse.list)
    .option('--temperature', 'also compare after temperature scaling (cross-fitted per model), the fair comparison (Guo et al. 2017)', false)
    .option('--cv <k>', 'folds of the cross-fitted temperature', parse.positiveInteger, 5)
    .option('--bootstrap <n>', 'bootstrap intervals for every delta from n resamples (paired when the files hold the same examples)', parse.resamples)
    .option('--seed <n>', 'seed of the bootstrap and of the folds', parse.nonNegativeInteger, 0)
    .option('--confidence <level>', 'confidence level of the intervals', parse.openUnitInterval, 0.95);
  command
    .option('--id <column>', 'pair rows across files by this column of ids, whatever their order (default: a column every file names like an id, when the ids match)')
    .addOption(new Option('--pair <mode>', 'with ids: every id must be in every file (exact), or only the ids all files share are compared (inner, dropped rows counted)').choices(['exact', 'inner']).default('exact'));
  addInputOptions(command);
  addMetricOptions(command);
  addSliceOptions(command, 'each model\'s per-group table');
  addSummaryOptions(command);
  command.addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'markdown', 'csv']).default('table'));
  addPlotOptions(command);
  addColorOption(command);
  command.option('-q, --quiet', 'no notes on stderr (warnings and errors still print)', false);
  command.action(async (args: string[], flags: CompareFlags) => {
    context.quiet = flags.quiet;
    requireOneSource(args, flags, 'compare');
    if (flags.fromSummary !== undefined) {
      await compareFromSummary(context, command, flags);
      return;
    }
    const { files, names } = modelArguments(args, flags);
    const options: CompareOptions = {
      files, temperature: flags.temperature, cv: flags.cv, seed: flags.seed, confidence: flags.confidence, metric: flags,
      diagram: Boolean(flags.plot || flags.html), pair: flags.pair,
      ...(flags.id !== undefined ? { id: flags.id } : {}), ...(sliceFrom(flags) ? { slice: sliceFrom(flags)! } : {}),
      ...(names !== undefined ? { names } : {}), ...(flags.title !== undefined ? { title: flags.title } : {}), ...(flags.bootstrap !== undefined ? { bootstrap: flags.bootstrap } : {}),
    };
    checkCompareOptions(options);
    await claimOutputs(context, [{ flag: '--plot', path: flags.plot }, { flag: '--html', path: flags.html }], files);
    const run = await runCompare(options, useCaseDeps(context, flags));
    const { raw, scaled } = run;
    const warnings = run.warnings.map((w) => w.message);
    if (run.diagram) {
      if (flags.plot) await writePlot(context, flags.plot, run.diagram, files, 'the comparison diagram');
      if (flags.html) {
        const html = compareHtml(raw, scaled, run.diagram, generatedAt(context.io.env), { warnings, ...(flags.title !== undefined ? { title: flags.title } : {}) });
        html.version = VERSION;
        html.command = context.commandLine();
        run.groups?.forEach((doc, i) => {
          const model = raw.models[i]!;
          html.sections[0]!.tables!.push({ ...groupsHtmlTable(doc, model), caption: `${model.name}: ${groupsHtmlTable(doc, model).caption}` });
        });
        await writeOutput(context, flags.html, renderHtmlReport(html), files, 'the HTML report');
      }
    }
    const colorLevel = context.stdoutColor(flags.color);
    const groups = run.groups ?? [];
    switch (flags.format) {
      case 'json': context.out(renderJson(run.document)); break;
      case 'csv':
        // With --group-by the CSV is every model's per-group table, a `model` column first.
        if (groups.length > 0) {
          context.out(groups.map((doc, i) => {
            const lines = renderGroupsCsv(doc, raw.models[i]!).trimEnd().split('\n');
            return lines.map((line, j) => (j === 0 ? (i === 0 ? `model,${line}` : '') : `${csvField(raw.models[i]!.name)},${line}`)).filter((l) => l !== '').join('\n');
          }).join('\n') + '\n');
          break;
        }
        context.out(renderCompareCsv(raw) + (scaled ? renderCompareCsv(scaled).split('\n').slice(1).join('\n') : ''));
        break;
      case 'markdown':
        context.out(renderCompareMarkdown(raw, { warnings })
          + (scaled ? `\n#### After temperature scaling (cross-fitted, ${flags.cv} folds)\n\n${renderCompareMarkdown(scaled)}` : '')
          + groups.map((doc, i) => `\n#### ${raw.models[i]!.name}\n\n${renderGroupsMarkdown(doc, raw.models[i]!)}\n`).join(''));
        break;
      default:
        context.out(renderCompareTable(raw, { colorLevel })
          + (scaled ? `\nAfter temperature scaling (cross-fitted, ${flags.cv} folds, seed ${flags.seed}):\n${renderCompareTable(scaled, { colorLevel })}` : '')
          + groups.map((doc, i) => `\n${raw.models[i]!.name}: ${renderGroupsTable(doc, raw.models[i]!, colorLevel)}\n`).join(''));
    }
  });
}

/** Options of `compare` that need rows, refused with --from-summary. */
const COMPARE_ROW_OPTIONS = [
  ...INPUT_OPTIONS, WHERE_OPTION,
  { option: 'temperature', flag: '--temperature', why: 'the cross-fitted temperature is fitted on rows' },
  { option: 'cv', flag: '--cv', why: 'it sets the folds of the temperature fit, which needs rows' },
  { option: 'id', flag: '--id', why: 'it pairs rows across files' },
  { option: 'pair', flag: '--pair', why: 'it pairs rows across files' },
  { option: 'plot', flag: '--plot', why: 'the comparison diagram is drawn from rows' },
  { option: 'html', flag: '--html', why: 'the HTML report draws diagrams from rows' },
];

/** `compare --from-summary a=S1 b=S2`: each model's summaries merged, the models side by side (unpaired, no intervals). */
async function compareFromSummary(context: Context, command: Command, flags: CompareFlags): Promise<void> {
  refuseRowOptions(command, COMPARE_ROW_OPTIONS);
  const { files, names } = modelArguments(flags.fromSummary!, flags);
  const { runCompareFromSummary } = await import('../../app/from-summary.js');
  const run = await runCompareFromSummary({
    models: files.map((file, i) => ({ specs: [file], ...(names?.[i] !== undefined ? { name: names[i] } : {}) })),
    metric: flags, explicit: explicitConventions(command, flags),
    // --bootstrap N: paired intervals from every model's N replicates (refused, naming why, when a summary has none).
    ...(flags.bootstrap !== undefined ? { bootstrap: flags.bootstrap, confidence: flags.confidence } : {}),
    ...(flags.groupBy ? { groupBy: flags.groupBy } : {}), ...(flags.minGroupRows !== undefined ? { minGroupRows: flags.minGroupRows } : {}),
  }, summaryDeps(context, flags));
  context.note(`${run.raw.paired ? 'paired' : 'unpaired'} comparison: ${run.raw.pairingReason}`);
  const raw = run.raw;
  const groups = run.groups ?? [];
  const approximate = run.document.models.flatMap((m) => ((m.approximate as { metric: string; bound: number | null }[] | undefined) ?? [])
    .map((a) => `${String(m.name)}: ${a.metric}${a.bound === null ? '' : ` (within ${a.bound.toExponential(2)})`}`));
  const note = approximate.length > 0 ? `Approximate (from fine bins; bounds in the JSON): ${approximate.join('; ')}.\n` : '';
  switch (flags.format) {
    case 'json': context.out(renderJson(run.document)); break;
    case 'csv': context.out(renderCompareCsv(raw)); break;
    case 'markdown':
      context.out(renderCompareMarkdown(raw, { warnings: [] }) + (note ? `\n${note}` : '')
        + groups.map((doc, i) => `\n#### ${raw.models[i]!.name}\n\n${renderGroupsMarkdown(doc, raw.models[i]!)}\n`).join(''));
      break;
    default: {
      const colorLevel = context.stdoutColor(flags.color);
      context.out(renderCompareTable(raw, { colorLevel }) + note
        + groups.map((doc, i) => `\n${raw.models[i]!.name}: ${renderGroupsTable(doc, raw.models[i]!, colorLevel)}\n`).join(''));
    }
  }
}

/**
 * The positional arguments of compare: a path, or `name=path` (the name before the first `=`,
 * with no path separator in it) when no file is called that whole argument.
 */
function modelArguments(args: readonly string[], flags: CompareFlags): { files: string[]; names: string[] | undefined } {
  // (--labels is not an alias here: it names a labels file for .npy scores, as in every command.)
  const listed = flags.names;
  const parsed = args.map((arg) => {
    const m = /^([^=/\\]+)=(.+)$/.exec(arg);
    return m && !existsSync(arg) ? { file: m[2]!, name: m[1]! } : { file: arg };
  });
  const named = parsed.filter((p) => p.name !== undefined).length;
  if (named > 0 && listed !== undefined) {
    throw new CalibError('usage', '--names and name=path arguments both name the models.', undefined,
      'Name the models one way: name=path arguments, or --names in file order.');
  }
  const files = parsed.map((p) => p.file);
  if (named === 0) return { files, names: listed };
  return { files, names: parsed.map((p) => p.name ?? modelNameFromFile(p.file)) };
}
