import type { BinEdges, BinaryView } from '../core/config.js';
import { errors } from '../core/errors.js';
import { DEFAULT_CLASS_GRID } from '../summary/types.js';
import type { DialectName } from './dialect.js';
import { checkSpec, type SqlSpec, type TableSource } from './spec.js';

/** What `calib sql` was told: the column mapping as for files, minus what only the data could say. */
export interface SqlRequest {
  readonly dialect: DialectName;
  readonly table?: string;
  readonly parquet?: string;
  readonly csv?: string;
  readonly label?: string;
  readonly scores?: readonly string[];
  readonly kind?: 'logits' | 'probs' | 'auto';
  readonly classes?: readonly string[];
  readonly positive?: string;
  readonly binaryView: BinaryView;
  readonly edges: BinEdges;
  readonly grid: number;
  /** The class part's grid (default DEFAULT_CLASS_GRID, as calib summarize). */
  readonly classGrid?: number;
  readonly probFloor: number;
  readonly groupBy?: readonly string[];
  readonly replicates?: number;
  readonly id?: string;
}

/**
 * The query's spec from the flags. A query cannot look at the table, so what calib would detect
 * from a file (the label column, the score columns, their kind, the classes) must be given; a
 * missing one stops with the flag that gives it.
 *
 * `--classes`: the class names in index order, the labels then being those names (compared as
 * text); or one whole number K, the labels then being the indices 0..K-1. Without it the classes
 * are the indices of the score columns (0..K-1; 0 and 1 for one column).
 * `--scores`: column names, or patterns whose `*` stands for each class name in turn
 * (`logit_*` with `--classes 3` is logit_0, logit_1, logit_2).
 */
export function resolveSqlSpec(request: SqlRequest): SqlSpec {
  const sources = [request.table, request.parquet, request.csv].filter((s) => s !== undefined);
  if (sources.length !== 1) {
    throw errors.usage(sources.length === 0 ? 'no table to read: calib sql needs --table NAME (or, for DuckDB, --parquet PATH or --csv PATH).'
      : 'give one of --table, --parquet and --csv.', 'For DuckDB over files: --parquet \'lake/*.parquet\'.');
  }
  if (request.table !== undefined && /^\s*read_(parquet|csv\w*)\s*\(/i.test(request.table)) {
    throw errors.badOption('--table', request.table, 'a table or view name (calib quotes it, so SQL there is never run)',
      'For DuckDB over files, pass --parquet PATH or --csv PATH (a path or a glob): calib writes the read_parquet or read_csv call itself.');
  }
  const table: TableSource = request.table !== undefined ? { kind: 'name', parts: parseTableName(request.table) }
    : request.parquet !== undefined ? { kind: 'parquet', path: request.parquet } : { kind: 'csv', path: request.csv! };
  if (request.label === undefined) throw errors.usage('a query cannot look for the label column: pass --label COLUMN.');
  if (request.scores === undefined || request.scores.length === 0) {
    throw errors.usage('a query cannot look for the score columns: pass --scores COL,COL,... (or a pattern such as logit_* with --classes).');
  }
  if (request.kind === undefined || request.kind === 'auto') {
    throw errors.usage('a query cannot look at the scores to tell logits from probabilities: pass --kind logits or --kind probs.',
      'calib inspect on a sample of the table (exported as a file) shows what detection finds.');
  }
  if ((request.replicates === undefined) !== (request.id === undefined)) {
    throw errors.usage(request.replicates === undefined ? '--id goes with --replicates R (the replicate weights are a hash of the row id).'
      : '--replicates needs --id COLUMN: each replicate\'s weights are a hash of the row id, so models sharing ids get the same resample.');
  }
  const patterns = request.scores;
  const hasPattern = patterns.some((p) => p.includes('*'));
  let classes: string[];
  let labels: 'index' | 'name';
  const given = request.classes;
  if (given !== undefined && given.length === 1 && /^\d+$/.test(given[0]!)) {
    const count = Number(given[0]);
    if (count < 2 || count > 100_000) throw errors.badOption('--classes', given[0]!, 'the class names, or a number of classes from 2 to 100,000');
    classes = Array.from({ length: count }, (_, i) => String(i));
    labels = 'index';
  } else if (given !== undefined) {
    classes = [...given];
    labels = 'name';
  } else {
    if (hasPattern) {
      throw errors.usage(`--scores ${patterns.join(',')} is a pattern, and a query cannot list the table's columns to match it.`,
        'Pass --classes (the class names in order, or their number) so that * stands for each, or name every score column.');
    }
    classes = Array.from({ length: patterns.length === 1 ? 2 : patterns.length }, (_, i) => String(i));
    labels = 'index';
  }
  if (request.positive !== undefined) {
    if (patterns.length !== 1) throw errors.usage('--positive is for one score column (a binary model); with one column per class, each column is its class.');
    const at = classes.indexOf(request.positive);
    if (classes.length !== 2 || at < 0) {
      throw errors.usage(`--positive ${JSON.stringify(request.positive)} is not one of the two classes (${classes.join(', ')}).`,
        'Pass --classes with the two class names, then --positive with the one the score column is for.');
    }
    if (at === 0) classes = [classes[1]!, classes[0]!];
  }
  const scores = hasPattern ? expandPatterns(patterns, classes) : [...patterns];
  const spec: SqlSpec = {
    dialect: request.dialect, table, label: request.label, scores, kind: request.kind, classes, labels,
    binaryView: request.binaryView, edges: request.edges, grid: request.grid, classGrid: request.classGrid ?? DEFAULT_CLASS_GRID, probFloor: request.probFloor,
    groupBy: [...(request.groupBy ?? [])],
    ...(request.replicates !== undefined ? { replicates: { count: request.replicates, id: request.id! } } : {}),
  };
  checkSpec(spec);
  return spec;
}

/** Each pattern with `*` expanded once per class name, in class order; plain names as they are. */
function expandPatterns(patterns: readonly string[], classes: readonly string[]): string[] {
  return patterns.flatMap((p) => (p.includes('*') ? classes.map((c) => p.split('*').join(c)) : [p]));
}

/**
 * A table name's parts: split at dots, where a part may be written in double quotes to hold
 * dots or quotes itself (`"my.schema".t`, `"a""b"`). Each part is quoted for the dialect later, so
 * nothing in the name is read as SQL.
 */
export function parseTableName(text: string): string[] {
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    let part = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw errors.badOption('--table', text, 'a table name (a quoted part is missing its closing ")');
        if (text[i] === '"') {
          if (text[i + 1] === '"') { part += '"'; i += 2; continue; }
          i++;
          break;
        }
        part += text[i++];
      }
      if (i < text.length && text[i] !== '.') throw errors.badOption('--table', text, 'a table name (a quoted part must be followed by a dot or the end)');
    } else {
      while (i < text.length && text[i] !== '.') part += text[i++];
    }
    if (part === '') throw errors.badOption('--table', text, 'a table name such as schema.table (a part is empty)');
    parts.push(part);
    if (i >= text.length) return parts;
    i++; // the dot
  }
}
