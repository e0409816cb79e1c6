/**
 * `--where EXPR`: which rows to keep, by a column's value. The grammar (docs/conventions.md,
 * "Slices"):
 *
 *   EXPR   := COLUMN OP VALUE | COLUMN ("in" | "not in") VALUES
 *   OP     := "=" | "==" | "!=" | "<" | "<=" | ">" | ">="
 *   VALUES := VALUE ("," VALUE)*
 *
 * Values are compared as the cell's text, trimmed, exactly (case-sensitive); a value may be
 * quoted ('en,us' or "en,us") to hold a comma or surrounding spaces. `<`, `<=`, `>`, `>=` compare
 * numbers: the value and every cell of the column must be decimal numbers. Several `--where`
 * expressions keep the rows that satisfy all of them.
 *
 * Pure: parsing gives a `WhereClause`; `matchRows` applies clauses to columns of cell text that
 * the reader collected. A value that never occurs in its column is an error (a typo would
 * otherwise keep every row, or none, without a word).
 */
import { CalibError } from './errors.js';

export type WhereOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in';

export interface WhereClause {
  /** The expression as typed, for messages. */
  readonly text: string;
  readonly column: string;
  readonly op: WhereOp;
  /** One value for the comparison operators, one or more for `in` / `not in`. */
  readonly values: readonly string[];
}

const SYMBOLS = ['<=', '>=', '!=', '==', '=', '<', '>'] as const;
const NUMERIC_OPS: ReadonlySet<WhereOp> = new Set(['<', '<=', '>', '>=']);
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function usage(text: string, what: string): CalibError {
  return new CalibError('usage', `--where ${JSON.stringify(text)}: ${what}.`, undefined,
    'Write COLUMN=VALUE, COLUMN!=VALUE, COLUMN<NUMBER (also <=, >, >=), COLUMN in A,B or COLUMN not in A,B, e.g. --where split=test.');
}

/** Parses one `--where` expression; a usage error naming what is wrong. */
export function parseWhere(text: string): WhereClause {
  const keyword = /^(.*?)\s+(not\s+in|in)\s+(.*)$/i.exec(text);
  let column: string;
  let op: WhereOp;
  let rest: string;
  const symbol = firstSymbol(text);
  if (keyword && (symbol === undefined || symbol.at > keyword[1]!.length)) {
    column = keyword[1]!;
    op = /^not/i.test(keyword[2]!) ? 'not in' : 'in';
    rest = keyword[3]!;
  } else if (symbol !== undefined) {
    column = text.slice(0, symbol.at);
    op = symbol.op === '==' ? '=' : symbol.op;
    rest = text.slice(symbol.at + symbol.op.length);
  } else {
    throw usage(text, 'no operator');
  }
  column = unquote(column.trim());
  if (column === '') throw usage(text, 'no column name before the operator');
  const values = op === 'in' || op === 'not in' ? splitValues(rest) : [unquote(rest.trim())];
  if (values.some((v) => v === '') && !(values.length === 1 && rest.trim() !== '')) {
    throw usage(text, op === 'in' || op === 'not in' ? 'an empty value in the list' : 'no value after the operator');
  }
  if (NUMERIC_OPS.has(op) && !DECIMAL.test(values[0]!)) throw usage(text, `${op} compares numbers, and ${JSON.stringify(values[0])} is not one`);
  return { text, column, op, values };
}

function firstSymbol(text: string): { at: number; op: (typeof SYMBOLS)[number] } | undefined {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote !== undefined) { if (ch === quote) quote = undefined; continue; }
    if (ch === '"' || ch === "'") { quote = ch; continue; }
    const op = SYMBOLS.find((s) => text.startsWith(s, i));
    if (op !== undefined) return { at: i, op };
  }
  return undefined;
}

function splitValues(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const ch of text) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (ch === ',') {
      out.push(unquote(current.trim()));
      current = '';
    } else {
      current += ch;
    }
  }
  out.push(unquote(current.trim()));
  return out;
}

function unquote(text: string): string {
  return text.length >= 2 && (text[0] === '"' || text[0] === "'") && text.at(-1) === text[0] ? text.slice(1, -1) : text;
}

/** The columns `clauses` read, once each, in order of first use. */
export function whereColumns(clauses: readonly WhereClause[]): string[] {
  return [...new Set(clauses.map((c) => c.column))];
}

/**
 * The rows (0-based, ascending) that satisfy every clause. `cells(column)` gives the column's
 * trimmed text, one per row (the reader has already resolved the column's name). `file` names
 * the input in messages. Throws CalibError('usage') for a value that occurs in no row, a
 * numeric comparison on a cell that is not a number (naming its data row), or no row left.
 */
export function matchRows(clauses: readonly WhereClause[], rows: number, cells: (column: string) => readonly string[], file?: string): Int32Array {
  const keep = new Uint8Array(rows).fill(1);
  for (const clause of clauses) {
    const column = cells(clause.column);
    if (NUMERIC_OPS.has(clause.op)) {
      const bound = Number(clause.values[0]);
      for (let i = 0; i < rows; i++) {
        const text = column[i]!;
        if (!DECIMAL.test(text)) {
          throw new CalibError('usage', `--where ${JSON.stringify(clause.text)}: column ${JSON.stringify(clause.column)} holds ${JSON.stringify(text)} at data row ${i + 1}, which is not a number.`,
            file === undefined ? undefined : { file }, 'Compare a text column with = or in instead of <, <=, > or >=.');
        }
        const x = Number(text);
        const ok = clause.op === '<' ? x < bound : clause.op === '<=' ? x <= bound : clause.op === '>' ? x > bound : x >= bound;
        if (!ok) keep[i] = 0;
      }
      continue;
    }
    const wanted = new Set(clause.values);
    const seen = new Set<string>();
    for (let i = 0; i < rows; i++) if (wanted.has(column[i]!)) seen.add(column[i]!);
    const missing = clause.values.filter((v) => !seen.has(v));
    if (missing.length > 0) {
      const present = [...new Set(column)].sort();
      const shown = present.slice(0, 12).map((v) => JSON.stringify(v)).join(', ') + (present.length > 12 ? `, ... (${present.length} in all)` : '');
      throw new CalibError('usage', `--where ${JSON.stringify(clause.text)}: ${missing.map((v) => JSON.stringify(v)).join(', ')} ${missing.length === 1 ? 'occurs' : 'occur'} in no row of column ${JSON.stringify(clause.column)}.`,
        file === undefined ? undefined : { file }, `The column's values are ${shown} (compared as text, case-sensitive).`);
    }
    const negate = clause.op === '!=' || clause.op === 'not in';
    for (let i = 0; i < rows; i++) if (wanted.has(column[i]!) === negate) keep[i] = 0;
  }
  let count = 0;
  for (let i = 0; i < rows; i++) count += keep[i]!;
  if (count === 0) {
    throw new CalibError('usage', `no row satisfies ${clauses.map((c) => `--where ${JSON.stringify(c.text)}`).join(' and ')}.`,
      file === undefined ? undefined : { file }, 'Each value occurs somewhere, but no row has all of them: loosen one of the expressions.');
  }
  const out = new Int32Array(count);
  for (let i = 0, j = 0; i < rows; i++) if (keep[i] === 1) out[j++] = i;
  return out;
}
