import { readFile } from 'node:fs/promises';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { errors } from '../../core/errors.js';
import type { InputColumn } from '../typed-table.js';

/**
 * JSON Lines (one object per line, as pandas' `to_json(orient="records", lines=True)` and
 * evaluation harnesses' sample logs write) and JSON (an array of such objects). Each record is
 * flattened to named cells: nested objects by dot path (`resps.logits`), an array of numbers to
 * a vector column (`logits.0 .. logits.K-1`, which `--scores logits` names whole), other arrays
 * by index (`choices.0`). The first record sets the fields; a record that lacks one, adds one or
 * holds a vector of another length is an error naming its line and field.
 */

type Cell = number | string | boolean | null;

interface Field {
  readonly path: string;
  /** A vector of numbers: its length (the elements are columns path.0 ..). */
  readonly width?: number;
}

export interface RecordColumns {
  readonly columns: InputColumn[];
  readonly vectors: string[];
  /** 1-based line of each record (JSON Lines), or its position in the array (JSON). */
  readonly positions: Int32Array;
}

function isNumberArray(value: unknown[]): value is number[] {
  return value.length > 0 && value.every((v) => typeof v === 'number');
}

function fieldsOf(record: Record<string, unknown>, prefix: string, out: Field[]): void {
  for (const [key, value] of Object.entries(record)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (Array.isArray(value)) {
      if (isNumberArray(value)) out.push({ path, width: value.length });
      else fieldsOf(Object.fromEntries(value.map((v, i) => [String(i), v])), path, out);
    } else if (value !== null && typeof value === 'object') {
      fieldsOf(value as Record<string, unknown>, path, out);
    } else {
      out.push({ path });
    }
  }
}

/** The value at a dot path (array indices included), or undefined. */
function at(record: unknown, path: readonly string[]): unknown {
  let value = record;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function countLeaves(record: Record<string, unknown>): number {
  const out: Field[] = [];
  fieldsOf(record, '', out);
  return out.length;
}

export async function readRecordColumns(file: string, json: boolean): Promise<RecordColumns> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw errors.cannotRead(file, (error as Error).message);
  }
  // Gzipped (.jsonl.gz, .json.gz; told by the magic bytes 1f 8b, whatever the name).
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = await promisify(gunzip)(bytes);
    } catch (error) {
      throw errors.badGzip(file, (error as Error).message);
    }
  }
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records: Record<string, unknown>[] = [];
  const lines: number[] = [];
  const checkObject = (value: unknown, position: number, what: string): Record<string, unknown> => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw errors.recordShape(file, position, '', `${what} is ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}, not an object of fields`);
    }
    return value as Record<string, unknown>;
  };
  if (json) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw errors.notRecords(file, `it does not parse as JSON (${(error as Error).message})`);
    }
    if (!Array.isArray(parsed)) throw errors.notRecords(file, objectDocument(parsed) ?? 'the document is not an array');
    parsed.forEach((value, i) => {
      records.push(checkObject(value, i + 1, `element ${i + 1}`));
      lines.push(i + 1);
    });
  } else {
    // One JSON object for the whole file is a table in another layout (pandas' orient='columns',
    // 'index', 'split', 'table'), or pretty-printed: not one record per line.
    const whole = wholeObject(text);
    if (whole !== undefined) {
      const layout = objectDocument(whole.value);
      if (layout !== undefined || whole.lines > 1) throw errors.notRecords(file, layout ?? 'the file is one JSON object over several lines');
    }
    let start = 0;
    let line = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      line++;
      const content = text.slice(start, end).trim();
      start = end + 1;
      if (content === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(content);
      } catch (error) {
        const detail = /(?<![\w"])(?:-?Infinity|NaN)(?![\w"])/.test(content)
          ? 'NaN and Infinity are not JSON (Python\'s json.dumps writes them for a diverged score)'
          : (error as Error).message;
        throw errors.badJson(file, line, detail);
      }
      records.push(checkObject(value, line, 'the line'));
      lines.push(line);
    }
  }
  if (records.length === 0) throw errors.emptyFile(file);

  const fields: Field[] = [];
  fieldsOf(records[0]!, '', fields);
  const rows = records.length;
  const leaves = fields.length;
  const columns: InputColumn[] = [];
  const vectors: string[] = [];
  const positions = Int32Array.from(lines);
  for (const field of fields) {
    const path = field.path.split('.');
    if (field.width !== undefined) {
      const width = field.width;
      const data = new Float64Array(rows * width);
      for (let r = 0; r < rows; r++) {
        const value = at(records[r], path);
        if (!Array.isArray(value)) throw errors.recordShape(file, positions[r]!, field.path, `field ${JSON.stringify(field.path)} is ${value === undefined ? 'missing' : 'not an array'}`);
        if (value.length !== width) {
          throw errors.recordShape(file, positions[r]!, field.path, `field ${JSON.stringify(field.path)} has ${value.length} values, the first record's has ${width}`);
        }
        for (let j = 0; j < width; j++) {
          const v = value[j];
          data[r * width + j] = typeof v === 'number' ? v : NaN;
          if (typeof v !== 'number') {
            throw errors.recordShape(file, positions[r]!, `${field.path}.${j}`, `value ${j} of field ${JSON.stringify(field.path)} is ${JSON.stringify(v)}, not a number`);
          }
        }
      }
      vectors.push(field.path);
      for (let j = 0; j < width; j++) {
        columns.push({
          name: `${field.path}.${j}`, rows,
          text: (r) => String(data[r * width + j]!),
          value: (r) => data[r * width + j]!,
          matrix: { data, width, index: j },
        });
      }
      continue;
    }
    const cells: Cell[] = new Array<Cell>(rows);
    let numeric = true;
    for (let r = 0; r < rows; r++) {
      const value = at(records[r], path);
      if (value === undefined) throw errors.recordShape(file, positions[r]!, field.path, `field ${JSON.stringify(field.path)} is missing`);
      if (value !== null && typeof value === 'object') throw errors.recordShape(file, positions[r]!, field.path, `field ${JSON.stringify(field.path)} holds ${Array.isArray(value) ? 'an array' : 'an object'}, the first record's a single value`);
      cells[r] = value as Cell;
      if (typeof value !== 'number') numeric = false;
    }
    const text = (r: number): string => {
      const v = cells[r];
      return v === null || v === undefined ? '' : String(v);
    };
    columns.push(numeric ? { name: field.path, rows, text, value: (r) => cells[r] as number } : { name: field.path, rows, text });
  }
  // A field the first record lacks: named, with its line.
  for (let r = 1; r < rows; r++) {
    if (countLeaves(records[r]!) > leaves) {
      const extra: Field[] = [];
      fieldsOf(records[r]!, '', extra);
      const known = new Set(fields.map((f) => f.path));
      const first = extra.find((f) => !known.has(f.path));
      if (first !== undefined) throw errors.recordShape(file, positions[r]!, first.path, `field ${JSON.stringify(first.path)} is not in the first record`);
    }
  }
  return { columns, vectors, positions };
}

/** The file as one JSON object (and the lines it spans), when it is one; else undefined. */
function wholeObject(text: string): { value: Record<string, unknown>; lines: number } | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return undefined; // several records (or a malformed one, which the line reader names)
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return { value: value as Record<string, unknown>, lines: trimmed.split('\n').length };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * What a one-object document is, when it is a table in one of pandas' other layouts: `split`
 * ({columns, index, data}), `table` ({schema, data}), or `columns`/`index` (every value an
 * object keyed by row or by column). Undefined for anything else (a record of its own).
 */
function objectDocument(value: unknown): string | undefined {
  if (!isPlainObject(value)) return undefined;
  const keys = Object.keys(value);
  if (Array.isArray(value.data) && (Array.isArray(value.columns) || isPlainObject(value.schema))) {
    return `the document is one object with ${keys.map((k) => `"${k}"`).join(', ')} (pandas' orient='${Array.isArray(value.columns) ? 'split' : 'table'}'), not records`;
  }
  const values = Object.values(value);
  if (values.length > 0 && values.every(isPlainObject)) {
    return `the document is one object of ${values.length} object${values.length === 1 ? '' : 's'} keyed by ${keys.slice(0, 3).map((k) => `"${k}"`).join(', ')}${keys.length > 3 ? ', ...' : ''} (pandas' orient='columns' or 'index'), not records`;
  }
  return undefined;
}
