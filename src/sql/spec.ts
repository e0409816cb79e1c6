import type { BinEdges, BinaryView } from '../core/config.js';
import type { ScoreKind } from '../core/predictions.js';
import { errors } from '../core/errors.js';
import { LONG_COLUMNS } from '../summary/table.js';
import { checkGridFlag } from '../summary/types.js';
import type { DialectName } from './dialect.js';

/** Where a query reads its rows from. */
export type TableSource =
  /** A table or view, by its name's parts (`catalog.schema.table` is three parts), each quoted. */
  | { readonly kind: 'name'; readonly parts: readonly string[] }
  /** DuckDB only: Parquet or CSV files by path or glob (read_parquet / read_csv). */
  | { readonly kind: 'parquet' | 'csv'; readonly path: string };

/** Everything a query needs to know that calib would otherwise find in the file (a query cannot look). */
export interface SqlSpec {
  readonly dialect: DialectName;
  readonly table: TableSource;
  readonly label: string;
  /** Score columns in class order: K of them, or one (binary: the probability or logit of class 1). */
  readonly scores: readonly string[];
  readonly kind: ScoreKind;
  /** Class names in index order (K >= 2). */
  readonly classes: readonly string[];
  /** How the label column holds the class: its 0-based index, or its name (one of `classes`). */
  readonly labels: 'index' | 'name';
  readonly binaryView: BinaryView;
  readonly edges: BinEdges;
  /** Fine bins G of the summary grid. */
  readonly grid: number;
  /** Fine bins of the class part (`part = class` rows): each class's probability's grid. */
  readonly classGrid: number;
  readonly probFloor: number;
  /** Slice columns (GROUP BY keys), in order. */
  readonly groupBy: readonly string[];
  /** Bootstrap replicates: Poisson(1) weights from a hash of (row id, replicate), rows tagged 0..count-1 in a `replicate` column. */
  readonly replicates?: { readonly count: number; readonly id: string };
}

/** At most 10,000 replicates (each multiplies the rows the query aggregates). */
export const MAX_REPLICATES = 10_000;

/** True for one score column (binary: the column is class 1's probability or logit). */
export const isBinary = (spec: SqlSpec): boolean => spec.scores.length === 1;

/** The summary table's own columns, which a slice column may not be named (the result would hold two). */
const SUMMARY_COLUMNS = LONG_COLUMNS;

/** Checks what the flags could not (throws a usage error naming the flag that resolves it). */
export function checkSpec(spec: SqlSpec): void {
  const k = spec.classes.length;
  if (k < 2) throw errors.usage(`a summary needs at least 2 classes; --classes gives ${k}.`, 'Pass --classes with every class name in index order (or the number of classes).');
  if (spec.scores.length !== 1 && spec.scores.length !== k) {
    throw errors.usage(`--scores names ${spec.scores.length} columns but --classes gives ${k} classes.`,
      'Give one score column per class, in class order (or one column for a binary model: the probability or logit of class 1).');
  }
  if (spec.scores.length === 1 && k !== 2) {
    throw errors.usage(`one score column is a binary model, but --classes gives ${k} classes.`, 'Pass --classes with the two class names (class 0, then class 1).');
  }
  checkGridFlag('--grid', spec.grid);
  checkGridFlag('--class-grid', spec.classGrid);
  const names = [spec.label, ...spec.scores, ...spec.groupBy, ...(spec.replicates ? [spec.replicates.id] : [])];
  if (spec.replicates !== undefined) {
    const r = spec.replicates.count;
    if (!Number.isSafeInteger(r) || r < 1 || r > MAX_REPLICATES) throw errors.badOption('--replicates', String(r), `a whole number of replicates from 1 to ${MAX_REPLICATES.toLocaleString('en-US')}`);
  }
  if (spec.table.kind === 'name') names.push(...spec.table.parts);
  else names.push(spec.table.path);
  for (const name of names) {
    if (name.includes('\0')) throw errors.usage('a column or table name holds a NUL character, which no SQL engine accepts in a name.');
    if (name === '') throw errors.usage('a column or table name is empty.');
  }
  for (const column of spec.groupBy) {
    if ((SUMMARY_COLUMNS as readonly string[]).includes(column) || column === 'replicate') {
      throw errors.usage(`--group-by column ${JSON.stringify(column)} has the name of one of the summary's own columns (${SUMMARY_COLUMNS.join(', ')}).`,
        'Rename it in a view (SELECT ..., col AS other_name FROM table) and group by the new name.');
    }
  }
  if (new Set(spec.groupBy).size !== spec.groupBy.length) throw errors.usage('--group-by names a column twice.');
  if (spec.table.kind !== 'name' && spec.dialect !== 'duckdb') {
    throw errors.usage(`--${spec.table.kind} reads files, which only the DuckDB dialect does here.`, `Use --dialect duckdb, or load the files into a ${spec.dialect} table and pass --table NAME.`);
  }
  if (spec.labels === 'name' && new Set(spec.classes).size !== k) throw errors.usage('--classes names a class twice.');
}
