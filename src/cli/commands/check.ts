import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { CalibError } from '../../core/errors.js';
import {
  THRESHOLD_FLAGS, checkIntervals, derivedCheckStatistics, mergeThresholds, parseThresholdConfig, parseThresholdValue,
  runChecks, thresholdsFromFlags, type FailOn,
} from '../../check/index.js';
import {
  renderCheckGithub, renderCheckJson, renderCheckJunit, renderCheckMarkdown, renderCheckStepSummary, renderCheckTable,
  type CheckRenderInfo,
} from '../../report/check/index.js';
import { reportConfig } from '../../report/report/document.js';
import { bootstrapMetrics } from '../../stats/bootstrap.js';
import { summaryOf } from '../command-list.js';
import type { Context } from '../context.js';
import { evaluateRead, loadPredictions, scanConfigFor } from '../load.js';
import {
  addColorOption, addInputOptions, addMetricOptions, metricConfigFrom, parse, type InputFlags, type MetricFlags,
} from '../options.js';
import { appendOutput, claimOutputs, writeOutput } from '../output-files.js';

interface CheckFlags extends InputFlags, MetricFlags {
  config?: string;
  bootstrap?: number;
  seed: number;
  confidence: number;
  failOn: 'point' | 'upper' | 'lower' | 'strict' | 'lenient';
  format: 'table' | 'json' | 'junit' | 'github' | 'markdown';
  output?: string;
  color?: boolean;
  quiet: boolean;
  [key: string]: unknown;
}

/**
 * `--fail-on`: `upper`/`strict` compare the end of the interval on the failing side (the upper
 * bound of a max-threshold metric, the lower bound of a min-threshold one), so a check passes only
 * when the whole interval is inside the threshold; `lower`/`lenient` compare the other end, so it
 * fails only when the whole interval is outside. Named for max thresholds, which are most checks.
 */
const FAIL_ON: Record<CheckFlags['failOn'], FailOn> = { point: 'point', upper: 'strict', strict: 'strict', lower: 'lenient', lenient: 'lenient' };

export function registerCheck(program: Command, context: Context): void {
  const command = program
    .command('check')
    .description(summaryOf('check'))
    .argument('<file>', 'prediction CSV (.csv, .csv.gz, or - for stdin)');
  for (const spec of THRESHOLD_FLAGS) {
    command.option(`${spec.flag} <x>`, spec.description, (raw: string) => parseThresholdValue(spec.flag, raw));
  }
  command
    .option('--config <file.json>', 'thresholds from a JSON file, e.g. {"ece": {"max": 0.05}, "accuracy": {"min": 0.9}}; flags override it')
    .option('--bootstrap <n>', 'give each metric a bootstrap confidence interval from n resamples', parse.resamples)
    .option('--seed <n>', 'seed of the bootstrap', parse.nonNegativeInteger, 0)
    .option('--confidence <level>', 'confidence level of the intervals', parse.openUnitInterval, 0.95)
    .addOption(new Option('--fail-on <which>', 'with --bootstrap: compare the point estimate, the upper end (strict: the whole interval must pass) or the lower end (lenient: fail only when clearly over); for min thresholds the ends swap')
      .choices(['point', 'upper', 'lower', 'strict', 'lenient']).default('point'));
  addInputOptions(command);
  addMetricOptions(command);
  command
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'junit', 'github', 'markdown']).default('table'))
    .option('--output <file>', 'also write the output to this file (atomically), e.g. the JUnit XML');
  addColorOption(command);
  command.option('-q, --quiet', 'no notes on stderr (warnings and errors still print)', false);
  command.action(async (file: string, flags: CheckFlags) => {
    context.quiet = flags.quiet;
    const fromConfig = flags.config === undefined ? [] : parseThresholdConfig(await readConfig(flags.config), flags.config);
    const thresholds = mergeThresholds(fromConfig, thresholdsFromFlags(flags));
    if (thresholds.length === 0) {
      throw new CalibError('usage', 'no thresholds: nothing to check.', undefined,
        'Give at least one threshold, e.g. --max-ece 0.05, or --config FILE.');
    }
    const inputs = flags.config !== undefined ? [file, flags.config] : [file];
    const summaryFile = flags.format === 'github' ? context.io.env.GITHUB_STEP_SUMMARY : undefined;
    await claimOutputs(context, [{ flag: '--output', path: flags.output }, { flag: 'GITHUB_STEP_SUMMARY', path: summaryFile }], inputs);
    const failOn = FAIL_ON[flags.failOn];
    if (failOn !== 'point' && flags.bootstrap === undefined) {
      throw new CalibError('usage', `--fail-on ${flags.failOn} compares an end of a confidence interval, and there is none.`, undefined,
        'Add --bootstrap 1000 (or use --fail-on point).');
    }
    const scan = scanConfigFor(flags);
    const read = await loadPredictions(file, flags, context, scan ? { scan } : {});
    const preds = read.predictions;
    const metric = metricConfigFrom(flags, preds.rows);
    const { metrics } = evaluateRead(read, metric, context);
    const settings = flags.bootstrap === undefined ? undefined : { resamples: flags.bootstrap, seed: flags.seed, confidence: flags.confidence };
    let intervals;
    if (settings) {
      context.note(`bootstrapping ${settings.resamples} resamples (seed ${settings.seed})...`);
      intervals = checkIntervals(bootstrapMetrics(preds, metric, { ...settings, derived: derivedCheckStatistics() }));
    }
    const report = runChecks(metrics, thresholds, { failOn, ...(intervals ? { intervals } : {}) });
    const info: CheckRenderInfo = {
      file,
      ...(flags.config !== undefined ? { thresholdsFile: flags.config } : {}),
      ...(settings ? { bootstrap: settings } : {}),
      warnings: read.warnings,
      config: { ...reportConfig({
        metric, binsRule: flags.bins === 'auto' ? 'auto' : 'fixed', binary: preds.binary, probFloor: flags.probFloor,
        renormalize: flags.renormalize, kindFlag: flags.kind, labelColumn: read.labelColumn, scoreColumns: read.scoreColumns, columns: read.columns,
      }) },
    };
    let text: string;
    switch (flags.format) {
      case 'json': text = renderCheckJson(report, info); break;
      case 'junit': text = renderCheckJunit(report, info); break;
      case 'markdown': text = renderCheckMarkdown(report, info); break;
      case 'github': {
        text = renderCheckGithub(report, info);
        // GitHub gives each step this file to append Markdown to; other steps may have written to
        // it already, so it is appended to, not replaced (an atomic rename would drop their part).
        if (summaryFile) await appendOutput(context, summaryFile, renderCheckStepSummary(report, info), inputs);
        break;
      }
      default: text = renderCheckTable(report, info, { colorLevel: context.stdoutColor(flags.color) });
    }
    if (flags.output !== undefined) {
      await writeOutput(context, flags.output, text, inputs, `the ${flags.format} output`);
    }
    context.out(text);
    context.exitCode = report.passed ? 0 : 1;
  });
}

async function readConfig(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'EISDIR') {
      throw new CalibError('usage', 'is a directory, not a thresholds file.', { file: path },
        'Give --config the path of a JSON file such as {"ece": {"max": 0.05}}.');
    }
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : error instanceof Error ? error.message : String(error);
    throw new CalibError('usage', `cannot read the thresholds file: ${reason}.`, { file: path }, 'Check the path given to --config.');
  }
}
