import { DEFAULT_PROB_FLOOR } from '../core/config.js';
import { errors } from '../core/errors.js';
import { messagesOf, warn, type Warning } from '../core/warnings.js';
import type { Predictions, ScoreKind } from '../core/predictions.js';
import { open, stat } from 'node:fs/promises';
import type { RowScan, ScanConfig } from '../metrics/row-stats.js';
import { readBodyFast, SplitEstimateMissed } from './fast/read-body.js';
import { canParseInWorker, parseRangeInWorker } from './fast/range-worker.js';
import { canScanInWorker, inlineScanFeed, workerScanFeed, type ScanFeed } from './fast/scan-feed.js';
import { openInput } from './open-input.js';
import type { ProgressCallback } from './progress.js';
import type { ColumnDecision, TextColumnRequest } from './select-columns.js';
import { TableBuilder } from './table-builder.js';
import { checkLogitSpans, toPredictions } from './to-predictions.js';
import { pairLogsOnTwoThreads } from '../parallel/pair-logs.js';

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
  /** Columns whose text is read for every row (`--group-by`, `--where`, `--id`): ReadResult.text. */
  textColumns?: readonly TextColumnRequest[];
}

export interface ReadResult {
  /** Scores in log space (see src/core/predictions.ts). */
  predictions: Predictions;
  /** Path as given (`-` for stdin). */
  file: string;
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
  /** `scanRows(predictions, source.scan)`, when it was asked for and computed while reading. */
  scan?: RowScan;
}

export const DEFAULT_READ_OPTIONS: ReadOptions = Object.freeze({
  kind: 'auto',
  probFloor: DEFAULT_PROB_FLOOR,
  renormalize: false,
});

/**
 * Reads a prediction CSV (optionally gzipped; `-` for stdin) into `Predictions`. Throws
 * `CalibError` for anything wrong with the file, naming file, line, column and value.
 */
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
   * Compute `scanRows`' per-row statistics while reading (on a second thread for large files),
   * with these bins. Returned as `ReadResult.scan` when the file turned out to be multiclass
   * logits (what the scan assumes); give it to `evaluateScan` (metrics/evaluate.ts) instead of calling `evaluate`.
   */
  scan?: ScanConfig;
  /** Scan on a worker thread: default for plain files of 16 MiB or more (false: never). */
  scanInWorker?: boolean;
  /**
   * Plain files of at least this many bytes are read on two threads, each parsing half of the
   * file (fast/read-body.ts, SplitRead): default 16 MiB; Infinity never splits. Not when the rows
   * are scanned while read (multiclass logits with `scan`): that scan already keeps the second
   * thread busy.
   */
  splitBytes?: number;
  /**
   * Keep every row's non-score cells (label, ids, bookkeeping, text) as CSV text, returned as
   * `ReadResult.kept` (for `temperature --write`). Files are then read on one thread.
   */
  keepCells?: boolean;
  /** Bytes per read of the fast path (default 1 MiB). */
  chunkSize?: number;
  /**
   * Put the scores in shared memory, so that another thread can read them without a copy (the
   * temperature fit's passes, src/parallel/). Plain files read by the fast path only.
   */
  shared?: boolean;
}

export async function readPredictions(path: string, options: ReadOptions, source: ReadSource = {}): Promise<ReadResult> {
  if (!(options.probFloor > 0 && options.probFloor < 1)) {
    throw errors.badOption('--prob-floor', String(options.probFloor), 'a number between 0 and 1 (exclusive)');
  }
  const fast = await readFast(path, options, source);
  const { table, plan, kept, text, notes, warnings } = fast?.built ?? await readGeneral(path, options, source);
  let conversion;
  try {
    // Rows scanned while read have their NLL computed already: an overflowing logit span shows
    // there as an infinite NLL, so the matrix needs no extra pass unless one does (below).
    conversion = toPredictions(table, { ...options, pairLogs: pairLogsOnTwoThreads, spanCheck: fast?.feed === undefined });
  } catch (error) {
    fast?.feed?.cancel();
    throw error;
  }
  const scanned = conversion.kindDecision.kind === 'logits' && !conversion.predictions.binary;
  if (fast?.feed !== undefined && !scanned) fast.feed.cancel();
  const scan = fast?.feed !== undefined && scanned ? await fast.feed.finish() : undefined;
  if (scan !== undefined && !scan.stats.nll.every(Number.isFinite)) checkLogitSpans(table, conversion.predictions.scores);
  const unused = options.positive !== undefined && table.width > 1 ? [warn.positiveIgnored(path, options.positive)] : [];
  const floor = conversion.floorHits > 0 ? [warn.probFloorHits(path, conversion.floorHits, options.probFloor)] : [];
  const warningRecords = [...warnings, ...unused, ...floor];
  return {
    predictions: conversion.predictions,
    file: path,
    labelColumn: plan.labelColumn,
    scoreColumns: [...plan.scoreColumns],
    columns: [...plan.columns],
    kindDecision: { ...conversion.kindDecision },
    floorHits: conversion.floorHits,
    notes: [...notes, ...conversion.notes],
    warnings: messagesOf(warningRecords),
    warningRecords,
    ...(kept !== undefined ? { kept: { header: kept.header, cells: kept.cells } } : {}),
    ...(text !== undefined ? { text } : {}),
    ...(scan !== undefined ? { scan } : {}),
  };
}

type BuiltTable = ReturnType<TableBuilder['finish']>;

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

/** Files at least this large are scanned on a worker thread while they are read. */
const WORKER_SCAN_BYTES = 16 << 20;
/** Files at least this large are read on two threads (when their rows are not scanned as read). */
const SPLIT_BYTES = 16 << 20;

/**
 * The byte-level fast path (fast/read-body.ts) for plain, uncompressed files; undefined when it
 * does not apply, so the general path reads the file (and reports any problem in it) instead.
 * With `source.scan`, the rows are also scanned as they arrive (multiclass only: binary labels
 * get their final ids only at the end).
 */
async function readFast(path: string, options: ReadOptions, source: ReadSource): Promise<{ built: BuiltTable; feed?: ScanFeed } | undefined> {
  if (source.fastPath === false || path === '-') return undefined;
  const size = await plainFileSize(path);
  if (size === undefined) return undefined;
  const scanConfig = source.scan;
  const inWorker = scanConfig !== undefined && (source.scanInWorker ?? size >= WORKER_SCAN_BYTES) && canScanInWorker();
  // The second half's worker parses scores only: rows whose other cells are kept stay on one thread.
  const split = source.keepCells !== true && (options.textColumns?.length ?? 0) === 0 && size >= (source.splitBytes ?? SPLIT_BYTES) && canParseInWorker();
  const builder = new TableBuilder(path, options, { shared: inWorker || split || source.shared === true, keepCells: source.keepCells === true });
  let feed: ScanFeed | undefined;
  const onRows = scanConfig === undefined ? undefined : (rows: number): void => {
    const buffer = builder.rowBuffer!;
    if (feed === undefined) {
      if (buffer.width < 2) return;
      feed = (inWorker ? workerScanFeed : inlineScanFeed)(buffer.width, scanConfig, buffer.capacity);
    }
    feed.feed(buffer.scores, buffer.labels, rows);
  };
  try {
    await readBodyFast(path, builder, {
      ...(source.onProgress ? { onProgress: source.onProgress } : {}),
      ...(onRows ? { onRows } : {}),
      ...(split ? { split: { minBytes: 0, when: (width: number) => scanConfig === undefined || width < 2, parse: parseRangeInWorker } } : {}),
    }, source.chunkSize);
    const built = builder.finish();
    return feed === undefined ? { built } : { built, feed };
  } catch (error) {
    feed?.cancel();
    // Rows much longer in one half than the other: read again on one thread.
    if (error instanceof SplitEstimateMissed) return readFast(path, options, { ...source, splitBytes: Infinity });
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
