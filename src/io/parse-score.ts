/**
 * The one definition of "a number" in a prediction file. Any faster reader added later must give
 * bit-identical results to `parseScore` on every field.
 *
 * A score is a plain decimal literal with an optional exponent, optionally surrounded by spaces or
 * tabs: `0.25`, `-3`, `+1.5e-7`, `.5`, `2.`. Everything else is refused, in particular `''`,
 * `0x10`, `1_000`, `1,5`, `Infinity` and `NaN` (all of which `Number()` would accept or turn into
 * 0 or NaN). The value is `Number(text)`, i.e. the correctly rounded double.
 */
// `\d+(?:\.\d*)?`, not `\d+\.?\d*`: the same strings, but a long run of digits ending in a bad
// character fails in linear time instead of trying every split of the run (100,000 digits: 80 s).
const DECIMAL = /^[ \t]*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?[ \t]*$/;

/**
 * @returns the finite double written in `text`, or `undefined` when `text` is not a plain
 * decimal literal or overflows (`1e999`).
 * @example parseScore(' -1.5e2 ') // -150
 * @example parseScore('1,5') // undefined
 */
export function parseScore(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Why `parseScore` refused a field, to pick the right message. */
export type BadScore = 'empty' | 'notFinite' | 'notANumber';

const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

export function classifyBadScore(text: string): BadScore {
  const trimmed = text.trim();
  if (trimmed === '') return 'empty';
  // An overflowing literal such as 1e999 is a number, just not a finite one.
  if (NON_FINITE.test(trimmed) || DECIMAL.test(trimmed)) return 'notFinite';
  return 'notANumber';
}

/**
 * True when a field was probably meant as a number even though `parseScore` refuses it
 * (NaN/inf, a decimal comma, a thousands separator, an empty cell): such a column is still a score
 * column, so the user gets an error about the bad cell instead of a silently dropped column.
 */
export function looksNumeric(text: string): boolean {
  if (parseScore(text) !== undefined) return true;
  const trimmed = text.trim();
  return classifyBadScore(text) !== 'notANumber'
    || /^[+-]?\d+,\d+$/.test(trimmed)
    || /^[+-]?\d{1,3}(?:[,.' ]\d{3})+(?:\.\d+)?$/.test(trimmed);
}
