import { errors } from '../../core/errors.js';
import { checkHeader } from '../select-columns.js';
import { openInput } from '../open-input.js';
import type { InputColumn } from '../typed-table.js';

/**
 * A CSV file as text columns, for a CSV file that is one part of a set of files (several shards
 * read as one data set): the set goes through the typed-table path, whose plan, parser and
 * labels are the CSV path's own, with every row's line kept for messages.
 */
export async function csvColumns(file: string): Promise<{ columns: InputColumn[]; lines: Int32Array }> {
  const { readRecords } = await import('../csv-records.js');
  let header: string[] = [];
  const rows: string[][] = [];
  const lines: number[] = [];
  await readRecords(file, openInput(file, process.stdin), {
    header: (fields) => { header = checkHeader(file, fields); },
    row: (fields, line) => {
      if (fields.length !== header.length) throw errors.raggedRow(file, line, header.length, fields.length);
      rows.push(fields);
      lines.push(line);
    },
  });
  if (header.length === 0) throw errors.emptyFile(file);
  if (rows.length === 0) throw errors.noRows(file);
  const columns = header.map((name, i): InputColumn => ({ name, rows: rows.length, text: (r) => rows[r]![i] ?? '' }));
  return { columns, lines: Int32Array.from(lines) };
}
