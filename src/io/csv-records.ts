import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { CalibError, errors } from '../core/errors.js';
import { sniffDelimiter, type Delimiter } from './sniff-delimiter.js';

/** Receives the records of a CSV file in order. May throw to stop reading. */
export interface RecordSink {
  /** The first non-blank record. */
  header(fields: string[]): void;
  /** A data record and the 1-based physical line where it starts. */
  row(fields: string[], line: number): void;
}

/** A header line longer than this is sniffed from its first part only. */
const SNIFF_LIMIT = 1 << 20;

/**
 * Tokenizes CSV text (UTF-8 bytes) with csv-parse: the delimiter is sniffed from the header line,
 * quotes follow RFC 4180, CRLF, LF or CR end records, blank lines are skipped. Returns the
 * delimiter used, or undefined for a file with no records at all.
 *
 * Line numbers are counted here, not taken from csv-parse (whose count is off after a quoted
 * CRLF): each record ends one line and adds the line breaks inside its fields.
 */
export async function readRecords(file: string, bytes: AsyncIterable<Buffer>, sink: RecordSink): Promise<Delimiter | undefined> {
  const it = bytes[Symbol.asyncIterator]();
  // Read until the first non-blank line is complete (or the sniff limit, or the end).
  let start = Buffer.alloc(0);
  let ended = false;
  let firstLine: string | undefined;
  while (firstLine === undefined) {
    const next = await it.next();
    ended = next.done === true;
    if (!ended) start = start.length === 0 ? next.value : Buffer.concat([start, next.value]);
    const text = start.subarray(0, SNIFF_LIMIT).toString('utf8').replace(/^(?:[ \t]*(?:\r\n|\r|\n))+/, '');
    const end = text.search(/[\r\n]/);
    if (end >= 0) firstLine = text.slice(0, end);
    else if (ended || start.length >= SNIFF_LIMIT) firstLine = text;
  }
  if (ended && firstLine.trim() === '') return undefined;
  const delimiter = sniffDelimiter(firstLine);

  let line = 1;
  let sawHeader = false;
  const parser = parse({
    delimiter,
    // Every record ends at CR LF, LF or CR, whichever it has: a file whose lines end in both (a
    // CRLF export with lines appended on Linux) reads as it looks. csv-parse would otherwise take
    // the first line's ending for all, leaving a CR in the last field or two lines in one record.
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    skip_empty_lines: false,
    bom: false,
    on_record: (fields: string[]) => {
      const at = line;
      line += 1 + breaksIn(fields);
      if (fields.length === 1 && (fields[0] ?? '').trim() === '') return null;
      if (sawHeader) sink.row(fields, at);
      else {
        sawHeader = true;
        sink.header(fields);
      }
      return null;
    },
  });
  async function* all(): AsyncGenerator<Buffer> {
    yield start;
    if (ended) return;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  }
  try {
    await pipeline(Readable.from(all()), parser, async (records: AsyncIterable<unknown>) => {
      for await (const _ of records) { /* on_record keeps nothing: drain */ }
    });
  } catch (error) {
    if (error instanceof CalibError) throw error;
    if (error instanceof CsvError) throw errors.badCsv(file, line, csvProblem(error));
    throw error;
  } finally {
    await it.return?.();
  }
  return sawHeader ? delimiter : undefined;
}

/** Line breaks inside the fields of one record (CRLF counts once). */
function breaksIn(fields: readonly string[]): number {
  let n = 0;
  for (const field of fields) {
    if (!field.includes('\n') && !field.includes('\r')) continue;
    for (let i = 0; i < field.length; i++) {
      const c = field.charCodeAt(i);
      if (c === 0x0a) n++;
      else if (c === 0x0d) {
        n++;
        if (field.charCodeAt(i + 1) === 0x0a) i++;
      }
    }
  }
  return n;
}

function csvProblem(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED': return 'a quoted field is never closed';
    case 'CSV_INVALID_CLOSING_QUOTE': return 'a closing quote is followed by other characters';
    case 'INVALID_OPENING_QUOTE': return 'a quote appears inside an unquoted field';
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE': return 'a closing quote is followed by other characters';
    default: return error.message.replace(/\.$/, '');
  }
}
