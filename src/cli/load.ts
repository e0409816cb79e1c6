import { stat } from 'node:fs/promises';
import type { ScanConfig } from '../metrics/row-stats.js';
import { createProgressBar } from '../io/progress.js';
import { readPredictionsOn, type ReadResult } from '../io/read-predictions.js';
import type { TextColumnRequest } from '../io/select-columns.js';
import { errors, show } from '../core/errors.js';
import { addressSpaceInUse, addressSpaceLimit, addressSpaceNeeded } from '../io/address-space.js';
import type { Context } from './context.js';
import { readOptionsFrom, type InputFlags } from './options.js';
import { runtimeOf } from './runtime.js';

/**
 * Reads one prediction file and tells the user (stderr) what was decided about it. Large files
 * get a progress bar on a terminal's stderr (not with --quiet). With `scan`, the per-row
 * statistics are computed while the file is read (`ReadResult.scan`, see `scanConfigFor` in
 * src/app/evaluate.ts). With `fit`, the scores are for a temperature fit (its worker threads
 * start during a large read). `stdin` replaces the context's standard input (inspect reads it twice, from
 * memory). `keepCells` keeps the non-score cells of every row (`ReadResult.kept`, for temperature
 * --write). The read's warnings are printed here and are in the result (`warningRecords`).
 */
export async function loadPredictions(file: string, flags: InputFlags, context: Context,
  options: {
    scan?: ScanConfig; fit?: boolean; stdin?: NodeJS.ReadableStream; keepCells?: boolean; textColumns?: readonly TextColumnRequest[]; scoresUnused?: boolean;
  } = {}): Promise<ReadResult> {
  const runtime = runtimeOf(context);
  // A fit's passes run on the worker threads too: on a large file, start them now, so that their
  // start-up overlaps the read instead of delaying the first pass.
  if (options.fit && await isLargeFile(file)) runtime.prestart();
  await checkAddressSpace(file);
  const bar = context.quiet ? undefined : createProgressBar(context.io.stderr, { label: file });
  let result: ReadResult;
  try {
    const textColumns = options.textColumns ?? [];
    result = await readPredictionsOn(runtime.read, file, textColumns.length > 0 ? { ...readOptionsFrom(flags), textColumns } : readOptionsFrom(flags), {
      stdin: options.stdin ?? context.io.stdin,
      ...(bar ? { onProgress: bar.update } : {}),
      ...(options.scan ? { scan: options.scan } : {}),
      ...(options.keepCells ? { keepCells: true } : {}),
      ...(options.scoresUnused && options.scan ? { window: true } : {}),
    });
  } finally {
    bar?.done();
  }
  const { predictions: p, kindDecision } = result;
  context.note(`${file}: ${p.rows} rows, ${p.classes} classes${p.binary ? ' (binary, one score column)' : ''}; ` +
    `${kindDecision.kind === 'logits' ? 'logits' : 'probabilities'} (${kindDecision.how === 'auto' ? 'detected' : 'forced'}: ${kindDecision.reason})`);
  for (const note of result.notes) context.note(`${file}: ${cutLongNames(note)}`);
  for (const warning of result.warningRecords) context.warn(`${file}: ${cutLongNames(warning.message)}`);
  return result;
}

// What a file's metrics are evaluated from, and the guard on them, are the use cases' (src/app).
export { finiteMetrics } from '../app/evaluate.js';

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
