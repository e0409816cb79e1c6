import { parseScore } from '../parse-score.js';

/**
 * 10^d for d = 0..22: exactly representable in a double (10^22 = 2^22 * 5^22 and 5^22 < 2^53),
 * so `mantissa / 10^d` is one correctly rounded IEEE division of two exact values. 10^23 is not
 * exact, so more decimals than 22 go to the general parser.
 */
const EXACT_POWERS_OF_TEN = Float64Array.from({ length: 23 }, (_, d) => 10 ** d);
/** Integers below 2^53 are exact doubles, so a mantissa accumulated digit by digit stays exact. */
const TWO_POW_53 = 2 ** 53;

const QUOTE = 0x22, CR = 0x0d, MINUS = 0x2d, PLUS = 0x2b, DOT = 0x2e, ZERO = 0x30;

/** How one data line's columns are read: which holds the label, which score goes where. */
export interface LineLayout {
  readonly delimiter: number;
  /** Columns in the header: every line must have exactly this many. */
  readonly width: number;
  readonly labelIndex: number;
  /** For each column, the index of its score among the score columns, or -1. */
  readonly slots: Int32Array;
}

/** `parseLine`'s result when the line is not the fast path's business (the general path decides). */
export const UNUSUAL = -1;
/** `parseBodyLine`'s result for a line the general path skips (spaces and tabs only). */
export const BLANK = -2;

/**
 * Parses the data line `bytes[start, end)` (without its line break) in one pass over its bytes:
 * each score is written to `scores[base + slot]` with no string made, and the label cell's bounds
 * go to `labelBounds[0..1]`. Returns the number of columns on success, or `UNUSUAL` for anything
 * this path leaves to the general one: a quote, a carriage return, a wrong number of columns, a
 * score the general definition (`parseScore`) refuses.
 *
 * `bytes[end]` must exist and be neither a digit, a dot nor the delimiter (the line break is; the
 * caller puts one after an unterminated last line), so the digit loops need no bounds test.
 *
 * A score made of an optional sign, digits and at most one dot is the integer mantissa M (the
 * digits without the dot) over 10^d (d digits after the dot). When M < 2^53 (so every partial
 * M*10 + digit was exact) and d <= 22 (so 10^d is exact), `M / 10^d` is the correctly rounded
 * quotient of two exact numbers, which is what `Number(text)` returns for that decimal: the same
 * double bit for bit, -0 included. Anything else (exponents, longer mantissas, spaces) is parsed
 * by `parseScore` on the field's text, as the general path does.
 *
 * Top-level with plain parameters so that V8 keeps this loop (it runs over every byte of the
 * file) monomorphic and optimised.
 */
export function parseLine(bytes: Buffer, start: number, end: number, layout: LineLayout,
  scores: Float64Array, base: number, labelBounds: Int32Array): number {
  const { delimiter, width, labelIndex, slots } = layout;
  let i = start;
  for (let column = 0; ; column++) {
    if (column >= width) return UNUSUAL;
    const fieldStart = i;
    const slot = slots[column]!;
    if (slot >= 0) {
      let c = bytes[i]!;
      const negative = c === MINUS;
      if (negative || c === PLUS) c = bytes[++i]!;
      const digitsStart = i;
      let mantissa = 0;
      let digit = c - ZERO;
      while (digit >= 0 && digit <= 9) {
        mantissa = mantissa * 10 + digit;
        digit = bytes[++i]! - ZERO;
      }
      let digits = i - digitsStart;
      let decimals = 0;
      if (bytes[i] === DOT) {
        const dot = i;
        digit = bytes[++i]! - ZERO;
        while (digit >= 0 && digit <= 9) {
          mantissa = mantissa * 10 + digit;
          digit = bytes[++i]! - ZERO;
        }
        decimals = i - dot - 1;
        digits += decimals;
      }
      if ((i === end || bytes[i] === delimiter) && digits > 0 && mantissa < TWO_POW_53 && decimals <= 22) {
        const value = mantissa / EXACT_POWERS_OF_TEN[decimals]!;
        scores[base + slot] = negative ? -value : value;
      } else {
        // The general definition decides: exponents, long mantissas, spaces, anything invalid.
        // latin1 equals UTF-8 on ASCII, and non-ASCII text is never a number either way.
        i = fieldEnd(bytes, fieldStart, end, delimiter);
        if (i < 0) return UNUSUAL;
        const value = parseScore(bytes.toString('latin1', fieldStart, i));
        if (value === undefined) return UNUSUAL;
        scores[base + slot] = value;
      }
    } else {
      i = fieldEnd(bytes, fieldStart, end, delimiter);
      if (i < 0) return UNUSUAL;
      if (column === labelIndex) {
        labelBounds[0] = fieldStart;
        labelBounds[1] = i;
      }
    }
    if (i === end) return column + 1 === width ? width : UNUSUAL;
    i++; // the delimiter
  }
}

/**
 * Where the field starting at `i` ends (its delimiter, or `end`); -1 when it holds a quote or a
 * carriage return (quoted fields and bare CR record breaks are the general path's).
 */
function fieldEnd(bytes: Buffer, i: number, end: number, delimiter: number): number {
  for (; i < end; i++) {
    const c = bytes[i]!;
    if (c === delimiter) return i;
    if (c === QUOTE || c === CR) return -1;
  }
  return end;
}

const SPACE = 0x20, TAB = 0x09;

/**
 * `parseLine` for a non-empty body line, with the general path's rule for blank records: a line
 * that `parseLine` finds unusual but that holds only spaces and tabs (no delimiter) is `BLANK`
 * (skipped, as csv-parse skips a record of one field that trims to nothing).
 */
export function parseBodyLine(bytes: Buffer, start: number, end: number, layout: LineLayout,
  scores: Float64Array, base: number, labelBounds: Int32Array): number {
  const columns = parseLine(bytes, start, end, layout, scores, base, labelBounds);
  return columns === UNUSUAL && isBlank(bytes, start, end, layout.delimiter) ? BLANK : columns;
}

/** What the general path skips: a record of one field that trims to nothing. */
function isBlank(bytes: Buffer, start: number, end: number, delimiter: number): boolean {
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if ((c !== SPACE && c !== TAB) || c === delimiter) return false;
  }
  return true;
}
