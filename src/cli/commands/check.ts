import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { CalibError } from '../../core/errors.js';
import { requireThresholds, runCheck, type CheckOptions, type FailOnFlag } from '../../app/check.js';
import {
  THRESHOLD_FLAGS, mergeThresholds, parseThresholdConfig, parseThresholdValue, thresholdsFromFlags, type CheckReport,
} from '../../check/index.js';
import {
  renderCheckGithub, renderCheckJson, renderCheckJunit, renderCheckMarkdown, renderCheckStepSummary, renderCheckTable,
  type CheckRenderInfo,
} from '../../report/check/index.js';
import { summaryOf } from '../command-list.js';
import type { Context } from '../context.js';
import { addColorOption, addInputOptions, addMetricOptions, parse, type InputFlags, type MetricFlags } from '../options.js';
import { appendOutput, claimOutputs, writeOutput } from '../output-files.js';
import { useCaseDeps } from '../use-case.js';

interface CheckFlags extends InputFlags, MetricFlags {
  config?: string;
  bootstrap?: number;
  seed: number;
  confidence: number;
  failOn: FailOnFlag;
  format: 'table' | 'json' | 'junit' | 'github' | 'markdown';
  output?: string;
  color?: boolean;
  quiet: boolean;
  [key: string]: unknown;
}

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
    const options: CheckOptions = {
      file, thresholds: mergeThresholds(fromConfig, thresholdsFromFlags(flags)), seed: flags.seed, confidence: flags.confidence,
      failOn: flags.failOn, metric: flags, input: flags,
      ...(flags.config !== undefined ? { thresholdsFile: flags.config } : {}), ...(flags.bootstrap !== undefined ? { bootstrap: flags.bootstrap } : {}),
    };
    requireThresholds(options.thresholds);
    const inputs = flags.config !== undefined ? [file, flags.config] : [file];
    const summaryFile = flags.format === 'github' ? context.io.env.GITHUB_STEP_SUMMARY : undefined;
    await claimOutputs(context, [{ flag: '--output', path: flags.output }, { flag: 'GITHUB_STEP_SUMMARY', path: summaryFile }], inputs);
    const { report, info } = await runCheck(options, useCaseDeps(context, flags));
    const text = renderCheck(flags.format, report, info, context.stdoutColor(flags.color));
    // GitHub gives each step this file to append Markdown to; other steps may have written to it
    // already, so it is appended to, not replaced (an atomic rename would drop their part).
    if (summaryFile) await appendOutput(context, summaryFile, renderCheckStepSummary(report, info), inputs);
    if (flags.output !== undefined) await writeOutput(context, flags.output, text, inputs, `the ${flags.format} output`);
    context.out(text);
    context.exitCode = report.passed ? 0 : 1;
  });
}

function renderCheck(format: CheckFlags['format'], report: CheckReport, info: CheckRenderInfo, colorLevel: 0 | 1): string {
  switch (format) {
    case 'json': return renderCheckJson(report, info);
    case 'junit': return renderCheckJunit(report, info);
    case 'markdown': return renderCheckMarkdown(report, info);
    case 'github': return renderCheckGithub(report, info);
    default: return renderCheckTable(report, info, { colorLevel });
  }
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
