import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { CalibError } from '../../core/errors.js';
import { requireThresholds, runCheck, type CheckOptions, type FailOnFlag } from '../../app/check.js';
import {
  THRESHOLD_FLAGS, mergeThresholds, parseThresholdValue, thresholdsFromFlags, type CheckReport,
} from '../../check/index.js';
import { CHANGE_FLAGS, parseChangeValue, type ChangeThreshold } from '../../check/change-thresholds.js';
import { parseCheckConfig, type CheckConfig } from '../../check/config-file.js';
import type { SliceOptions } from '../../app/slices.js';
import {
  renderCheckGithub, renderCheckJson, renderCheckJunit, renderCheckMarkdown, renderCheckStepSummary, renderCheckTable,
  type CheckRenderInfo,
} from '../../report/check/index.js';
import { summaryOf } from '../command-list.js';
import type { Context } from '../context.js';
import { addColorOption, addInputOptions, addMetricOptions, parse, type InputFlags, type MetricFlags } from '../options.js';
import { appendOutput, claimOutputs, writeOutput } from '../output-files.js';
import { addSliceOptions, type SliceFlags } from '../slice-options.js';
import { useCaseDeps } from '../use-case.js';
import { addSummaryOptions, explicitConventions, INPUT_OPTIONS, refuseRowOptions, requireOneSource, summaryDeps, WHERE_OPTION, type SummaryFlags } from '../from-summary.js';

interface CheckFlags extends InputFlags, MetricFlags, SliceFlags, SummaryFlags {
  baseline?: string;
  id?: string;
  pair: 'exact' | 'inner';
  perGroup?: boolean;
  worstGroup?: boolean;
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
    .argument('[file]', 'prediction CSV (.csv, .csv.gz, or - for stdin); none with --from-summary');
  for (const spec of THRESHOLD_FLAGS) {
    command.option(`${spec.flag} <x>`, spec.description, (raw: string) => parseThresholdValue(spec.flag, raw));
  }
  command.option('--baseline <file>', 'gate the change from this file (the same examples scored by the model to compare with, e.g. main\'s): see the --max-*-increase and --min-*-change flags');
  for (const spec of CHANGE_FLAGS) {
    command.option(`${spec.flag} <x>`, spec.description, (raw: string) => parseChangeValue(spec.flag, raw));
  }
  command
    .option('--id <column>', 'with --baseline: pair rows by this column of ids (default: a column named like an id in both files, else row order)')
    .addOption(new Option('--pair <mode>', 'with ids: every id must be in both files (exact), or only the shared ids are compared (inner, dropped rows counted)').choices(['exact', 'inner']).default('exact'));
  addSliceOptions(command, 'the thresholds per group');
  command
    .option('--per-group', 'with --group-by: every threshold on every group of at least --min-group-rows rows (the default)')
    .option('--worst-group', 'with --group-by: every threshold only on the group where it is worst')
    .option('--config <file.json>', 'thresholds from a JSON file, e.g. {"ece": {"max": 0.05, "max_increase": 0.01}, "accuracy": {"min": 0.9}, "group_by": "site"}; flags override it')
    .option('--bootstrap <n>', 'give each metric a bootstrap confidence interval from n resamples', parse.resamples)
    .option('--seed <n>', 'seed of the bootstrap', parse.nonNegativeInteger, 0)
    .option('--confidence <level>', 'confidence level of the intervals', parse.openUnitInterval, 0.95)
    .addOption(new Option('--fail-on <which>', 'with --bootstrap: compare the point estimate, the upper end (strict: the whole interval must pass) or the lower end (lenient: fail only when clearly over); for min thresholds the ends swap')
      .choices(['point', 'upper', 'lower', 'strict', 'lenient']).default('point'));
  addInputOptions(command);
  addMetricOptions(command);
  addSummaryOptions(command);
  command
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'junit', 'github', 'markdown']).default('table'))
    .option('--output <file>', 'also write the output to this file (atomically), e.g. the JUnit XML');
  addColorOption(command);
  command.option('-q, --quiet', 'no notes on stderr (warnings and errors still print)', false);
  command.action(async (given: string | undefined, flags: CheckFlags) => {
    context.quiet = flags.quiet;
    requireOneSource(given === undefined ? [] : [given], flags, 'check');
    if (given === undefined && flags.fromSummary === undefined) {
      throw new CalibError('usage', 'check needs a prediction file (or --from-summary).', undefined, 'Name the file, e.g. calib check preds.csv --max-ece 0.05.');
    }
    if (flags.fromSummary !== undefined) refuseRowOptions(command, CHECK_ROW_OPTIONS);
    const file = given ?? flags.fromSummary!.join(', ');
    const config: CheckConfig = flags.config === undefined ? { thresholds: [], changes: [], settings: {} } : parseCheckConfig(await readConfig(flags.config), flags.config);
    if (flags.perGroup === true && flags.worstGroup === true) {
      throw new CalibError('usage', '--per-group and --worst-group cannot both hold.', undefined, 'Gate every group (--per-group, the default) or only the worst (--worst-group).');
    }
    const groupGate = flags.worstGroup === true ? 'worst-group' : flags.perGroup === true ? 'per-group' : config.settings.groupGate;
    const slice = sliceOptions(flags, config);
    const changes = mergeChanges(config.changes, changesFromFlags(flags));
    const options: CheckOptions = {
      file, thresholds: mergeThresholds(config.thresholds, thresholdsFromFlags(flags)), seed: flags.seed, confidence: flags.confidence,
      failOn: flags.failOn, metric: flags, input: flags,
      ...(flags.config !== undefined ? { thresholdsFile: flags.config } : {}), ...(flags.bootstrap !== undefined ? { bootstrap: flags.bootstrap } : {}),
      ...(slice ? { slice } : {}), ...(groupGate ? { groupGate } : {}),
      ...(flags.baseline !== undefined ? { baseline: { file: flags.baseline, changes, pair: flags.pair, ...(flags.id !== undefined ? { id: flags.id } : {}) } } : {}),
    };
    requireThresholds(options.thresholds, changes, flags.baseline);
    if (flags.baseline === undefined && (flags.id !== undefined || flags.pair !== 'exact')) {
      throw new CalibError('usage', `${flags.id !== undefined ? '--id' : '--pair'} pairs the rows of two files, and there is one.`, undefined, 'Add --baseline BASE.csv, or leave it out.');
    }
    if (flags.fromSummary !== undefined && slice?.where !== undefined) throw new CalibError('usage', `--where (from ${flags.where ? 'the command line' : flags.config}) cannot go with --from-summary: ${WHERE_OPTION.why}.`);
    const inputs = [...(given !== undefined ? [given] : flags.fromSummary!), ...(flags.baseline !== undefined ? [flags.baseline] : []), ...(flags.config !== undefined ? [flags.config] : [])];
    const summaryFile = flags.format === 'github' ? context.io.env.GITHUB_STEP_SUMMARY : undefined;
    await claimOutputs(context, [{ flag: '--output', path: flags.output }, { flag: 'GITHUB_STEP_SUMMARY', path: summaryFile }], inputs);
    const { report, info } = flags.fromSummary === undefined ? await runCheck(options, useCaseDeps(context, flags))
      : await (await import('../../app/from-summary.js')).runCheckFromSummary({
        specs: flags.fromSummary, metric: flags, explicit: explicitConventions(command, flags), thresholds: options.thresholds,
        ...(options.thresholdsFile !== undefined ? { thresholdsFile: options.thresholdsFile } : {}),
        ...(slice?.groupBy ? { groupBy: slice.groupBy } : {}), ...(slice?.minGroupRows !== undefined ? { minGroupRows: slice.minGroupRows } : {}),
        ...(groupGate ? { groupGate } : {}),
      }, summaryDeps(context, flags));
    const text = renderCheck(flags.format, report, info, context.stdoutColor(flags.color));
    // GitHub gives each step this file to append Markdown to; other steps may have written to it
    // already, so it is appended to, not replaced (an atomic rename would drop their part).
    if (summaryFile) await appendOutput(context, summaryFile, renderCheckStepSummary(report, info), inputs);
    if (flags.output !== undefined) await writeOutput(context, flags.output, text, inputs, `the ${flags.format} output`);
    context.out(text);
    context.exitCode = report.passed ? 0 : 1;
  });
}

/** Options of `check` that need rows, refused with --from-summary. */
const CHECK_ROW_OPTIONS = [
  ...INPUT_OPTIONS, WHERE_OPTION,
  { option: 'bootstrap', flag: '--bootstrap', why: 'bootstrap intervals are resampled from rows' },
  { option: 'failOn', flag: '--fail-on', why: 'it compares an end of a bootstrap interval, and intervals need rows' },
  { option: 'baseline', flag: '--baseline', why: 'change thresholds pair the baseline\'s rows with the candidate\'s' },
  { option: 'id', flag: '--id', why: 'it pairs rows' },
  { option: 'pair', flag: '--pair', why: 'it pairs rows' },
];

/** Flags first, then the thresholds file's settings. */
function sliceOptions(flags: CheckFlags, config: CheckConfig): SliceOptions | undefined {
  const groupBy = flags.groupBy ?? config.settings.groupBy;
  const where = flags.where ?? config.settings.where;
  const minGroupRows = flags.minGroupRows ?? config.settings.minGroupRows;
  if (groupBy === undefined && where === undefined && minGroupRows === undefined) return undefined;
  return { ...(groupBy ? { groupBy } : {}), ...(where ? { where } : {}), ...(minGroupRows !== undefined ? { minGroupRows } : {}) };
}

function changesFromFlags(flags: CheckFlags): ChangeThreshold[] {
  return CHANGE_FLAGS.flatMap((spec) => {
    const raw = flags[spec.key] as { value: number; relative: boolean } | undefined;
    return raw === undefined ? [] : [{ metric: spec.metric, bound: spec.bound, value: raw.value, relative: raw.relative, source: 'flag' as const }];
  });
}

/** The file's change thresholds overridden by the flags' on the same metric, in the flags' (registry) order. */
function mergeChanges(fromConfig: readonly ChangeThreshold[], fromFlags: readonly ChangeThreshold[]): ChangeThreshold[] {
  const merged = new Map<string, ChangeThreshold>();
  for (const change of [...fromConfig, ...fromFlags]) merged.set(change.metric, change);
  return CHANGE_FLAGS.flatMap((spec) => merged.get(spec.metric) ?? []);
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
