import { Option, type Command } from 'commander';
import type { MetricConfig } from '../../core/config.js';
import type { ReadResult } from '../../io/read-predictions.js';
import type { Evaluation } from '../../metrics/types.js';
import { reportConfig, viewOf, type CalibrationTests, type CorpReport, type ReportDocument } from '../../report/report/document.js';
import { summaryOf } from '../command-list.js';
import type { Context } from '../context.js';
import { evaluateRead, loadPredictions, scanConfigFor } from '../load.js';
import {
  addColorOption, addInputOptions, addMetricOptions, metricConfigFrom, parse, type InputFlags, type MetricFlags,
} from '../options.js';
import { addPlotOptions, claimOutputs, generatedAt, writeOutput, type PlotFlags } from '../output-files.js';
import { writePlot } from '../plot-output.js';
import { CalibError } from '../../core/errors.js';
import { VERSION } from '../../version.js';

// What only some runs need (intervals, tests, plots, one output format) is imported when asked
// for: module loading is most of a small file's run time.

interface ReportFlags extends InputFlags, MetricFlags, PlotFlags {
  format: 'table' | 'json' | 'csv' | 'markdown';
  /** `--diagram bins|corp`: which reliability diagram --plot and --html draw (set from the option's event, see below). */
  diagram?: 'bins' | 'corp' | false;
  perClass?: string[] | true;
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
    .option('--bootstrap <n>', 'bootstrap interval for every summary metric from n resamples', parse.resamples)
    .option('--confidence <level>', 'confidence level of the intervals', parse.openUnitInterval, 0.95)
    .addOption(new Option('--interval <method>', 'binomial interval of each bin\'s accuracy (tables, diagram, JSON)').choices(['wilson', 'clopper-pearson']).default('wilson'))
    .option('--seed <n>', 'seed for every resampling', parse.nonNegativeInteger, 0)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv', 'markdown']).default('table'))
    .addOption(new Option('--diagram <kind>', 'the diagram of --plot and --html: binned (bins) or CORP, the isotonic fit with its consistency band and score decomposition (also in the JSON)').choices(['bins', 'corp']))
    .option('--no-diagram', 'table format: leave out the terminal reliability diagram')
    .option('--per-class [classes]', 'with --plot/--html: a grid of one-vs-rest diagrams, every class up to 20, else the 20 worst by classwise ECE, or the classes named (comma-separated)', parse.list);
  addPlotOptions(command);
  addColorOption(command);
  command.option('-q, --quiet', 'no notes on stderr (warnings and errors still print)', false);
  // --diagram KIND and --no-diagram share commander's attribute `diagram`; the events keep them apart,
  // so `--diagram corp --no-diagram` draws CORP in the files and no terminal diagram.
  let diagramKind: 'bins' | 'corp' = 'bins';
  let terminalDiagram = true;
  command.on('option:diagram', (kind: 'bins' | 'corp') => { diagramKind = kind; });
  command.on('option:no-diagram', () => { terminalDiagram = false; });
  command.action(async (file: string, flags: ReportFlags) => {
    context.quiet = flags.quiet;
    flags.diagram = diagramKind;
    await claimOutputs(context, [{ flag: '--plot', path: flags.plot }, { flag: '--html', path: flags.html }], [file]);
    const scan = scanConfigFor(flags);
    const read = await loadPredictions(file, flags, context, scan ? { scan } : {});
    const metric = metricConfigFrom(flags, read.predictions.rows);
    const evaluation = evaluateRead(read, metric);
    const doc = reportDocument(file, read, flags, metric, evaluation);
    const { binAccuracyIntervals } = await import('../../stats/intervals.js');
    // Every bin's accuracy gets its binomial interval (no resampling needed): a bin of 3 rows shows how little it says.
    doc.bin_intervals = binAccuracyIntervals(doc.bins, flags.interval, flags.confidence);
    if (flags.bootstrap !== undefined) {
      const { bootstrapMetrics } = await import('../../stats/bootstrap.js');
      context.note(`bootstrapping ${flags.bootstrap} resamples (seed ${flags.seed})...`);
      const boot = bootstrapMetrics(read.predictions, metric, { resamples: flags.bootstrap, seed: flags.seed, confidence: flags.confidence });
      doc.bootstrap = { method: boot.method, resamples: boot.resamples, seed: boot.seed, confidence: boot.confidence };
      doc.intervals = boot.intervals;
    }
    if (flags.calibrationTests) doc.calibration_tests = await calibrationTests(doc, evaluation, flags);
    const corp = flags.diagram === 'corp' ? await corpFor(evaluation, flags) : undefined;
    if (corp) doc.corp = corp;
    if (flags.perClass !== undefined && !flags.plot && !flags.html) {
      throw new CalibError('usage', '--per-class draws diagrams, but no --plot or --html names a file for them.', undefined,
        'Add --plot grid.svg (or .png) or --html report.html.');
    }

    if (flags.plot || flags.html) {
      const [{ renderHtmlReport }, { reportDiagram, reportHtml }, { smoothCurveWithBand }, { corpDiagram }] = await Promise.all([
        import('../../report/diagram/index.js'), import('../../report/report/visual.js'), import('../../stats/smooth-curve-band.js'),
        import('../../report/report/corp-visual.js'),
      ]);
      const visual = { ...(flags.title !== undefined ? { title: flags.title } : {}), version: VERSION, command: context.commandLine() };
      let diagram;
      if (corp) {
        diagram = corpDiagram(doc, corp, visual);
      } else {
        diagram = reportDiagram(doc, visual);
        const band = smoothCurveWithBand(evaluation.stats.confidence, evaluation.stats.outcome,
          { resamples: Math.min(flags.resamples, 200), seed: flags.seed, level: 0.95 });
        diagram.panels[0]!.series[0]!.curve = band.points;
      }
      const grid = flags.perClass === undefined ? undefined
        : (await import('../per-class.js')).perClassDiagram(read.predictions, metric, flags.perClass, doc, flags, visual.title);
      if (grid?.note) context.note(grid.note);
      if (flags.plot) await writePlot(context, flags.plot, grid?.diagram ?? diagram, [file], grid ? 'the per-class diagrams' : 'the reliability diagram');
      if (flags.html) {
        const html = reportHtml(doc, generatedAt(context.io.env), visual);
        html.sections[0]!.diagram = diagram;
        if (grid) html.sections.splice(1, 0, { heading: 'Per class (one-vs-rest)', diagram: grid.diagram, ...(grid.note ? { notes: [grid.note] } : {}) });
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
        const appendix = terminalDiagram ? renderTerminalDiagram(doc.bins, { color: colorLevel > 0, width, title: 'Reliability diagram' }) : undefined;
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

/** The CORP diagram's numbers: the PAV fit (as its pooled blocks), the decomposition, the consistency band. */
async function corpFor(evaluation: Evaluation, flags: ReportFlags): Promise<CorpReport> {
  const [{ corpReport }, { sortRows }] = await Promise.all([import('../../report/report/corp.js'), import('../../metrics/estimators/argsort.js')]);
  const sorted = sortRows(evaluation.stats.confidence, evaluation.stats.outcome);
  return corpReport(sorted, { resamples: Math.min(flags.resamples, 1000), seed: flags.seed, level: 0.9 });
}

async function calibrationTests(doc: ReportDocument, evaluation: Evaluation, flags: ReportFlags): Promise<CalibrationTests> {
  const [{ consistencyResampling, hosmerLemeshow, spiegelhalter }, { consistencyThreadsFor }] = await Promise.all([
    import('../../stats/calibration-tests.js'), import('../../parallel/consistency-counter.js'),
  ]);
  const { confidence, outcome } = evaluation.stats;
  const z = spiegelhalter(confidence, outcome);
  const hl = doc.view === 'positive' && doc.rows >= 3 ? hosmerLemeshow(confidence, outcome) : null;
  // Half the resamples on a second thread when there are many draws (same counts either way).
  const threads = consistencyThreadsFor(confidence.length, flags.resamples);
  let consistency;
  try {
    consistency = consistencyResampling(confidence, outcome, {
      bins: doc.config.bins, resamples: flags.resamples, seed: flags.seed, ...(threads ? { counter: threads.counter } : {}),
    });
  } finally {
    threads?.close();
  }
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
