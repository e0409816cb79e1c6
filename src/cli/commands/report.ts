import { Option, type Command } from 'commander';
import { runReport, type ReportRun } from '../../app/report.js';
import type { ReportDocument } from '../../report/report/document.js';
import { summaryOf } from '../command-list.js';
import type { Context } from '../context.js';
import { addColorOption, addInputOptions, addMetricOptions, parse, type InputFlags, type MetricFlags } from '../options.js';
import { addPlotOptions, claimOutputs, generatedAt, writeOutput, type PlotFlags } from '../output-files.js';
import { addSliceOptions, sliceFrom, type SliceFlags } from '../slice-options.js';
import { useCaseDeps } from '../use-case.js';

// What only some runs need (plots, one output format) is imported when asked for: module loading
// is most of a small file's run time.

interface ReportFlags extends InputFlags, MetricFlags, PlotFlags, SliceFlags {
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
  addSliceOptions(command);
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
    const visual = Boolean(flags.plot || flags.html);
    const slice = sliceFrom(flags);
    const run = await runReport({
      ...(slice ? { slice } : {}),
      file, metric: flags, input: flags, confidence: flags.confidence, interval: flags.interval, calibrationTests: flags.calibrationTests,
      resamples: flags.resamples, seed: flags.seed, curve: visual, ...(flags.bootstrap !== undefined ? { bootstrap: flags.bootstrap } : {}),
    }, useCaseDeps(context, flags));
    if (visual) await writeVisuals(context, file, flags, run);
    context.out(await renderReport(context, flags, run.document));
  });
}

/** --plot and --html: the reliability diagram with the smooth curve (and the bins' intervals). */
async function writeVisuals(context: Context, file: string, flags: ReportFlags, run: ReportRun): Promise<void> {
  const [{ renderHtmlReport, renderReliabilitySvg }, { reportDiagram, reportHtml }] = await Promise.all([
    import('../../report/diagram/index.js'), import('../../report/report/visual.js'),
  ]);
  const doc = run.document;
  const diagram = reportDiagram(doc);
  if (run.curve) diagram.panels[0]!.series[0]!.curve = run.curve;
  if (doc.bin_intervals) diagram.panels[0]!.series[0]!.intervals = doc.bin_intervals.intervals;
  if (flags.plot) await writeOutput(context, flags.plot, renderReliabilitySvg(diagram), [file], 'the reliability diagram');
  if (flags.html) {
    const html = reportHtml(doc, generatedAt(context.io.env));
    html.sections[0]!.diagram = diagram;
    await writeOutput(context, flags.html, renderHtmlReport(html), [file], 'the HTML report');
  }
}

async function renderReport(context: Context, flags: ReportFlags, doc: ReportDocument): Promise<string> {
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
      const appendix = flags.diagram ? renderTerminalDiagram(doc.bins, { color: colorLevel > 0, width, title: 'Reliability diagram' }) : undefined;
      return renderReportTable(doc, { colorLevel, ...(appendix ? { appendix } : {}) });
    }
  }
}
