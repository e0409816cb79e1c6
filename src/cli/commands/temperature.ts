import { Option, type Command } from 'commander';
import { CalibError, errors } from '../../core/errors.js';
import type { Predictions } from '../../core/predictions.js';
import { applyTemperatureProbabilities, crossFitTemperature, fitTemperature } from '../../fit/index.js';
import type { ReadResult } from '../../io/read-predictions.js';
import { evaluate } from '../../metrics/evaluate.js';
import type { Evaluation } from '../../metrics/types.js';
import { renderHtmlReport } from '../../report/diagram/index.js';
import { VERSION } from '../../version.js';
import { writePlot } from '../plot-output.js';
import { reportConfig } from '../../report/report/document.js';
import { calibratedCsvChunks } from '../../report/temperature/calibrated-csv.js';
import type { EvaluationMode, MetricsAndBins, TemperatureDocument } from '../../report/temperature/document.js';
import { renderTemperatureJson } from '../../report/temperature/json.js';
import { renderTemperatureMarkdown } from '../../report/temperature/markdown.js';
import { renderTemperatureTable } from '../../report/temperature/table.js';
import { temperatureDiagram, temperatureHtml } from '../../report/temperature/visual.js';
import { summaryOf } from '../command-list.js';
import type { Context } from '../context.js';
import { evaluateRead, finiteMetrics, loadPredictions, scanConfigFor } from '../load.js';
import { objectivePoolFor } from '../../parallel/objective-pool.js';
import { TWO_THREADS } from '../../parallel/two-threads.js';
import {
  addColorOption, addInputOptions, addMetricOptions, metricConfigFrom, parse, type InputFlags, type MetricFlags,
} from '../options.js';
import { addPlotOptions, claimOutputs, generatedAt, writeOutput, type PlotFlags } from '../output-files.js';

/** Fits over at least this many scores get a note on stderr as they start (they take seconds). */
const LARGE_FIT_SCORES = 10_000_000;

interface TemperatureFlags extends InputFlags, MetricFlags, PlotFlags {
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
    .option('--write <file>', 'write calibrated probabilities as CSV (of --apply\'s file if given, else of <file>)')
    .option('--cv <k>', 'without --apply: cross-fit over k stratified folds for honest "after" numbers', parse.positiveInteger, 5)
    .option('--seed <n>', 'seed of the cross-fitting folds', parse.nonNegativeInteger, 0)
    .option('--in-sample', 'measure "after" on the fit rows themselves (optimistic; labelled so)', false);
  addInputOptions(command);
  addMetricOptions(command);
  command.addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'));
  addPlotOptions(command);
  addColorOption(command);
  command.option('-q, --quiet', 'no notes on stderr (warnings and errors still print)', false);
  command.action(async (file: string, flags: TemperatureFlags) => {
    context.quiet = flags.quiet;
    if (flags.apply !== undefined && flags.inSample) {
      throw new CalibError('usage', '--in-sample and --apply contradict each other.', undefined,
        'Use --apply FILE for held-out numbers, or --in-sample alone for the optimistic in-sample ones.');
    }
    if (flags.cv < 2) throw new CalibError('usage', '--cv must be at least 2 folds.', undefined, 'Use --cv 5 (the default) or --apply FILE.');
    if (flags.apply === '-' && file === '-') throw errors.stdinTwice();
    await claimOutputs(context, [{ flag: '--write', path: flags.write }, { flag: '--plot', path: flags.plot }, { flag: '--html', path: flags.html }],
      flags.apply !== undefined ? [file, flags.apply] : [file]);
    const scan = scanConfigFor(flags);
    // The "before" numbers come from the file that is evaluated: scanned while reading it.
    // Shared memory: the fit's passes sum half the rows on a second thread (src/parallel/).
    // --write keeps the other cells of the file it writes (ids, labels, bookkeeping) to write them along.
    const keepFit = flags.write !== undefined && flags.apply === undefined;
    const fitRead = await loadPredictions(file, flags, context, {
      ...(scan && flags.apply === undefined ? { scan } : {}), shared: true, ...(keepFit ? { keepCells: true } : {}),
    });
    const fitPreds = fitRead.predictions;
    const warnings = [...fitRead.warnings];

    const metric = metricConfigFrom(flags, fitPreds.rows);
    // Without --apply the "before" numbers are those of the fit file, whose NLL at T = 1 the fit
    // would otherwise spend a pass on.
    const beforeOnFitFile = flags.apply === undefined ? evaluateRead(fitRead, metric) : undefined;
    const pool = objectivePoolFor(fitPreds.scores);
    const objective = pool ? { objective: pool.objective } : {};
    // A large fit takes seconds after the progress bar has gone: say what is happening.
    const large = fitPreds.scores.length >= LARGE_FIT_SCORES;
    if (large) context.note(`fitting T on ${fitPreds.rows} rows x ${fitPreds.classes} classes${pool ? ' (on two threads)' : ''}...`);
    const fit = fitTemperature(fitPreds, { ...objective, ...(beforeOnFitFile ? { lossAtOne: beforeOnFitFile.metrics.nll } : {}) });
    if (!Number.isFinite(fit.nll)) throw errors.metricNotFinite(file, 'the NLL of the temperature fit', fit.nll, '');
    if (fit.boundary === 'zero') {
      warnings.push(`the fit rows are separable (every row is predicted correctly with room to spare), so NLL keeps falling as T -> 0; T = ${fit.temperature} is the lower bound of the search, not an optimum.`);
    } else if (fit.boundary === 'infinity') {
      warnings.push(`the predictions are no better than uniform on the fit rows, so NLL keeps falling as T -> infinity; T = ${fit.temperature} is the upper bound of the search, not an optimum.`);
    } else if (!fit.converged) {
      warnings.push(`the temperature fit did not converge in ${fit.iterations} passes (gradient ${fit.gradient}).`);
    }
    for (const w of warnings.slice(fitRead.warnings.length)) context.warn(w);

    let evalRead: ReadResult = fitRead;
    let mode: EvaluationMode;
    let after: Evaluation;
    let detail: TemperatureDocument['evaluation_detail'];
    if (flags.apply !== undefined) {
      evalRead = await loadPredictions(flags.apply, flags, context, { ...(scan ? { scan } : {}), ...(flags.write !== undefined ? { keepCells: true } : {}) });
      checkSameClasses(file, fitPreds, flags.apply, evalRead.predictions);
      mode = 'holdout';
      after = evaluate(evalRead.predictions, metric, { temperature: fit.temperature, ...TWO_THREADS });
      detail = { file: flags.apply, rows: evalRead.predictions.rows, columns: evalRead.columns };
    } else if (flags.inSample) {
      mode = 'in-sample';
      after = evaluate(fitPreds, metric, { temperature: fit.temperature, ...TWO_THREADS });
      detail = { file, rows: fitPreds.rows };
      context.warn('"after" numbers are in-sample (--in-sample): T was fitted on these same rows, so they are optimistic.');
    } else {
      mode = 'cross-fit';
      // Each fold's fit starts from the T fitted on all rows (near its own optimum): fewer passes.
      const start = fit.boundary === 'none' ? { startTemperature: fit.temperature } : {};
      if (large) context.note(`cross-fitting: ${flags.cv} more fits, one per fold...`);
      const crossFit = crossFitTemperature(fitPreds, { folds: flags.cv, seed: flags.seed, ...start, ...objective });
      after = evaluate(fitPreds, metric, { temperature: crossFit.perRow, ...TWO_THREADS });
      detail = { file, rows: fitPreds.rows, folds: flags.cv, seed: flags.seed, fold_temperatures: crossFit.folds.map((f) => f.temperature) };
    }
    pool?.close();
    finiteMetrics(after, detail.file, ' after temperature scaling');
    const before = beforeOnFitFile ?? evaluateRead(evalRead, metric);

    const doc: TemperatureDocument = {
      temperature: fit.temperature,
      fit: {
        file, rows: fit.rows, nll: fit.nll, nll_at_1: fit.nllAtOne, iterations: fit.iterations,
        converged: fit.converged, boundary: fit.boundary, gradient: fit.gradient,
      },
      evaluation: mode,
      evaluation_detail: detail,
      before: pick(before),
      after: pick(after),
      config: {
        ...reportConfig({
          metric, binsRule: flags.bins === 'auto' ? 'auto' : 'fixed', binary: fitPreds.binary, probFloor: flags.probFloor,
          renormalize: flags.renormalize, kindFlag: flags.kind, labelColumn: fitRead.labelColumn, scoreColumns: fitRead.scoreColumns, columns: fitRead.columns,
        }),
        folds: flags.cv,
        seed: flags.seed,
      },
      warnings,
    };

    const inputs = flags.apply !== undefined ? [file, flags.apply] : [file];
    if (flags.write !== undefined) {
      const target = evalRead.predictions;
      const probabilities = applyTemperatureProbabilities(target, fit.temperature);
      const chunks = calibratedCsvChunks({
        labelColumn: evalRead.labelColumn, classNames: target.classNames, labels: target.labels, probabilities, binary: target.binary,
        ...(evalRead.kept ? { kept: evalRead.kept } : {}),
      });
      await writeOutput(context, flags.write, chunks, inputs, 'calibrated probabilities');
      doc.written = { file: flags.write, rows: target.rows, source: flags.apply ?? file };
    }
    const visual = { ...(flags.title !== undefined ? { title: flags.title } : {}), version: VERSION, command: context.commandLine() };
    if (flags.plot) await writePlot(context, flags.plot, temperatureDiagram(doc, visual), inputs, 'the before/after diagram');
    if (flags.html) await writeOutput(context, flags.html, renderHtmlReport(temperatureHtml(doc, generatedAt(context.io.env), visual)), inputs, 'the HTML report');

    switch (flags.format) {
      case 'json': context.out(renderTemperatureJson(doc)); break;
      case 'markdown': context.out(renderTemperatureMarkdown(doc)); break;
      default: context.out(renderTemperatureTable(doc, context.stdoutColor(flags.color)));
    }
  });
}

function pick(evaluation: Evaluation): MetricsAndBins {
  return { metrics: evaluation.metrics, details: evaluation.details, bins: evaluation.bins };
}

/** T fitted on one file only means something on another file with the same classes. */
export function checkSameClasses(fitFile: string, fit: Predictions, otherFile: string, other: Predictions): void {
  const same = fit.classes === other.classes && fit.binary === other.binary
    && fit.classNames.every((name, k) => name === other.classNames[k]);
  if (!same) {
    throw new CalibError('input',
      `has classes ${other.classNames.join(', ')}, but ${fitFile} has ${fit.classNames.join(', ')}.`,
      { file: otherFile, line: 1 }, 'Both files must score the same classes in the same order.');
  }
}
