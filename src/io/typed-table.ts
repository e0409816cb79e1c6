import { CalibError, errors } from '../core/errors.js';
import type { Warning } from '../core/warnings.js';
import { classifyBadScore, parseScore } from './parse-score.js';
import { planColumns, type ColumnPlan, type ColumnSelection } from './select-columns.js';
import { applyClassOf, finishLabels, labelReaderFor, PLAN_SAMPLE_ROWS, type BuildOptions } from './table-builder.js';
import type { NumericTable } from './to-predictions.js';

/**
 * The format-neutral entry point of the readers that get typed columns rather than CSV text
 * (.npy, .npz, Parquet, JSON Lines): named columns become a `NumericTable` through the same
 * column plan (select-columns.ts) and the same label readers (labels.ts) as a CSV file, so
 * every format gets the same roles, decisions, notes and messages.
 */
export interface InputColumn {
  /** The column's name in the plan: a field, a key or a Parquet column; `name.j` for element j of a vector. */
  readonly name: string;
  /** Rows the column holds (a labels array may disagree with the scores: an error). */
  readonly rows: number;
  /** The cell as text: what the column plan samples and what a label resolves. */
  text(row: number): string;
  /** The cell as a number, for numeric columns (text columns parse `text` instead). */
  value?(row: number): number;
  /**
   * Element `index` of the rows of a row-major matrix: a whole matrix can be the scores without a
   * copy. `bounded`: the reader found every value of this column a number within half the
   * largest double (NumericTable.bounded).
   */
  readonly matrix?: { readonly data: Float64Array; readonly width: number; readonly index: number; readonly bounded?: boolean };
  /** Why the column has its role, when the reader decided it (`--labels FILE`). */
  readonly reason?: string;
}

export interface TypedInput {
  readonly file: string;
  readonly columns: readonly InputColumn[];
  /** Columns that hold a vector per row (a 2-D array, a list column, a JSON array): `--scores NAME` names all of its elements. */
  readonly vectors: readonly string[];
  /** What a position is in messages: a physical line (JSON Lines) or a data row (binary formats). */
  readonly unit: 'line' | 'row';
  /** 1-based line or row of a row. */
  positionOf(row: number): number;
  /** The column the reader chose as the label (`--labels FILE`), overriding the search by name. */
  readonly label?: string;
}

export interface TypedTable {
  table: NumericTable;
  plan: ColumnPlan;
  notes: readonly string[];
  warnings: readonly Warning[];
  /** The columns ColumnSelection.textColumns asked for: each row's cell text (trimmed), by the name as requested. */
  text?: ReadonlyMap<string, readonly string[]>;
}

/** `--scores logits` where `logits` is a vector column: all of its elements (`logits.*`). */
function expandVectors(patterns: readonly string[] | undefined, vectors: readonly string[]): string[] | undefined {
  if (patterns === undefined) return undefined;
  return patterns.map((p) => (vectors.includes(p) ? `${p}.*` : p));
}

export function buildTypedTable(input: TypedInput, options: BuildOptions): TypedTable {
  const { file, columns } = input;
  const header = columns.map((c) => c.name);
  const minRows = Math.min(...columns.map((c) => c.rows));
  const sampleRows = Math.min(PLAN_SAMPLE_ROWS, Number.isFinite(minRows) ? minRows : 0);
  const sample: string[][] = [];
  for (let r = 0; r < sampleRows; r++) sample.push(columns.map((c) => c.text(r)));
  const selection: ColumnSelection = {
    ...(options.label !== undefined || input.label !== undefined ? { label: options.label ?? input.label } : {}),
    ...(options.scores !== undefined ? { scores: expandVectors(options.scores, input.vectors) } : {}),
    ...(options.ignore !== undefined ? { ignore: expandVectors(options.ignore, input.vectors) } : {}),
    ...(options.textColumns !== undefined ? { textColumns: options.textColumns } : {}),
  };
  let plan: ColumnPlan;
  try {
    plan = planColumns(file, header, sample, selection);
  } catch (error) {
    throw relocate(error, input, 'header');
  }
  // The reader's own reasons (`--labels FILE`) replace the plan's `--label NAME` for its columns.
  if (options.label === undefined) {
    plan = {
      ...plan,
      columns: plan.columns.map((c) => {
        const reason = columns[c.position - 1]?.reason;
        return reason !== undefined && c.role === 'label' ? { ...c, reason } : c;
      }),
    };
  }
  try {
    return fill(input, plan, options);
  } catch (error) {
    throw relocate(error, input, 'rows');
  }
}

function fill(input: TypedInput, plan: ColumnPlan, options: BuildOptions): TypedTable {
  const { file, columns } = input;
  const header = columns.map((c) => c.name);
  const labelColumn = columns[plan.labelIndex]!;
  const rows = labelColumn.rows;
  const scoreColumns = plan.scoreIndices.map((i) => columns[i]!);
  for (const c of scoreColumns) {
    if (c.rows !== rows) throw errors.rowCountMismatch(file, c.name, c.rows, labelColumn.name, rows);
  }
  if (rows === 0) throw errors.noRows(file);
  const k = scoreColumns.length;
  const position = (r: number): number => input.positionOf(r);
  const values = scoreMatrix(scoreColumns, rows);
  const bounded = scoreColumns.every((c) => c.matrix?.bounded === true);
  // One pass over the values (unless the reader did it): NaN and infinities are refused with their row and column.
  for (let i = 0; !bounded && i < values.length; i++) {
    const v = values[i]!;
    if (v - v !== 0) {
      const r = Math.floor(i / k);
      const j = i - r * k;
      const c = scoreColumns[j]!;
      const name = plan.scoreColumns[j] ?? c.name;
      const text = c.text(r);
      if (text === '') throw errors.emptyCell(file, position(r), name);
      // Text cells are told apart as the CSV reader tells them (`nan`, `inf`: not finite).
      if (c.value === undefined && classifyBadScore(text) === 'notANumber') throw errors.notANumber(file, position(r), name, text);
      throw errors.notFinite(file, position(r), name, text);
    }
  }
  const { reader, scoreClass } = labelReaderFor(file, plan, options);
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) labels[r] = reader.resolve(labelColumn.text(r), position(r));
  const outcome = finishLabels(file, header, plan, reader);
  applyClassOf(outcome, labels);
  const table: NumericTable = {
    file,
    rows,
    width: k,
    values,
    labels,
    classNames: outcome.classNames,
    scoreColumns: plan.scoreColumns,
    ...(scoreClass !== undefined ? { scoreClass } : {}),
    lineOf: position,
    ...(bounded ? { bounded } : {}),
  };
  const text = plan.textIndices.size === 0 ? undefined
    : new Map([...plan.textIndices].map(([name, index]) => [name, Array.from({ length: rows }, (_, r) => columns[index]!.text(r).trim())]));
  return { table, plan, notes: [...plan.notes, ...outcome.notes], warnings: [...plan.warnings, ...outcome.warnings], ...(text ? { text } : {}) };
}

/**
 * The scores, row-major: the matrix itself when the score columns are all of one matrix's columns
 * in order (a (N, K) float64 array, read without a copy), else gathered column by column. Text
 * cells that are not numbers become NaN here, and the caller names them.
 */
function scoreMatrix(scoreColumns: readonly InputColumn[], rows: number): Float64Array {
  const k = scoreColumns.length;
  const first = scoreColumns[0]?.matrix;
  if (first !== undefined && first.width === k && first.data.length === rows * k
    && scoreColumns.every((c, j) => c.matrix?.data === first.data && c.matrix.index === j)) {
    return first.data;
  }
  const values = new Float64Array(rows * k);
  for (let j = 0; j < k; j++) {
    const c = scoreColumns[j]!;
    const m = c.matrix;
    if (m !== undefined) {
      const { data, width, index } = m;
      for (let r = 0; r < rows; r++) values[r * k + j] = data[r * width + index]!;
    } else if (c.value !== undefined) {
      for (let r = 0; r < rows; r++) values[r * k + j] = c.value(r);
    } else {
      for (let r = 0; r < rows; r++) values[r * k + j] = parseScore(c.text(r)) ?? NaN;
    }
  }
  return values;
}

/**
 * Messages of the plan and the conversion speak of lines; a binary format has rows instead.
 * Errors about the header (line 1 of a CSV) are about the file's columns there: no position.
 */
export function relocate(error: unknown, input: Pick<TypedInput, 'unit'>, phase: 'header' | 'rows'): unknown {
  if (!(error instanceof CalibError) || error.where?.line === undefined || input.unit === 'line') return error;
  const { line, ...rest } = error.where;
  return new CalibError(error.kind, error.message, phase === 'header' ? rest : { ...rest, row: line }, error.hint);
}
