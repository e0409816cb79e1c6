/**
 * Summary files (docs/summary-format.md): the JSON summary document (header + rows), and the long
 * table alone as CSV, JSON (an array of objects), JSON Lines or Parquet, as SQL engines export it,
 * with the header from a `--summary-header` file or (Parquet written by calib) the file's
 * key-value metadata. Writing is atomic (atomic-write.ts).
 */
import { readFile } from 'node:fs/promises';
import { parse as parseCsv } from 'csv-parse/sync';
import { parquetMetadata, parquetReadObjects, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { CalibError } from '../core/errors.js';
import { parseSummaryHeader } from '../summary/header.js';
import { MERGE_FIELDS } from '../summary/merge.js';
import { summaryFromRows, summaryRows, LONG_COLUMNS, type RawCell } from '../summary/table.js';
import type { Summary, SummaryHeader } from '../summary/types.js';
import { writeFileAtomic, type AtomicWriteOptions } from './atomic-write.js';
import { expandInput } from './input-set.js';

/** The Parquet key-value metadata entry that holds a summary's header. */
export const PARQUET_HEADER_KEY = 'calib.summary.header';

export type SummaryFileFormat = 'json' | 'parquet';

/** The format `-o FILE` asks for: .json or .parquet (a usage error naming the flag otherwise). */
export function summaryOutputFormat(path: string): SummaryFileFormat {
  if (/\.json$/i.test(path)) return 'json';
  if (/\.parquet$/i.test(path)) return 'parquet';
  throw new CalibError('usage', `-o ${path}: a summary is written as .json (small) or .parquet (large).`, undefined, 'Name the output part.summary.json or part.summary.parquet.');
}

/** The JSON summary document: the header's fields, then `rows`, one row per line. */
export function* summaryJsonChunks(summary: Summary): Generator<string> {
  const head = JSON.stringify(summary.header, null, 2);
  yield `${head.slice(0, -2)},\n  "rows": [`;
  // Rows in blocks of about 1 MB: one write per block, not per row.
  let block = '';
  let first = true;
  for (const row of summaryRows(summary)) {
    block += `${first ? '\n' : ',\n'}    ${JSON.stringify(row)}`;
    first = false;
    if (block.length > 1 << 20) { yield block; block = ''; }
  }
  yield `${block}\n  ]\n}\n`;
}

/** The summary as a Parquet file: the long table (slice columns as text, counts INT64, sums DOUBLE), the header in the metadata. */
export function summaryParquet(summary: Summary): Uint8Array {
  const rows = summaryRows(summary);
  const text = (name: string) => ({ name, data: rows.map((r) => String(r[name] ?? '')), type: 'STRING' as const, nullable: false });
  const int32 = (name: string) => ({ name, data: rows.map((r) => r[name] as number | null), type: 'INT32' as const, nullable: true });
  const int64 = (name: string) => ({ name, data: rows.map((r) => (r[name] === null ? null : BigInt(r[name] as number))), type: 'INT64' as const, nullable: true });
  const double = (name: string) => ({ name, data: rows.map((r) => r[name] as number | null), type: 'DOUBLE' as const, nullable: true });
  const columns = [
    ...summary.header.slice_columns.map(text), text('part'), int32('class'), int32('bin'), int64('n'),
    ...LONG_COLUMNS.filter((c) => c.startsWith('sum_')).map(double), int64('floor_hits'), int64('label_count'),
  ];
  const buffer = parquetWriteBuffer({ columnData: columns, kvMetadata: [{ key: PARQUET_HEADER_KEY, value: JSON.stringify(summary.header) }] });
  return new Uint8Array(buffer);
}

/** Writes a summary to `path` (.json or .parquet), atomically, never over an input. */
export async function writeSummaryFile(path: string, summary: Summary, options: AtomicWriteOptions = {}): Promise<void> {
  const format = summaryOutputFormat(path);
  await writeFileAtomic(path, format === 'json' ? summaryJsonChunks(summary) : summaryParquet(summary), options);
}

/** Reads and checks a `--summary-header FILE.json`. */
export async function readSummaryHeader(path: string): Promise<SummaryHeader> {
  return parseSummaryHeader(await readJson(path), path);
}

/**
 * The summaries that `specs` name (files, directories, globs; each expanded in path order, the
 * specs in the order given), each with its file name, read one at a time as they are asked for. `header` is for tables without one of their
 * own (CSV, JSON rows, JSON Lines, Parquet not written by calib); a file with a header of its own
 * must agree with it.
 */
export async function* readSummaryFiles(specs: readonly string[], header?: SummaryHeader, headerFile?: string): AsyncGenerator<{ name: string; summary: Summary }> {
  for (const spec of specs) {
    const files = await expandInput(spec);
    if (files.length === 0) throw new CalibError('usage', `--from-summary ${spec}: no file matches.`, undefined, 'Name summary files (.json, .jsonl, .csv, .parquet), a directory or a glob.');
    for (const file of files) yield { name: file, summary: await readSummaryFile(file, header, headerFile) };
  }
}

/** One summary file, by its extension. */
export async function readSummaryFile(file: string, header?: SummaryHeader, headerFile = '--summary-header'): Promise<Summary> {
  const own = (embedded: SummaryHeader | undefined): SummaryHeader => {
    if (embedded !== undefined) {
      if (header !== undefined) agree(embedded, file, header, headerFile);
      return embedded;
    }
    if (header === undefined) {
      throw new CalibError('usage', `${file} is a summary table without a header.`, { file },
        'Give the header with --summary-header FILE.json (calib sql --header-out writes it), or use the JSON summary document calib summarize writes.');
    }
    return header;
  };
  if (/\.parquet$/i.test(file)) {
    const bytes = await readBytes(file);
    let metadata: FileMetaData;
    let rows: Record<string, RawCell>[];
    try {
      metadata = parquetMetadata(bytes);
      rows = await parquetReadObjects({ file: bytes, metadata, compressors }) as Record<string, RawCell>[];
    } catch (error) {
      throw new CalibError('input', `${file}: not a readable Parquet file (${(error as Error).message}).`, { file });
    }
    const kv = metadata.key_value_metadata?.find((entry) => entry.key === PARQUET_HEADER_KEY)?.value;
    const embedded = kv === undefined ? undefined : parseSummaryHeader(parseJsonText(kv, file), file);
    const present = metadata.schema.slice(1).map((element) => element.name);
    return summaryFromRows(own(embedded), rows, file, present);
  }
  if (/\.csv$/i.test(file)) {
    const text = await readText(file);
    let records: Record<string, string>[];
    try {
      records = parseCsv(text, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
    } catch (error) {
      throw new CalibError('input', `${file}: not readable as CSV (${(error as Error).message}).`, { file });
    }
    const present = text.split(/\r?\n/, 1)[0]!.replace(/^\uFEFF/, '').split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    return summaryFromRows(own(undefined), records, file, present);
  }
  if (/\.(jsonl|ndjson)$/i.test(file)) {
    const rows: Record<string, RawCell>[] = [];
    (await readText(file)).split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === '') return;
      const value = parseJsonText(line, file, i + 1);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new CalibError('input', `${file}:${i + 1}: a JSON Lines summary row must be an object.`, { file, line: i + 1 });
      }
      rows.push(value as Record<string, RawCell>);
    });
    return summaryFromRows(own(undefined), rows, file);
  }
  const value = await readJson(file);
  if (Array.isArray(value)) return summaryFromRows(own(undefined), value as Record<string, RawCell>[], file);
  if (typeof value === 'object' && value !== null && Array.isArray((value as { rows?: unknown }).rows)) {
    const { rows, ...fields } = value as { rows: Record<string, RawCell>[] };
    return summaryFromRows(own(parseSummaryHeader(fields, file)), rows, file);
  }
  throw new CalibError('input', `${file}: neither a calib summary document (a header with rows) nor an array of summary rows.`, { file },
    'Write it with calib summarize -o part.summary.json, or export the calib sql query\'s result as JSON rows.');
}

function agree(embedded: SummaryHeader, file: string, given: SummaryHeader, givenFile: string): void {
  for (const field of MERGE_FIELDS) {
    const a = JSON.stringify(embedded[field]);
    const b = JSON.stringify(given[field]);
    if (a !== b) {
      throw new CalibError('input', `${file} and ${givenFile} disagree on the summary header's ${field} (${a} and ${b}).`, { file },
        'Leave out --summary-header for files with a header of their own, or give the header they were made with.');
    }
  }
}

async function readBytes(file: string): Promise<ArrayBuffer> {
  try {
    const buffer = await readFile(file);
    return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
  } catch (error) {
    throw new CalibError('input', `${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`, { file });
  }
}

async function readText(file: string): Promise<string> {
  return new TextDecoder().decode(await readBytes(file));
}

async function readJson(file: string): Promise<unknown> {
  return parseJsonText(await readText(file), file);
}

function parseJsonText(text: string, file: string, line?: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CalibError('input', `${file}${line !== undefined ? `:${line}` : ''}: not valid JSON (${(error as Error).message}).`, { file, ...(line !== undefined ? { line } : {}) });
  }
}

/** What `-o path` holds for a summary: the JSON document's chunks, or the Parquet file's bytes. */
export function summaryFileContent(path: string, summary: Summary): Iterable<string> | Uint8Array {
  return summaryOutputFormat(path) === 'json' ? summaryJsonChunks(summary) : summaryParquet(summary);
}
