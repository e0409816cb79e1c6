import { Option, type Command } from 'commander';
import { CalibError, errors } from '../../core/errors.js';
import { compareModels, type CompareResult, type ModelInput } from '../../compare/index.js';
import { crossFitTemperature } from '../../fit/index.js';
import { evaluate } from '../../metrics/evaluate.js';
import { compareJsonDocument, renderCompareCsv, renderCompareMarkdown, renderCompareTable } from '../../report/compare/index.js';
import { renderJson } from '../../report/json.js';
import { renderHtmlReport, renderReliabilitySvg, type DiagramInput, type HtmlReportInput } from '../../report/diagram/index.js';
import { fixed } from '../../report/format.js';
import { estimatorBins } from '../../report/report/document.js';
import { summaryOf } from '../command-list.js';
import type { Context } from '../context.js';
import type { ColumnDecision } from '../../io/select-columns.js';
import { finiteMetrics, loadPredictions } from '../load.js';
import { objectiveOf, runtimeOf } from '../runtime.js';
import {
  addColorOption, addInputOptions, addMetricOptions, metricConfigFrom, parse, type InputFlags, type MetricFlags,
} from '../options.js';
import { addPlotOptions, claimOutputs, generatedAt, writeOutput, type PlotFlags } from '../output-files.js';

interface CompareFlags extends InputFlags, MetricFlags, PlotFlags {
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
    .argument('<files...>', 'two or more prediction CSVs; the first is the baseline')
    .option('--names <list>', 'model names, comma-separated, in file order (default: the file names)', parse.list)
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
  command.action(async (files: string[], flags: CompareFlags) => {
    context.quiet = flags.quiet;
    if (files.length < 2) throw new CalibError('usage', 'compare needs at least two prediction files.', undefined, 'Name two or more files; the first is the baseline.');
    if (flags.names !== undefined && flags.names.length !== files.length) {
      throw new CalibError('usage', `--names gives ${flags.names.length} names for ${files.length} files.`, undefined, 'Give one name per file, in file order.');
    }
    if (files.filter((file) => file === '-').length > 1) throw errors.stdinTwice();
    await claimOutputs(context, [{ flag: '--plot', path: flags.plot }, { flag: '--html', path: flags.html }], files);
    const inputs: ModelInput[] = [];
    const columns: ColumnDecision[][] = [];
    const readWarnings: string[] = [];
    for (const [index, file] of files.entries()) {
      const read = await loadPredictions(file, flags, context, { fit: flags.temperature === true });
      columns.push(read.columns);
      readWarnings.push(...read.warnings.map((w) => `${file}: ${w}`));
      inputs.push({ file, preds: read.predictions, ...(flags.names ? { name: flags.names[index]! } : {}) });
    }
    const metric = metricConfigFrom(flags, Math.min(...inputs.map((m) => m.preds.rows)));
    const bootstrap = flags.bootstrap === undefined ? undefined : { resamples: flags.bootstrap, seed: flags.seed, confidence: flags.confidence };
    if (bootstrap) context.note(`bootstrapping ${bootstrap.resamples} resamples (seed ${bootstrap.seed})...`);
    const raw = compareModels(inputs, metric, { ...(bootstrap ? { bootstrap } : {}), evaluation: runtimeOf(context).evaluation });
    let scaled: CompareResult | undefined;
    let scaledInputs: ModelInput[] | undefined;
    if (flags.temperature) {
      scaledInputs = inputs.map((m) => ({
        ...m,
        temperature: crossFitTemperature(m.preds, { folds: flags.cv, seed: flags.seed, ...objectiveOf(context) }).perRow,
      }));
      scaled = compareModels(scaledInputs, metric, { ...(bootstrap ? { bootstrap } : {}), evaluation: runtimeOf(context).evaluation });
    }
    for (const model of raw.models) finiteMetrics(model, model.file);
    for (const model of scaled?.models ?? []) finiteMetrics(model, model.file, ' after temperature scaling');
    for (const warning of raw.warnings) context.warn(warning);
    if (!raw.paired) context.note(`unpaired comparison: ${raw.pairingReason}`);

    const allFiles = [...files];
    if (flags.plot || flags.html) {
      const diagram = compareDiagram(raw, inputs, metric, scaledInputs);
      if (flags.plot) await writeOutput(context, flags.plot, renderReliabilitySvg(diagram), allFiles, 'the comparison diagram');
      if (flags.html) await writeOutput(context, flags.html, renderHtmlReport(compareHtml(raw, scaled, diagram, generatedAt(context.io.env))), allFiles, 'the HTML report');
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
function compareDiagram(result: CompareResult, inputs: readonly ModelInput[], metric: ReturnType<typeof metricConfigFrom>, scaled?: readonly ModelInput[]): DiagramInput {
  const series = inputs.map((m, i) => {
    const { bins, metrics } = evaluate(m.preds, metric);
    return { name: result.models[i]!.name, bins, ece: metrics.ece, n: m.preds.rows };
  });
  const panels = [{ title: 'Reliability', series }];
  if (scaled) {
    panels.push({
      title: 'After temperature scaling (cross-fitted)',
      series: scaled.map((m, i) => {
        const { bins, metrics } = evaluate(m.preds, metric, { temperature: m.temperature! });
        return { name: result.models[i]!.name, bins, ece: metrics.ece, n: m.preds.rows };
      }),
    });
  }
  return { title: `calib compare: ${result.models.map((m) => m.name).join(', ')}`, panels };
}

function compareHtml(raw: CompareResult, scaled: CompareResult | undefined, diagram: DiagramInput, at: string): HtmlReportInput {
  const table = (result: CompareResult, caption: string) => ({
    caption,
    columns: ['metric', ...result.models.map((m) => m.name)],
    rows: Object.keys(result.models[0]!.metrics).map((name) => [name, ...result.models.map((m) => {
      const value = fixed(m.metrics[name as keyof typeof m.metrics]);
      return result.best[name as keyof typeof result.best]?.includes(m.name) ? `${value} *` : value;
    })]),
  });
  return {
    title: `calib compare: ${raw.models.map((m) => m.name).join(', ')}`,
    generatedAt: at,
    warnings: raw.warnings,
    sections: [{
      heading: 'Models side by side',
      diagram,
      tables: [table(raw, 'Metrics (* best)'), ...(scaled ? [table(scaled, 'After temperature scaling (* best)')] : [])],
      notes: [raw.paired ? `Paired: ${raw.pairingReason}` : `Unpaired: ${raw.pairingReason}`],
    }],
    config: { baseline: raw.baseline, models: raw.models.map((m) => m.file).join(', '), paired: raw.paired },
  };
}
