import { Option, type Command } from 'commander';
import type { MetricConfig } from '../../core/config.js';
import type { ReadResult } from '../../io/read-predictions.js';
import type { Evaluation } from '../../metrics/types.js';
import { reportConfig, viewOf, type CalibrationTests, type ReportDocument } from '../../report/report/document.js';
import { summaryOf } from '../command-list.js';
import type { Context } from '../context.js';
import { evaluateRead, loadPredictions, scanConfigFor } from '../load.js';
import { runtimeOf } from '../runtime.js';
import {
  addColorOption, addInputOptions, addMetricOptions, metricConfigFrom, parse, type InputFlags, type MetricFlags,
} from '../options.js';
import { addPlotOptions, claimOutputs, generatedAt, writeOutput, type PlotFlags } from '../output-files.js';

// What only some runs need (intervals, tests, plots, one output format) is imported when asked
// for: module loading is most of a small file's run time.

interface ReportFlags extends InputFlags, MetricFlags, PlotFlags {
  format: 'table' | 'json' | 'csv' | 'markdown';
  diagram: boolean;
  calibrationTests: boolean;
  bootstrap?: number;
  confidence: number;
  interval: 'wilson' | 'clopper-pearson';
  resamples: number;
  seed: number;
  color?: boolean;
  quiet: boolean;
}

export function registerReport(program: Command, context: Context): void {
  const command = program
    .command('report')
    .description(summaryOf('report'))
    .argument('<file>', 'prediction CSV (.csv, .csv.gz, or - for stdin)');
  addInputOptions(command);
  addMetricOptions(command);
  command
    .option('--calibration-tests', 'add Spiegelhalter\'s Z, Hosmer-Lemeshow (binary) and a consistency-resampling test with p-values', false)
    .option('--resamples <n>', 'resamples for the consistency test and the smooth curve\'s band', parse.positiveInteger, 1000)
    .option('--bootstrap <n>', 'bootstrap interval for every summary metric from n resamples, and a binomial interval per bin', parse.resamples)
    .option('--confidence <level>', 'confidence level of the intervals', parse.openUnitInterval, 0.95)
    .addOption(new Option('--interval <method>', 'per-bin accuracy interval with --bootstrap').choices(['wilson', 'clopper-pearson']).default('wilson'))
    .option('--seed <n>', 'seed for every resampling', parse.nonNegativeInteger, 0)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv', 'markdown']).default('table'))
    .option('--no-diagram', 'table format: leave out the terminal reliability diagram');
  addPlotOptions(command);
  addColorOption(command);
  command.option('-q, --quiet', 'no notes on stderr (warnings and errors still print)', false);
  command.action(async (file: string, flags: ReportFlags) => {
    context.quiet = flags.quiet;
    await claimOutputs(context, [{ flag: '--plot', path: flags.plot }, { flag: '--html', path: flags.html }], [file]);
    const scan = scanConfigFor(flags);
    const read = await loadPredictions(file, flags, context, scan ? { scan } : {});
    const metric = metricConfigFrom(flags, read.predictions.rows);
    const evaluation = evaluateRead(read, metric, context);
    const doc = reportDocument(file, read, flags, metric, evaluation);
    if (flags.bootstrap !== undefined) {
      const [{ bootstrapMetrics }, { binAccuracyIntervals }] = await Promise.all([
        import('../../stats/bootstrap.js'), import('../../stats/intervals.js'),
      ]);
      context.note(`bootstrapping ${flags.bootstrap} resamples (seed ${flags.seed})...`);
      const boot = bootstrapMetrics(read.predictions, metric, { resamples: flags.bootstrap, seed: flags.seed, confidence: flags.confidence });
      doc.bootstrap = { method: boot.method, resamples: boot.resamples, seed: boot.seed, confidence: boot.confidence };
      doc.intervals = boot.intervals;
      doc.bin_intervals = binAccuracyIntervals(doc.bins, flags.interval, flags.confidence);
    }
    if (flags.calibrationTests) doc.calibration_tests = await calibrationTests(doc, evaluation, flags, context);

    if (flags.plot || flags.html) {
      const [{ renderHtmlReport, renderReliabilitySvg }, { reportDiagram, reportHtml }, { smoothCurveWithBand }] = await Promise.all([
        import('../../report/diagram/index.js'), import('../../report/report/visual.js'), import('../../stats/smooth-curve-band.js'),
      ]);
      const diagram = reportDiagram(doc);
      const band = smoothCurveWithBand(evaluation.stats.confidence, evaluation.stats.outcome,
        { resamples: Math.min(flags.resamples, 200), seed: flags.seed, level: 0.95 });
      diagram.panels[0]!.series[0]!.curve = band.points;
      if (doc.bin_intervals) diagram.panels[0]!.series[0]!.intervals = doc.bin_intervals.intervals;
      if (flags.plot) await writeOutput(context, flags.plot, renderReliabilitySvg(diagram), [file], 'the reliability diagram');
      if (flags.html) {
        const html = reportHtml(doc, generatedAt(context.io.env));
        html.sections[0]!.diagram = diagram;
        await writeOutput(context, flags.html, renderHtmlReport(html), [file], 'the HTML report');
      }
    }

    switch (flags.format) {
      case 'json': context.out((await import('../../report/report/json.js')).renderReportJson(doc)); break;
      case 'csv': context.out((await import('../../report/report/csv.js')).renderReportCsv(doc)); break;
      case 'markdown': context.out((await import('../../report/report/markdown.js')).renderReportMarkdown(doc)); break;
      default: {
        const [{ renderTerminalDiagram }, { renderReportTable }] = await Promise.all([
          import('../../report/diagram/terminal.js'), import('../../report/report/table.js'),
        ]);
        const colorLevel = context.stdoutColor(flags.color);
        const width = Math.min(80, context.io.stdout.columns ?? 80);
        const appendix = flags.diagram ? renderTerminalDiagram(doc.bins, { color: colorLevel > 0, width, title: 'Reliability diagram' }) : undefined;
        context.out(renderReportTable(doc, { colorLevel, ...(appendix ? { appendix } : {}) }));
      }
    }
  });
}

export function reportDocument(file: string, read: ReadResult, flags: InputFlags & MetricFlags, metric: MetricConfig, evaluation: Evaluation): ReportDocument {
  const { predictions: p } = read;
  return {
    file,
    rows: p.rows,
    classes: p.classes,
    class_names: [...p.classNames],
    kind: p.kind,
    kind_detection: { how: read.kindDecision.how, reason: read.kindDecision.reason },
    view: viewOf(p.binary, metric),
    config: reportConfig({
      metric, binsRule: flags.bins === 'auto' ? 'auto' : 'fixed', binary: p.binary, probFloor: flags.probFloor,
      renormalize: flags.renormalize, kindFlag: flags.kind, labelColumn: read.labelColumn, scoreColumns: read.scoreColumns, columns: read.columns,
    }),
    metrics: evaluation.metrics,
    details: evaluation.details,
    bins: evaluation.bins,
    floor_hits: read.floorHits,
    warnings: [...read.warnings],
  };
}

async function calibrationTests(doc: ReportDocument, evaluation: Evaluation, flags: ReportFlags, context: Context): Promise<CalibrationTests> {
  const { consistencyResampling, hosmerLemeshow, spiegelhalter } = await import('../../stats/calibration-tests.js');
  const { confidence, outcome } = evaluation.stats;
  const z = spiegelhalter(confidence, outcome);
  const hl = doc.view === 'positive' && doc.rows >= 3 ? hosmerLemeshow(confidence, outcome) : null;
  // The resamples are shared out among the run's threads when there are many draws (same counts either way).
  const { counter } = runtimeOf(context);
  const consistency = consistencyResampling(confidence, outcome, {
    bins: doc.config.bins, resamples: flags.resamples, seed: flags.seed, ...(counter ? { counter } : {}),
  });
  return {
    spiegelhalter: { z: z.z, p_value: z.pValue },
    hosmer_lemeshow: hl && { statistic: hl.statistic, df: hl.df, p_value: hl.pValue },
    consistency: {
      ece: consistency.ece,
      p_value: consistency.pValue,
      resamples: consistency.resamples,
      seed: flags.seed,
      bands: consistency.bins.map((b) => ({ lower: b.lower, upper: b.upper, count: b.count, band_low: b.bandLow, band_high: b.bandHigh })),
    },
  };
}
