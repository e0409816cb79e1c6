import { DEFAULT_PROB_FLOOR } from '../core/config.js';
import { errors } from '../core/errors.js';
import { messagesOf, warn, type Warning } from '../core/warnings.js';
import type { Predictions, ScoreKind } from '../core/predictions.js';
import { open, stat } from 'node:fs/promises';
import type { CompactRowScan, RowScan, ScanConfig } from '../metrics/row-stats.js';
import type { RangeJob, RangeResult } from './fast/parse-range.js';
import { readBodyFast, SplitEstimateMissed } from './fast/read-body.js';
import { inlineScanFeed, type ScanFeed } from './fast/scan-feed.js';
import { openInput } from './open-input.js';
import type { ProgressCallback } from './progress.js';
import type { ColumnDecision, TextColumnRequest } from './select-columns.js';
import { TableBuilder } from './table-builder.js';
import { detectFormat, type InputFormat } from './formats/detect.js';
import type { ParquetThreads } from './formats/parquet-direct.js';
import { relocate } from './typed-table.js';
import { inputFiles } from './input-set.js';
import { toPredictions, WideDetector, windowedLogits, type PairLogs } from './to-predictions.js';
import { halfWindowRows, ScoreWindow } from './score-window.js';

export { parseScore } from './parse-score.js';

export interface ReadOptions {
  /** --label COL */
  label?: string;
  /** --scores: column names or globs like 'logit_*' */
  scores?: readonly string[];
  /** --ignore: names or globs */
  ignore?: readonly string[];
  kind: 'auto' | 'logits' | 'probs';
  /** --classes: class names of the score columns, in column order (headers such as 0,1,2). */
  classes?: readonly string[];
  /** --positive NAME for binary string labels */
  positive?: string;
  /** Replaces a probability of exactly 0 before taking logs (default DEFAULT_PROB_FLOOR). */
  probFloor: number;
  /** Divide probability rows by their sum even when it is further from 1 than their rounding allows. */
  renormalize: boolean;
  /** The scores are percentages: divide them by 100 (`--percent`). */
  percent?: boolean;
  /** `--labels FILE.npy`: the labels of scores read from a .npy, .npz, Parquet or JSON file. */
  labels?: string;
  /** `--key NAME`: the .npz key (JSON field, Parquet column) holding the scores. */
  key?: string;
  /** Columns whose text is read for every row (`--group-by`, `--where`, `--id`): ReadResult.text. */
  textColumns?: readonly TextColumnRequest[];
}

export interface ReadResult {
  /** Scores in log space (see src/core/predictions.ts). */
  predictions: Predictions;
  /** Path as given (`-` for stdin). */
  file: string;
  /** The format the content was read as (formats/detect.ts). */
  format: InputFormat;
  labelColumn: string;
  scoreColumns: string[];
  /** Every column of the header with its role and the reason (select-columns.ts). */
  columns: ColumnDecision[];
  kindDecision: { kind: ScoreKind; how: 'auto' | 'forced'; reason: string };
  /** Rows whose true-class probability was exactly 0 and was replaced by the floor. */
  floorHits: number;
  /** Things to tell the user on stderr. */
  notes: string[];
  /** Problems that did not stop the run: the messages of `warningRecords`. */
  warnings: string[];
  /** The same problems as typed records (src/core/warnings.ts). */
  warningRecords: Warning[];
  /** With `source.keepCells`: the header of the non-score columns and each row's cells, as CSV text. */
  kept?: { header: string; cells: readonly string[] };
  /** With `options.textColumns`: each requested column's cells (trimmed), by the name as requested, one per row. */
  text?: ReadonlyMap<string, readonly string[]>;
  /**
   * `scanRows(predictions, source.scan)`, when it was asked for and computed while reading; with
   * `scan.meansOnly`, its `CompactRowScan` (absent when a mean needs the per-row values).
   */
  scan?: RowScan | CompactRowScan;
}

export const DEFAULT_READ_OPTIONS: ReadOptions = Object.freeze({
  kind: 'auto',
  probFloor: DEFAULT_PROB_FLOOR,
  renormalize: false,
});

/** Where and how a file is read (everything optional). */
export interface ReadSource {
  /** Stream read for the path `-`. Default `process.stdin`. */
  stdin?: NodeJS.ReadableStream;
  /** The byte-level reader for plain files (default true; false forces the general path). */
  fastPath?: boolean;
  /**
   * Called as the file is read: bytes so far and the file's size (0 when unknown: stdin; for a
   * gzipped file, bytes of text so far and the compressed size). See progress.ts for a bar.
   */
  onProgress?: ProgressCallback;
  /**
   * Compute `scanRows`' per-row statistics while reading (on another thread for large files, see `ReadThreads`),
   * with these bins. Returned as `ReadResult.scan` when the file turned out to be multiclass
   * logits (what the scan assumes); give it to `evaluateScan` (metrics/evaluate.ts) instead of calling `evaluate`.
   */
  scan?: ScanConfig;
  /**
   * Keep every row's non-score cells (label, ids, bookkeeping, text) as CSV text, returned as
   * `ReadResult.kept` (for `temperature --write`). Files are then read on one thread.
   */
  keepCells?: boolean;
  /** Bytes per read of the fast path (default 1 MiB). */
  chunkSize?: number;
  /**
   * The caller reads nothing of `predictions.scores` (it evaluates `scan`): a large multiclass
   * logits file may then be kept as a window of rows while it is read (ScoreWindow), and its
   * `predictions.scores` throws when read. Files of at least `minBytes` (default MIN_WINDOW_BYTES),
   * in windows of two halves of `halfRows` rows (default `halfWindowRows(K)`).
   */
  window?: boolean | { readonly minBytes?: number; readonly halfRows?: number };
}

/** Files of at least this many bytes are read in a window when `ReadSource.window` allows it. */
export const MIN_WINDOW_BYTES = 64 * 1024 * 1024;

/**
 * How a read may use other threads (src/parallel implements it; the CLI wires one in): nothing
 * here starts a thread. Without it (`readPredictions`), everything is read on the calling thread.
 */
export interface ReadThreads {
  /** Read plain files into shared memory, so that other threads compute on the rows in place. */
  readonly sharedMemory: boolean;
  /**
   * Plain files of at least `minBytes` bytes are read in `1 + parts` pieces (fast/read-body.ts,
   * SplitRead), `parse` reading every piece but the first. Not when the rows are scanned while
   * read (multiclass logits with `source.scan`): that scan keeps another thread busy already.
   */
  readonly split?: {
    readonly minBytes: number;
    readonly parts: number;
    readonly parse: (job: RangeJob, signal: AbortSignal) => Promise<RangeResult>;
  };
  /** Plain files of at least `minBytes` bytes have their rows scanned (`source.scan`) by the feed `start` makes. */
  readonly scan?: { readonly minBytes: number; readonly start: (classes: number, config: ScanConfig, expectedRows: number) => ScanFeed };
  /** A binary probability column's logs (default: on the calling thread). */
  readonly pairLogs?: PairLogs;
  /** A Parquet file's column chunks (default: all decoded on the calling thread). */
  readonly parquet?: ParquetThreads;
}

/** Everything on the calling thread. */
const ONE_THREAD: ReadThreads = Object.freeze({ sharedMemory: false });

/**
 * Reads a prediction CSV (optionally gzipped; `-` for stdin) into `Predictions`, on the calling
 * thread. Throws `CalibError` for anything wrong with the file, naming file, line, column and value.
 */
export function readPredictions(path: string, options: ReadOptions, source: ReadSource = {}): Promise<ReadResult> {
  return readPredictionsOn(ONE_THREAD, path, options, source);
}

/** `readPredictions` with other threads as `threads` allows (the same result, bit for bit). */
export async function readPredictionsOn(threads: ReadThreads, path: string, options: ReadOptions, source: ReadSource = {}): Promise<ReadResult> {
  if (!(options.probFloor > 0 && options.probFloor < 1)) {
    throw errors.badOption('--prob-floor', String(options.probFloor), 'a number between 0 and 1 (exclusive)');
  }
  // A directory of part-files or a glob is one data set, read in sorted order.
  const files = await inputFiles(path);
  if (files.length > 1) return readTyped(threads, path, await detectFormat(files[0]!), options, source, files);
  if (files[0] !== path) return readPredictionsOn(threads, files[0]!, options, source);
  const format = await detectFormat(path);
  if (format !== 'csv') return readTyped(threads, path, format, options, source);
  if (options.labels !== undefined) throw errors.labelsFlag(path);
  const fast = await readFast(threads, path, options, source);
  if (fast?.window?.isWindowed === true) return windowedResult(threads, path, format, options, source, fast.built, fast.window, fast.feed!);
  const { table, plan, kept, text, notes, warnings } = fast?.built ?? await readGeneral(path, options, source);
  let conversion;
  try {
    // Logit spans are checked whether or not the rows were scanned while read: a row that spans
    // more than a double is refused even where its true class's NLL is finite.
    conversion = toPredictions(table, { ...options, ...(threads.pairLogs ? { pairLogs: threads.pairLogs } : {}) });
  } catch (error) {
    fast?.feed?.cancel();
    throw error;
  }
  const scanned = conversion.kindDecision.kind === 'logits' && !conversion.predictions.binary;
  if (fast?.feed !== undefined && !scanned) fast.feed.cancel();
  const scan = fast?.feed !== undefined && scanned ? await fast.feed.finish() : undefined;
  return {
    ...readResult(path, format, options, { table, plan, notes, warnings, text }, conversion),
    ...(kept !== undefined ? { kept: { header: kept.header, cells: kept.cells } } : {}),
    ...(scan !== undefined ? { scan } : {}),
  };
}

/**
 * A file read in a window (ScoreWindow): its kind as detection decided over every row, and the
 * scan made while reading. When the scan has no compact form (a mean that needs every per-row
 * value), the file is read again, whole.
 */
async function windowedResult(threads: ReadThreads, path: string, format: InputFormat, options: ReadOptions, source: ReadSource,
  built: BuiltTable, window: ScoreWindow, feed: ScanFeed): Promise<ReadResult> {
  let conversion;
  try {
    conversion = windowedLogits(built.table, () => window.decide(built.table));
  } catch (error) {
    feed.cancel();
    throw error;
  }
  const scan = await feed.finish();
  if (scan === undefined || !('means' in scan) || !scan.nllFinite) return readPredictionsOn(threads, path, options, { ...source, window: false });
  return { ...readResult(path, format, options, built, conversion), scan };
}

/** What every format's read gives: the predictions, the decisions about the file, its notes and warnings. */
function readResult(path: string, format: InputFormat, options: ReadOptions,
  built: Pick<BuiltTable, 'table' | 'plan' | 'notes' | 'warnings' | 'text'>, conversion: ReturnType<typeof toPredictions>): ReadResult {
  const { table, plan, notes, warnings, text } = built;
  const unused = options.positive !== undefined && table.width > 1 ? [warn.positiveIgnored(path, options.positive)] : [];
  const floor = conversion.floorHits > 0 ? [warn.probFloorHits(path, conversion.floorHits, options.probFloor)] : [];
  const warningRecords = [...warnings, ...unused, ...floor];
  return {
    predictions: conversion.predictions,
    file: path,
    format,
    labelColumn: plan.labelColumn,
    scoreColumns: [...plan.scoreColumns],
    columns: [...plan.columns],
    kindDecision: { ...conversion.kindDecision },
    floorHits: conversion.floorHits,
    notes: [...notes, ...conversion.notes],
    warnings: messagesOf(warningRecords),
    warningRecords,
    ...(text !== undefined ? { text } : {}),
  };
}

type BuiltTable = ReturnType<TableBuilder['finish']>;

/**
 * A file of a typed format (.npy, .npz, Parquet, JSON Lines): its columns go through the same
 * plan, labels and conversion as a CSV file's; positions in messages are rows (or lines).
 */
async function readTyped(threads: ReadThreads, path: string, format: InputFormat, options: ReadOptions, _source: ReadSource,
  files: readonly string[] = [path]): Promise<ReadResult> {
  const { readTypedTable } = await import('./formats/read-typed.js');
  const { table, plan, notes, warnings, text, locate } = await readTypedTable(path, format, {
    ...options, ...(threads.sharedMemory ? { shared: true } : {}), ...(threads.parquet !== undefined ? { parquet: threads.parquet } : {}),
  }, files);
  let conversion;
  try {
    conversion = toPredictions(table, { ...options, ...(threads.pairLogs ? { pairLogs: threads.pairLogs } : {}) });
  } catch (error) {
    throw locate(relocate(error, { unit: files.length === 1 && format === 'jsonl' ? 'line' : 'row' }, 'rows'));
  }
  return readResult(path, format, options, { table, plan, notes, warnings, ...(text !== undefined ? { text } : {}) }, conversion);
}

async function readGeneral(path: string, options: ReadOptions, source: ReadSource): Promise<BuiltTable> {
  const builder = new TableBuilder(path, options, source.keepCells ? { keepCells: true } : {});
  // csv-parse is loaded only when a file needs it: most files take the fast path, and loading
  // it is a tenth of a small run's start-up.
  const { readRecords } = await import('./csv-records.js');
  const bytes = openInput(path, source.stdin ?? process.stdin);
  await readRecords(path, source.onProgress ? counted(bytes, await sizeOf(path), source.onProgress) : bytes, builder);
  return builder.finish();
}

/** Passes the chunks through, reporting the running byte count. */
async function* counted(chunks: AsyncIterable<Buffer>, total: number, onProgress: ProgressCallback): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += chunk.length;
    onProgress(bytes, total);
    yield chunk;
  }
}

async function sizeOf(path: string): Promise<number> {
  if (path === '-') return 0;
  try {
    return (await stat(path)).size;
  } catch {
    return 0; // openInput reports the problem
  }
}

/**
 * The byte-level fast path (fast/read-body.ts) for plain, uncompressed files; undefined when it
 * does not apply, so the general path reads the file (and reports any problem in it) instead.
 * With `source.scan`, the rows are also scanned as they arrive (multiclass only: binary labels
 * get their final ids only at the end).
 */
async function readFast(threads: ReadThreads, path: string, options: ReadOptions, source: ReadSource,
  split = true): Promise<{ built: BuiltTable; feed?: ScanFeed; window?: ScoreWindow } | undefined> {
  if (source.fastPath === false || path === '-') return undefined;
  const size = await plainFileSize(path);
  if (size === undefined) return undefined;
  const scanConfig = source.scan;
  const scanner = scanConfig !== undefined && threads.scan !== undefined && size >= threads.scan.minBytes ? threads.scan.start : inlineScanFeed;
  // The second half's worker parses scores only: rows whose other cells are kept stay on one thread.
  const splitter = split && source.keepCells !== true && (options.textColumns?.length ?? 0) === 0 && threads.split !== undefined && size >= threads.split.minBytes ? threads.split : undefined;
  const builder = new TableBuilder(path, options, { shared: threads.sharedMemory, keepCells: source.keepCells === true });
  let feed: ScanFeed | undefined;
  let window: ScoreWindow | undefined;
  // Logits (or what may be): probabilities and percentages are kept whole, their pass is not the scan's.
  const windowing = source.window === true ? {} : source.window === false ? undefined : source.window;
  const windowed = windowing !== undefined && options.kind !== 'probs' && options.percent !== true && source.keepCells !== true
    && size >= (windowing.minBytes ?? MIN_WINDOW_BYTES);
  const onRows = scanConfig === undefined ? undefined : (rows: number): void => {
    const buffer = builder.rowBuffer!;
    if (feed === undefined) {
      if (buffer.width < 2) return;
      feed = scanner(buffer.width, scanConfig, buffer.capacity);
      if (windowed) {
        const half = windowing?.halfRows ?? halfWindowRows(buffer.width);
        window = new ScoreWindow(buffer, feed, options.kind === 'auto' ? new WideDetector(buffer.width) : undefined, half);
      }
    }
    feed.feed(buffer.scores, buffer.labels, rows, buffer.windowRows);
  };
  try {
    await readBodyFast(path, builder, {
      ...(source.onProgress ? { onProgress: source.onProgress } : {}),
      ...(onRows ? { onRows } : {}),
      ...(splitter ? { split: { minBytes: 0, parts: splitter.parts, when: (width: number) => scanConfig === undefined || width < 2, parse: splitter.parse } } : {}),
    }, source.chunkSize);
    window?.finish();
    const built = builder.finish();
    return feed === undefined ? { built } : { built, feed, ...(window !== undefined ? { window } : {}) };
  } catch (error) {
    feed?.cancel();
    // Rows much longer in one half than the other: read again on one thread.
    if (error instanceof SplitEstimateMissed) return readFast(threads, path, options, source, false);
    // Whatever else went wrong (a quote, a bad cell, an unreadable file), the general path decides.
    return undefined;
  }
}

/**
 * The size of a regular file that is neither gzip (1f 8b) nor UTF-16 (a BOM, or NUL bytes): the
 * fast path's input. Undefined for anything else.
 */
async function plainFileSize(path: string): Promise<number | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
    const info = await handle.stat();
    if (!info.isFile()) return undefined;
    const head = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (bytesRead < 2) return undefined;
    const gzip = head[0] === 0x1f && head[1] === 0x8b;
    const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff) || head.subarray(0, bytesRead).includes(0);
    return gzip || utf16 ? undefined : info.size;
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}
