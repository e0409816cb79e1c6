import { Option, type Command } from 'commander';
import { evaluate } from '../../metrics/evaluate.js';
import { renderReportCsv } from '../../report/report/csv.js';
import { reportConfig, viewOf, type ReportDocument } from '../../report/report/document.js';
import { renderReportJson } from '../../report/report/json.js';
import { renderReportMarkdown } from '../../report/report/markdown.js';
import { renderReportTable } from '../../report/report/table.js';
import { renderHtmlReport, renderReliabilitySvg, renderTerminalDiagram } from '../../report/diagram/index.js';
import { reportDiagram, reportHtml } from '../../report/report/visual.js';
import type { Context } from '../context.js';
import { addPlotOptions, generatedAt, writeOutput, type PlotFlags } from '../output-files.js';
import { loadPredictions } from '../load.js';
import { addColorOption, addInputOptions, addMetricOptions, metricConfigFrom, type InputFlags, type MetricFlags } from '../options.js';

interface ReportFlags extends InputFlags, MetricFlags, PlotFlags {
  format: 'table' | 'json' | 'csv' | 'markdown';
  diagram: boolean;
  color?: boolean;
  quiet: boolean;
}

export function registerReport(program: Command, context: Context): void {
  const command = program
    .command('report')
    .description('reliability table, ECE, MCE, ACE, classwise ECE, NLL, Brier and the overconfidence gap of one prediction file')
    .argument('<file>', 'prediction CSV (.csv, .csv.gz, or - for stdin)');
  addInputOptions(command);
  addMetricOptions(command);
  command.addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv', 'markdown']).default('table'));
  command.option('--no-diagram', 'table format: leave out the terminal reliability diagram');
  addPlotOptions(command);
  addColorOption(command);
  command.option('-q, --quiet', 'no notes on stderr (warnings and errors still print)', false);
  command.action(async (file: string, flags: ReportFlags) => {
    context.quiet = flags.quiet;
    const read = await loadPredictions(file, flags, context);
    const metric = metricConfigFrom(flags);
    const evaluation = evaluate(read.predictions, metric);
    const { predictions: p } = read;
    const doc: ReportDocument = {
      file,
      rows: p.rows,
      classes: p.classes,
      class_names: [...p.classNames],
      kind: p.kind,
      kind_detection: { how: read.kindDecision.how, reason: read.kindDecision.reason },
      view: viewOf(p.binary, metric),
      config: reportConfig({
        metric, binary: p.binary, probFloor: flags.probFloor, renormalize: flags.renormalize, kindFlag: flags.kind,
        labelColumn: read.labelColumn, scoreColumns: read.scoreColumns,
      }),
      metrics: evaluation.metrics,
      bins: evaluation.bins,
      floor_hits: read.floorHits,
      warnings: [...read.warnings],
    };
    if (flags.plot) await writeOutput(context, flags.plot, renderReliabilitySvg(reportDiagram(doc)), [file], 'the reliability diagram');
    if (flags.html) await writeOutput(context, flags.html, renderHtmlReport(reportHtml(doc, generatedAt(context.io.env))), [file], 'the HTML report');
    switch (flags.format) {
      case 'json': context.out(renderReportJson(doc)); break;
      case 'csv': context.out(renderReportCsv(doc)); break;
      case 'markdown': context.out(renderReportMarkdown(doc)); break;
      default: {
        const colorLevel = context.stdoutColor(flags.color);
        const width = Math.min(80, context.io.stdout.columns ?? 80);
        const appendix = flags.diagram ? renderTerminalDiagram(doc.bins, { color: colorLevel > 0, width, title: 'Reliability diagram' }) : undefined;
        context.out(renderReportTable(doc, { colorLevel, ...(appendix ? { appendix } : {}) }));
      }
    }
  });
}
