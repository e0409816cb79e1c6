import { Option, type Command } from 'commander';
import { runReport, type ReportRun } from '../../app/report.js';
import type { ReportDocument } from '../../report/report/document.js';
import { summaryOf } from '../command-list.js';
import type { Context } from '../context.js';
import { addColorOption, addInputOptions, addMetricOptions, parse, type InputFlags, type MetricFlags } from '../options.js';
import { addPlotOptions, claimOutputs, generatedAt, writeOutput, type PlotFlags } from '../output-files.js';
import { writePlot } from '../plot-output.js';
import { addSliceOptions, sliceFrom, type SliceFlags } from '../slice-options.js';
import { useCaseDeps } from '../use-case.js';
import { CalibError } from '../../core/errors.js';
import { VERSION } from '../../version.js';
import { addSummaryOptions, explicitConventions, INPUT_OPTIONS, refuseRowOptions, requireOneSource, summaryDeps, WHERE_OPTION, type SummaryFlags } from '../from-summary.js';

// What only some runs need (plots, one output format) is imported when asked for: module loading
// is most of a small file's run time.

interface ReportFlags extends InputFlags, MetricFlags, PlotFlags, SliceFlags, SummaryFlags {
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
    .argument('[file]', 'prediction CSV (.csv, .csv.gz, or - for stdin); none with --from-summary');
  addInputOptions(command);
  addSummaryOptions(command);
  addMetricOptions(command);
  addSliceOptions(command);
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
  command.action(async (file: string | undefined, flags: ReportFlags) => {
    context.quiet = flags.quiet;
    requireOneSource(file === undefined ? [] : [file], flags, 'report');
    if (flags.fromSummary !== undefined) {
      await reportFromSummary(context, command, flags, terminalDiagram);
      return;
    }
    if (file === undefined) {
      throw new CalibError('usage', 'report needs a prediction file (or --from-summary).', undefined, 'Name the file, e.g. calib report preds.csv.');
    }
    if (flags.perClass !== undefined && !flags.plot && !flags.html) {
      throw new CalibError('usage', '--per-class draws diagrams, but no --plot or --html names a file for them.', undefined,
        'Add --plot grid.svg (or .png) or --html report.html.');
    }
    await claimOutputs(context, [{ flag: '--plot', path: flags.plot }, { flag: '--html', path: flags.html }], [file]);
    const visual = Boolean(flags.plot || flags.html);
    const slice = sliceFrom(flags);
    const run = await runReport({
      ...(slice ? { slice } : {}),
      file, metric: flags, input: flags, confidence: flags.confidence, interval: flags.interval, calibrationTests: flags.calibrationTests,
      resamples: flags.resamples, seed: flags.seed, curve: visual && diagramKind === 'bins', diagram: diagramKind,
      ...(flags.bootstrap !== undefined ? { bootstrap: flags.bootstrap } : {}),
      ...(flags.perClass !== undefined ? { keepScores: true } : {}),
    }, useCaseDeps(context, flags));
    if (visual) await writeVisuals(context, file, flags, run);
    context.out(await renderReport(context, flags, run.document, terminalDiagram));
  });
}

/** Options of `report` that need rows, refused with --from-summary (docs/summary-format.md, "What needs rows"). */
const REPORT_ROW_OPTIONS = [
  ...INPUT_OPTIONS, WHERE_OPTION,
  { option: 'calibrationTests', flag: '--calibration-tests', why: 'the consistency-resampling test and Hosmer-Lemeshow\'s groups need the rows' },
  { option: 'plot', flag: '--plot', why: 'the diagram\'s smooth curve and its band (and CORP\'s fit) are computed from rows; the reliability table is in the JSON' },
  { option: 'html', flag: '--html', why: 'the HTML report draws diagrams computed from rows' },
  { option: 'perClass', flag: '--per-class', why: 'the per-class diagrams are drawn from rows' },
  { option: 'diagram', flag: '--diagram', why: 'the diagrams (binned with the smooth curve, or CORP) are drawn from rows' },
];

/** `report --from-summary`: the same document from merged summaries. */
async function reportFromSummary(context: Context, command: Command, flags: ReportFlags, terminalDiagram: boolean): Promise<void> {
  // --no-diagram (the terminal diagram left out) shares --diagram's attribute, and is fine.
  refuseRowOptions(command, REPORT_ROW_OPTIONS.filter((o) => o.option !== 'diagram' || flags.diagram !== false));
  const { runReportFromSummary } = await import('../../app/from-summary.js');
  const document = await runReportFromSummary({
    specs: flags.fromSummary!, metric: flags, explicit: explicitConventions(command, flags), confidence: flags.confidence, interval: flags.interval,
    // --bootstrap N: the intervals from the summary's N replicates (refused, naming why, when it has none).
    ...(flags.bootstrap !== undefined ? { bootstrap: flags.bootstrap } : {}),
    ...(flags.groupBy ? { groupBy: flags.groupBy } : {}), ...(flags.minGroupRows !== undefined ? { minGroupRows: flags.minGroupRows } : {}),
  }, summaryDeps(context, flags));
  context.out(await renderReport(context, flags, document, terminalDiagram));
}

/** --plot and --html: the reliability diagram (binned with the smooth curve, or CORP), and the per-class grid. */
async function writeVisuals(context: Context, file: string, flags: ReportFlags, run: ReportRun): Promise<void> {
  const [{ renderHtmlReport }, { reportDiagram, reportHtml }, { corpDiagram }] = await Promise.all([
    import('../../report/diagram/index.js'), import('../../report/report/visual.js'), import('../../report/report/corp-visual.js'),
  ]);
  const doc = run.document;
  const visual = { ...(flags.title !== undefined ? { title: flags.title } : {}), version: VERSION, command: context.commandLine() };
  let diagram;
  if (doc.corp) {
    diagram = corpDiagram(doc, doc.corp, visual);
  } else {
    diagram = reportDiagram(doc, visual);
    if (run.curve) diagram.panels[0]!.series[0]!.curve = run.curve;
  }
  const grid = flags.perClass === undefined ? undefined
    : (await import('../per-class.js')).perClassDiagram(run.predictions, run.metric, flags.perClass, doc, flags, visual.title);
  if (grid?.note) context.note(grid.note);
  if (flags.plot) await writePlot(context, flags.plot, grid?.diagram ?? diagram, [file], grid ? 'the per-class diagrams' : 'the reliability diagram');
  if (flags.html) {
    const html = reportHtml(doc, generatedAt(context.io.env), visual);
    html.sections[0]!.diagram = diagram;
    if (grid) html.sections.splice(1, 0, { heading: 'Per class (one-vs-rest)', diagram: grid.diagram, ...(grid.note ? { notes: [grid.note] } : {}) });
    await writeOutput(context, flags.html, renderHtmlReport(html), [file], 'the HTML report');
  }
}

async function renderReport(context: Context, flags: ReportFlags, doc: ReportDocument, terminalDiagram: boolean): Promise<string> {
  switch (flags.format) {
    case 'json': return (await import('../../report/report/json.js')).renderReportJson(doc);
    case 'csv': return (await import('../../report/report/csv.js')).renderReportCsv(doc);
    case 'markdown': return (await import('../../report/report/markdown.js')).renderReportMarkdown(doc);
    default: {
      const [{ renderTerminalDiagram }, { renderReportTable }] = await Promise.all([
        import('../../report/diagram/terminal.js'), import('../../report/report/table.js'),
      ]);
      const colorLevel = context.stdoutColor(flags.color);
      const width = Math.min(80, context.io.stdout.columns ?? 80);
      const appendix = terminalDiagram ? renderTerminalDiagram(doc.bins, { color: colorLevel > 0, width, title: 'Reliability diagram' }) : undefined;
      return renderReportTable(doc, { colorLevel, ...(appendix ? { appendix } : {}) });
    }
  }
}
