import { Option, type Command } from 'commander';
import { CalibError, errors } from '../../core/errors.js';
import { compareModels, type CompareResult, type ModelInput } from '../../compare/index.js';
import { crossFitTemperature } from '../../fit/index.js';
import { evaluate } from '../../metrics/evaluate.js';
import { compareJsonDocument, renderCompareCsv, renderCompareMarkdown, renderCompareTable } from '../../report/compare/index.js';
import { renderJson } from '../../report/json.js';
import { existsSync } from 'node:fs';
import { modelNameFromFile } from '../../compare/names.js';
import { renderHtmlReport, type DiagramInput, type HtmlReportInput } from '../../report/diagram/index.js';
import { compareDeltaHtmlTable } from '../../report/compare/html.js';
import { binAccuracyIntervals } from '../../stats/intervals.js';
import { VERSION } from '../../version.js';
import { writePlot } from '../plot-output.js';
import { fixed } from '../../report/format.js';
import { estimatorBins } from '../../report/report/document.js';
import { summaryOf } from '../command-list.js';
import type { Context } from '../context.js';
import type { ColumnDecision } from '../../io/select-columns.js';
import { finiteMetrics, loadPredictions } from '../load.js';
import { withObjectivePool } from '../../parallel/objective-pool.js';
import { TWO_THREADS } from '../../parallel/two-threads.js';
import {
  addColorOption, addInputOptions, addMetricOptions, metricConfigFrom, parse, type InputFlags, type MetricFlags,
} from '../options.js';
import { addPlotOptions, claimOutputs, generatedAt, writeOutput, type PlotFlags } from '../output-files.js';

interface CompareFlags extends InputFlags, MetricFlags, PlotFlags {
  names?: string[];
  labels?: string[];
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
    .argument('<files...>', 'two or more prediction CSVs, each as path or name=path; the first is the baseline')
    .option('--names <list>', 'model names, comma-separated, in file order (default: the file names)', parse.list)
    .option('--labels <list>', 'the same as --names', parse.list)
    .option('--temperature', 'also compare after temperature scaling (cross-fitted per model), the fair comparison (Guo et al. 2017)', false)
    .option('--cv <k>', 'folds of the cross-fitted temperature', parse.positiveInteger, 5)
    .option('--bootstrap <n>', 'bootstrap intervals for every delta from n resamples (paired when the files hold the same examples)', parse.resamples)
    .option('--seed <n>', 'seed of the bootstrap and of the folds', parse.nonNegativeInteger, 0)
    .option('--confidence <level>', 'confidence level of the intervals', parse.openUnitInterval, 0.95);
  addInputOptions(command);
  addMetricOptions(command);
  command.addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'markdown', 'csv']).default('table'));
  addPlotOptions(command);
  addColorOption(command);
  command.option('-q, --quiet', 'no notes on stderr (warnings and errors still print)', false);
  command.action(async (args: string[], flags: CompareFlags) => {
    context.quiet = flags.quiet;
    if (args.length < 2) throw new CalibError('usage', 'compare needs at least two prediction files.', undefined, 'Name two or more files; the first is the baseline.');
    const { files, names } = modelArguments(args, flags);
    flags.names = names;
    if (flags.names !== undefined && flags.names.length !== files.length) {
      throw new CalibError('usage', `--names gives ${flags.names.length} names for ${files.length} files.`, undefined, 'Give one name per file, in file order.');
    }
    if (files.filter((file) => file === '-').length > 1) throw errors.stdinTwice();
    await claimOutputs(context, [{ flag: '--plot', path: flags.plot }, { flag: '--html', path: flags.html }], files);
    const inputs: ModelInput[] = [];
    const columns: ColumnDecision[][] = [];
    const readWarnings: string[] = [];
    for (const [index, file] of files.entries()) {
      const read = await loadPredictions(file, flags, context, { shared: flags.temperature === true });
      columns.push(read.columns);
      readWarnings.push(...read.warnings.map((w) => `${file}: ${w}`));
      inputs.push({ file, preds: read.predictions, ...(flags.names ? { name: flags.names[index]! } : {}) });
    }
    const metric = metricConfigFrom(flags, Math.min(...inputs.map((m) => m.preds.rows)));
    const bootstrap = flags.bootstrap === undefined ? undefined : { resamples: flags.bootstrap, seed: flags.seed, confidence: flags.confidence };
    if (bootstrap) context.note(`bootstrapping ${bootstrap.resamples} resamples (seed ${bootstrap.seed})...`);
    const raw = compareModels(inputs, metric, { ...(bootstrap ? { bootstrap } : {}), evaluation: TWO_THREADS });
    let scaled: CompareResult | undefined;
    let scaledInputs: ModelInput[] | undefined;
    if (flags.temperature) {
      scaledInputs = inputs.map((m) => ({
        ...m,
        temperature: withObjectivePool(m.preds.scores, (objective) =>
          crossFitTemperature(m.preds, { folds: flags.cv, seed: flags.seed, ...(objective ? { objective } : {}) }).perRow),
      }));
      scaled = compareModels(scaledInputs, metric, { ...(bootstrap ? { bootstrap } : {}), evaluation: TWO_THREADS });
    }
    for (const model of raw.models) finiteMetrics(model, model.file);
    for (const model of scaled?.models ?? []) finiteMetrics(model, model.file, ' after temperature scaling');
    for (const warning of raw.warnings) context.warn(warning);
    if (!raw.paired) context.note(`unpaired comparison: ${raw.pairingReason}`);

    const allFiles = [...files];
    if (flags.plot || flags.html) {
      const diagram = compareDiagram(raw, inputs, metric, scaledInputs, flags.title);
      if (flags.plot) await writePlot(context, flags.plot, diagram, allFiles, 'the comparison diagram');
      if (flags.html) {
        const html = compareHtml(raw, scaled, diagram, generatedAt(context.io.env), { readWarnings, ...(flags.title !== undefined ? { title: flags.title } : {}) });
        html.version = VERSION;
        html.command = context.commandLine();
        html.sections[0]!.moreDiagrams = [modelsSideBySide(diagram)];
        await writeOutput(context, flags.html, renderHtmlReport(html), allFiles, 'the HTML report');
      }
    }

    const colorLevel = context.stdoutColor(flags.color);
    switch (flags.format) {
      case 'json': {
        const conventions = {
          bins: metric.bins, bins_rule: flags.bins === 'auto' ? 'auto' : 'fixed', binning: metric.binning, bin_edges: metric.edges,
          binary_view: metric.binaryView, estimators: estimatorBins(metric),
        };
        const doc = compareJsonDocument(raw, conventions);
        // The inputs' own warnings (the probability floor's hits, ...) before the comparison's.
        doc.warnings = [...readWarnings, ...raw.warnings];
        // How each file was read: its columns' roles (README "Input files").
        doc.models.forEach((model, i) => { model.columns = columns[i]; });
        if (scaled) doc.after_temperature = { folds: flags.cv, seed: flags.seed, ...compareJsonDocument(scaled) };
        context.out(renderJson(doc));
        break;
      }
      case 'csv': context.out(renderCompareCsv(raw) + (scaled ? renderCompareCsv(scaled).split('\n').slice(1).join('\n') : '')); break;
      case 'markdown': context.out(renderCompareMarkdown(raw) + (scaled ? `\n#### After temperature scaling (cross-fitted, ${flags.cv} folds)\n\n${renderCompareMarkdown(scaled)}` : '')); break;
      default:
        context.out(renderCompareTable(raw, { colorLevel })
          + (scaled ? `\nAfter temperature scaling (cross-fitted, ${flags.cv} folds, seed ${flags.seed}):\n${renderCompareTable(scaled, { colorLevel })}` : ''));
    }
  });
}

/** One panel with one series per model (and one per model after temperature, when asked). */
function compareDiagram(result: CompareResult, inputs: readonly ModelInput[], metric: ReturnType<typeof metricConfigFrom>, scaled?: readonly ModelInput[], title?: string): DiagramInput {
  const series = inputs.map((m, i) => {
    const { bins, metrics } = evaluate(m.preds, metric);
    return { name: result.models[i]!.name, bins, ece: metrics.ece, n: m.preds.rows, intervals: binAccuracyIntervals(bins, 'wilson', 0.95).intervals };
  });
  const panels = [{ title: 'Reliability', series }];
  if (scaled) {
    panels.push({
      title: 'After temperature scaling (cross-fitted)',
      series: scaled.map((m, i) => {
        const { bins, metrics } = evaluate(m.preds, metric, { temperature: m.temperature! });
        return { name: result.models[i]!.name, bins, ece: metrics.ece, n: m.preds.rows, intervals: binAccuracyIntervals(bins, 'wilson', 0.95).intervals };
      }),
    });
  }
  return { title: title ?? `calib compare: ${result.models.map((m) => m.name).join(', ')}`, panels: title && panels.length === 1 ? [{ ...panels[0]!, title }] : panels };
}

/** Each model's own binned diagram, side by side (from the overlay's first panel). */
function modelsSideBySide(overlay: DiagramInput): DiagramInput {
  const [first] = overlay.panels;
  return {
    title: `${overlay.title ?? 'Models'}, one diagram per model`,
    columns: Math.min(3, first?.series.length ?? 1),
    panels: (first?.series ?? []).map((s) => ({ title: s.name, series: [s] })),
  };
}

/**
 * The positional arguments of compare: a path, or `name=path` (the name before the first `=`,
 * with no path separator in it) when no file is called that whole argument.
 */
function modelArguments(args: readonly string[], flags: CompareFlags): { files: string[]; names: string[] | undefined } {
  if (flags.names !== undefined && flags.labels !== undefined) {
    throw new CalibError('usage', '--names and --labels are the same option, given twice.', undefined, 'Keep one of them.');
  }
  const listed = flags.names ?? flags.labels;
  const parsed = args.map((arg) => {
    const m = /^([^=/\\]+)=(.+)$/.exec(arg);
    return m && !existsSync(arg) ? { file: m[2]!, name: m[1]! } : { file: arg };
  });
  const named = parsed.filter((p) => p.name !== undefined).length;
  if (named > 0 && listed !== undefined) {
    throw new CalibError('usage', `${flags.names ? '--names' : '--labels'} and name=path arguments both name the models.`, undefined,
      'Name the models one way: name=path arguments, or --names in file order.');
  }
  const files = parsed.map((p) => p.file);
  if (named === 0) return { files, names: listed };
  return { files, names: parsed.map((p) => p.name ?? modelNameFromFile(p.file)) };
}

function compareHtml(raw: CompareResult, scaled: CompareResult | undefined, diagram: DiagramInput, at: string,
  options: { readWarnings: readonly string[]; title?: string }): HtmlReportInput {
  const table = (result: CompareResult, caption: string) => ({
    caption,
    columns: ['metric', ...result.models.map((m) => m.name)],
    rows: Object.keys(result.models[0]!.metrics).map((name) => [name, ...result.models.map((m) => {
      const value = fixed(m.metrics[name as keyof typeof m.metrics]);
      return result.best[name as keyof typeof result.best]?.includes(m.name) ? `${value} *` : value;
    })]),
  });
  return {
    title: options.title ?? `calib compare: ${raw.models.map((m) => m.name).join(', ')}`,
    generatedAt: at,
    warnings: [...options.readWarnings, ...raw.warnings],
    sections: [{
      heading: 'Models side by side',
      diagram,
      tables: [
        table(raw, 'Metrics (* best)'), compareDeltaHtmlTable(raw, `Difference to the baseline ${raw.baseline}`),
        ...(scaled ? [table(scaled, 'After temperature scaling (* best)'), compareDeltaHtmlTable(scaled, `After temperature scaling: difference to ${scaled.baseline}`)] : []),
      ],
      notes: [raw.paired ? `Paired: ${raw.pairingReason}` : `Unpaired: ${raw.pairingReason}`],
    }],
    config: { baseline: raw.baseline, models: raw.models.map((m) => m.file).join(', '), paired: raw.paired },
  };
}
