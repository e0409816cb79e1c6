import { stat } from 'node:fs/promises';
import type { MetricConfig } from '../core/config.js';
import { evaluateOn, evaluateScan } from '../metrics/evaluate.js';
import type { ScanConfig } from '../metrics/row-stats.js';

import { METRIC_NAMES, type Evaluation, type MetricValues } from '../metrics/types.js';
import { createProgressBar } from '../io/progress.js';
import { readPredictionsOn, type ReadResult } from '../io/read-predictions.js';
import { errors, show } from '../core/errors.js';
import { addressSpaceInUse, addressSpaceLimit, addressSpaceNeeded } from '../io/address-space.js';
import type { Context } from './context.js';
import { readOptionsFrom, type InputFlags, type MetricFlags } from './options.js';
import { runtimeOf } from './runtime.js';

/**
 * Reads one prediction file and tells the user (stderr) what was decided about it. Large files
 * get a progress bar on a terminal's stderr (not with --quiet). With `scan`, the per-row
 * statistics are computed while the file is read (`ReadResult.scan`, see `scanConfigFor`). With
 * `fit`, the scores are for a temperature fit (its worker threads start during a large read). `stdin` replaces the
 * context's standard input (inspect reads it twice, from memory). `keepCells` keeps the non-score
 * cells of every row (`ReadResult.kept`, for temperature --write).
 */
export async function loadPredictions(file: string, flags: InputFlags, context: Context,
  options: { scan?: ScanConfig; fit?: boolean; stdin?: NodeJS.ReadableStream; keepCells?: boolean } = {}): Promise<ReadResult> {
  const runtime = runtimeOf(context);
  // A fit's passes run on the worker threads too: on a large file, start them now, so that their
  // start-up overlaps the read instead of delaying the first pass.
  if (options.fit && await isLargeFile(file)) runtime.prestart();
  await checkAddressSpace(file);
  const bar = context.quiet ? undefined : createProgressBar(context.io.stderr, { label: file });
  let result: ReadResult;
  try {
    result = await readPredictionsOn(runtime.read, file, readOptionsFrom(flags), {
      stdin: options.stdin ?? context.io.stdin,
      ...(bar ? { onProgress: bar.update } : {}),
      ...(options.scan ? { scan: options.scan } : {}),
      ...(options.keepCells ? { keepCells: true } : {}),
    });
  } finally {
    bar?.done();
  }
  const { predictions: p, kindDecision } = result;
  context.note(`${file}: ${p.rows} rows, ${p.classes} classes${p.binary ? ' (binary, one score column)' : ''}; ` +
    `${kindDecision.kind === 'logits' ? 'logits' : 'probabilities'} (${kindDecision.how === 'auto' ? 'detected' : 'forced'}: ${kindDecision.reason})`);
  for (const note of result.notes) context.note(`${file}: ${cutLongNames(note)}`);
  // The floor's warning goes into the result's warnings too, so every document and format that
  // shows the read's warnings shows it (JSON `warnings`, Markdown, HTML), not only stderr.
  const warnings = result.floorHits > 0
    ? [...result.warnings, `${result.floorHits} row(s) gave the true class a probability of exactly 0; ` +
      `it was replaced by ${flags.probFloor} (--prob-floor), which sets their NLL.`]
    : result.warnings;
  for (const warning of warnings) context.warn(`${file}: ${cutLongNames(warning)}`);
  return { ...result, warnings };
}

/**
 * The scan to run while reading, when the metric configuration is known before the row count
 * (fixed bins; `--bins auto` depends on N, so it is evaluated after reading instead).
 */
export function scanConfigFor(flags: MetricFlags): ScanConfig | undefined {
  if (flags.bins === 'auto') return undefined;
  return { binaryView: flags.binaryView, classwiseBins: flags.bins, edges: flags.binEdges };
}

/**
 * `evaluate` on what was read, from the scan made while reading when there is one (same numbers);
 * otherwise (binary files, `--bins auto`) the per-row pass runs on the run's threads when it is
 * large. The sort by confidence and smooth ECE use them too when there are many rows.
 */
export function evaluateRead(read: ReadResult, metric: MetricConfig, context: Context): Evaluation {
  const { evaluation: hooks } = runtimeOf(context);
  const evaluation = read.scan
    ? evaluateScan(read.scan, read.predictions.classes, metric, {}, hooks)
    : evaluateOn(hooks, read.predictions, metric);
  return finiteMetrics(evaluation, read.file);
}

/**
 * The last guard before a metric is printed or checked: a NaN or an infinity (an overflow on
 * extreme scores) stops calib with exit 2 instead of showing "nan" or failing a check on it.
 * Returns what it was given, to wrap an evaluation where it is made.
 */
export function finiteMetrics<T extends { readonly metrics: MetricValues }>(evaluation: T, file: string, when = ''): T {
  for (const name of METRIC_NAMES) {
    const value = evaluation.metrics[name];
    if (!Number.isFinite(value)) throw errors.metricNotFinite(file, name, value, when);
  }
  return evaluation;
}

/** Files from this size on are worth starting the worker threads for ahead of time. */
const PRESTART_BYTES = 16 << 20;

async function isLargeFile(file: string): Promise<boolean> {
  if (file === '-') return false;
  try {
    return (await stat(file)).size >= PRESTART_BYTES;
  } catch {
    return false; // the read reports it
  }
}

/**
 * Under a limit on address space (`ulimit -v`), a file that will not fit is refused before it is
 * read, with how much it needs: running out later would kill V8 outright (its heap cannot grow),
 * with no message. Without a limit, or for stdin, nothing is checked.
 */
async function checkAddressSpace(file: string): Promise<void> {
  const limit = addressSpaceLimit();
  if (!Number.isFinite(limit) || file === '-') return;
  const inUse = addressSpaceInUse();
  const size = await stat(file).then((info) => info.isFile() ? info.size : undefined, () => undefined);
  if (inUse === undefined || size === undefined) return;
  const needed = addressSpaceNeeded(size);
  if (inUse + needed > limit) throw errors.addressSpaceShort(file, size, needed, limit, inUse);
}

/** Column names quoted in a note, cut as in error messages: a 200 kB header name is not echoed whole. */
function cutLongNames(text: string): string {
  return text.replace(/"((?:[^"\\]|\\.){41,})"/g, (whole: string) => {
    try {
      return show(JSON.parse(whole) as string);
    } catch {
      return whole;
    }
  });
}
