/**
 * How the four SQL engines calib writes queries for differ, in the constructs calib's queries use
 * (docs/readme/sql.md lists them for users). Everything else in a query (CASE, GREATEST, LEAST,
 * EXP, LN, CEIL, FLOOR, UNION ALL, GROUP BY, ORDER BY ... NULLS FIRST) is written the same way
 * for all four.
 *
 * Every piece of user text reaches a query through `identifier` or `string` of its dialect, never
 * spliced in raw.
 */
export type DialectName = 'duckdb' | 'postgres' | 'spark' | 'bigquery';

export const DIALECT_NAMES: readonly DialectName[] = ['duckdb', 'postgres', 'spark', 'bigquery'];

export interface Dialect {
  readonly name: DialectName;
  /** A quoted identifier (column, table part) that may hold any character but NUL. */
  identifier(name: string): string;
  /** A string literal holding `text` exactly. */
  string(text: string): string;
  /** Type names. */
  readonly doubleType: string;
  readonly integerType: string;
  readonly textType: string;
  /** `AS` or `AS MATERIALIZED` for a WITH query: how a CTE is bound so that the engine computes each once. */
  readonly cteAs: string;
  /**
   * A SELECT that turns each row of `relation` into one row per element of the array of `items`:
   * the row's `columns` (names of `relation`), the element as `value` and its 0-based index as
   * `position`.
   */
  unnestSelect(relation: string, columns: readonly string[], items: readonly string[], value: string, position: string): string;
  /** A FROM-clause join giving one row per replicate index: a column `r` from 0 to count - 1. */
  replicateIndex(count: number): string;
  /**
   * A double in [0, 1) from a 64-bit hash of the text `key`: 53 bits of the engine's own hash
   * (DuckDB `hash`, PostgreSQL `hashtextextended`, Spark `xxhash64`, BigQuery `FARM_FINGERPRINT`).
   * The hashes differ between engines: the same key gives another value in each.
   */
  uniformHash(key: string): string;
  /** An expression that stops the query with `message` (and the row's value `detail`, text) when evaluated. */
  fail(message: string, detail: string): string;
  /**
   * `x * x`. PostgreSQL raises "value out of range: underflow" when a product of non-zero
   * doubles rounds to 0, where the other engines give 0 (IEEE), so its dialect guards the products
   * that can underflow (the three functions below).
   */
  square(x: string): string;
  /** `e * d` of an exponential e in [0, 1] and its argument d <= 0 (entropy's weighted shift). */
  expTimesArg(e: string, d: string): string;
  /** `e * s` of an exponential e in [0, 1] and the inverse `s` in [1/K, 1] of the row's sum of them (a softmax probability). */
  expTimesInverse(e: string, s: string): string;
  /** `(e * w) * w` of an exponential e = exp(b w) in [0, 1] and w <= 0 (the temperature objective's second moment). */
  expTimesArgSquared(e: string, w: string): string;
}

/** Standard SQL quoting: `"` around, `"` doubled (DuckDB, PostgreSQL). */
function doubleQuoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Standard SQL string literal: `'` around, `'` doubled (DuckDB; PostgreSQL with standard_conforming_strings, its default since 9.1). */
function standardString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * A string literal for engines that read backslash escapes in quoted text (Spark SQL, BigQuery):
 * backslash and the quote are escaped, and every control character is written as `\uXXXX`
 * (a raw newline may not appear in a BigQuery single-quoted string; both engines read \u).
 * Spark reads two adjacent literals as one concatenated string, so doubling a quote would drop it.
 */
function backslashString(text: string): string {
  return `'${escapeBackslash(text, "'")}'`;
}

function escapeBackslash(text: string, quote: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\' || ch === quote) out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

const plainSquare = (x: string): string => `(${x}) * (${x})`;
const plainExpTimesArg = (e: string, d: string): string => `(${e}) * (${d})`;
const plainExpTimesArgSquared = (e: string, w: string): string => `((${e}) * (${w})) * (${w})`;

export const duckdb: Dialect = {
  name: 'duckdb',
  identifier: doubleQuoted,
  string: standardString,
  doubleType: 'DOUBLE',
  integerType: 'BIGINT',
  textType: 'VARCHAR',
  cteAs: 'AS',
  // unnest in the select list, zipped with range(K) (in DuckDB 1.5 a LATERAL unnest WITH
  // ORDINALITY took 10.5 s where this takes 1.4 s, on 1,000,000 rows of 10).
  unnestSelect: (relation, columns, items, value, position) =>
    `SELECT ${[...columns, `unnest([${items.join(', ')}]) AS ${value}`, `unnest(range(${items.length})) AS ${position}`].join(', ')} FROM ${relation}`,
  replicateIndex: (count) => `CROSS JOIN range(${count}) AS rr(r)`,
  uniformHash: (key) => `CAST(hash(${key}) >> 11 AS DOUBLE) / CAST(9007199254740992 AS DOUBLE)`,
  fail: (message, detail) => `error(${standardString(message)} || ${detail})`,
  square: plainSquare,
  expTimesArg: plainExpTimesArg,
  expTimesInverse: plainExpTimesArg,
  expTimesArgSquared: plainExpTimesArgSquared,
};

/**
 * PostgreSQL: `/` of integers is integer division (calib casts to double first everywhere), a
 * float product or exponential that underflows to 0 is an error (so the squares and products that
 * can underflow are guarded), and there is no function that raises an error, so `fail` casts the
 * message to an integer, which stops the query with the message in the error
 * (`invalid input syntax for type bigint: "calib: ..."`); the row's value is part of the text so
 * the planner cannot fold the cast ahead of the rows.
 */
export const postgres: Dialect = {
  name: 'postgres',
  identifier: doubleQuoted,
  string: standardString,
  doubleType: 'double precision',
  integerType: 'bigint',
  textType: 'text',
  // PostgreSQL 12+ inlines a CTE used once into its user: the chain of per-row CTEs would then be
  // one expression in which every e_k is its EXP again at each use (measured: 24 s instead of
  // under a second for 900 rows of 10 logits). MATERIALIZED keeps each step's columns computed once.
  cteAs: 'AS MATERIALIZED',
  unnestSelect: (relation, columns, items, value, position) =>
    `SELECT ${[...columns.map((c) => `${relation}.${c}`), `u.${value}`, `u.${position} - 1 AS ${position}`].join(', ')} FROM ${relation} CROSS JOIN LATERAL unnest(ARRAY[${items.join(', ')}]) WITH ORDINALITY AS u(${value}, ${position})`,
  replicateIndex: (count) => `CROSS JOIN generate_series(0, ${count - 1}) AS rr(r)`,
  uniformHash: (key) => `CAST(hashtextextended(${key}, 0) & 9007199254740991 AS double precision) / CAST(9007199254740992 AS double precision)`,
  fail: (message, detail) => `CAST((${standardString(message)} || ${detail}) AS bigint)`,
  // x^2 < 1e-300 for |x| < 1e-150: such a term is dropped (0). Callers square values whose
  // sums hold a term near 1 (a probability's square next to the top class's), or values whose
  // square below 1e-300 is lost against any other row.
  square: (x) => `CASE WHEN abs(${x}) < 1e-150 THEN CAST(0 AS double precision) ELSE (${x}) * (${x}) END`,
  // e < 1e-300 only when d < -690: the term is below 1e-297 and dropped.
  expTimesArg: (e, d) => `CASE WHEN (${e}) < 1e-300 THEN CAST(0 AS double precision) ELSE (${e}) * (${d}) END`,
  // e < 1e-300: the probability is e itself instead of e * s (both far below any bin edge but
  // the first, and 0 stays exactly 0, so the bins are the same).
  expTimesInverse: (e, s) => `CASE WHEN (${e}) < 1e-300 THEN (${e}) ELSE (${e}) * (${s}) END`,
  // Dropped below 1e-300 (e) or with |w| < 1e-150 (w^2 < 1e-300): terms far below the row's others.
  expTimesArgSquared: (e, w) => `CASE WHEN (${e}) < 1e-300 OR abs(${w}) < 1e-150 THEN CAST(0 AS double precision) ELSE ((${e}) * (${w})) * (${w}) END`,
};

/**
 * Spark SQL: backquoted identifiers (a backquote doubled), backslash escapes in strings,
 * `posexplode` for unnesting (0-based), `raise_error` (Spark 3.1+).
 */
export const spark: Dialect = {
  name: 'spark',
  identifier: (name) => `\`${name.replace(/`/g, '``')}\``,
  string: backslashString,
  doubleType: 'DOUBLE',
  integerType: 'BIGINT',
  textType: 'STRING',
  cteAs: 'AS',
  unnestSelect: (relation, columns, items, value, position) =>
    `SELECT ${[...columns.map((c) => `${relation}.${c}`), value, position].join(', ')} FROM ${relation} LATERAL VIEW posexplode(array(${items.join(', ')})) u AS ${position}, ${value}`,
  replicateIndex: (count) => `CROSS JOIN (SELECT explode(sequence(0, ${count - 1})) AS r) rr`,
  uniformHash: (key) => `CAST(shiftrightunsigned(xxhash64(${key}), 11) AS DOUBLE) / CAST(9007199254740992 AS DOUBLE)`,
  fail: (message, detail) => `raise_error(${backslashString(message)} || ${detail})`,
  square: plainSquare,
  expTimesArg: plainExpTimesArg,
  expTimesInverse: plainExpTimesArg,
  expTimesArgSquared: plainExpTimesArgSquared,
};

/**
 * BigQuery (GoogleSQL): backquoted identifiers with backslash escapes, FLOAT64 and INT64,
 * `UNNEST(...) WITH OFFSET` (0-based), `ERROR(...)`.
 */
export const bigquery: Dialect = {
  name: 'bigquery',
  identifier: (name) => `\`${escapeBackslash(name, '`')}\``,
  string: backslashString,
  doubleType: 'FLOAT64',
  integerType: 'INT64',
  textType: 'STRING',
  cteAs: 'AS',
  unnestSelect: (relation, columns, items, value, position) =>
    `SELECT ${[...columns.map((c) => `${relation}.${c}`), value, position].join(', ')} FROM ${relation} CROSS JOIN UNNEST([${items.join(', ')}]) AS ${value} WITH OFFSET AS ${position}`,
  replicateIndex: (count) => `CROSS JOIN UNNEST(GENERATE_ARRAY(0, ${count - 1})) AS r`,
  uniformHash: (key) => `CAST((FARM_FINGERPRINT(${key}) >> 11) & 9007199254740991 AS FLOAT64) / CAST(9007199254740992 AS FLOAT64)`,
  fail: (message, detail) => `ERROR(CONCAT(${backslashString(message)}, ${detail}))`,
  square: plainSquare,
  expTimesArg: plainExpTimesArg,
  expTimesInverse: plainExpTimesArg,
  expTimesArgSquared: plainExpTimesArgSquared,
};

export const DIALECTS: Readonly<Record<DialectName, Dialect>> = { duckdb, postgres, spark, bigquery };
