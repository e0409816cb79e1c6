import { errors } from '../core/errors.js';
import type { Warning } from '../core/warnings.js';
import type { RecordSink } from './csv-records.js';
import { binaryLabels, multiclassLabels, type LabelOutcome, type LabelReader } from './labels.js';
import { csvCell, KeptCells } from './kept-cells.js';
import { LineMap } from './line-map.js';
import { classifyBadScore, parseScore } from './parse-score.js';
import { RowBuffer } from './row-buffer.js';
import { checkHeader, classNamesFromHeaders, displayName, flagValue, planColumns, type ColumnPlan, type ColumnSelection } from './select-columns.js';
import type { NumericTable } from './to-predictions.js';

/**
 * Columns are planned on the first rows (or all of a shorter file): enough to see that a
 * bookkeeping column holds whole numbers, few enough to keep as strings.
 */
export const PLAN_SAMPLE_ROWS = 64;

export interface BuildOptions extends ColumnSelection {
  readonly positive?: string;
  /** --classes: the class names of the score columns, in column order (instead of their headers). */
  readonly classes?: readonly string[];
}

/**
 * Collects CSV records into a `NumericTable`: checks the header, chooses the columns on the first
 * data row, then parses each row's scores straight into a typed array and its label into a class
 * id. Rows are not kept as objects.
 */
export class TableBuilder implements RecordSink {
  private names: string[] = [];
  private plan: ColumnPlan | undefined;
  /** --classes for a single score column: the class it holds. */
  private scoreClass: string | undefined;
  private labelReader: LabelReader | undefined;
  private buffer: RowBuffer | undefined;
  private readonly lines = new LineMap();
  /** Rows seen before the columns are planned (at most PLAN_SAMPLE_ROWS). */
  private pending: { fields: string[]; line: number }[] = [];

  /**
   * `storage.shared` puts the rows in shared memory, for a worker thread that reads them: the
   * scan while reading (multiclass rows only) or the temperature fit's passes.
   */
  constructor(private readonly file: string, private readonly options: BuildOptions,
    private readonly storage: { shared?: boolean; sampleRows?: number; keepCells?: boolean } = {}) {}

  /** The non-score cells of every row, when `storage.keepCells` asked for them (after the plan). */
  private kept: KeptCells | undefined;

  /** The text of the columns ColumnSelection.textColumns asked for, one array per column (after the plan). */
  private text: { name: string; index: number; values: string[] }[] = [];

  /** Whether rows must also hand over their other cells (`keepLine`): kept cells or text columns. */
  get keepsCells(): boolean {
    return this.storage.keepCells === true || (this.options.textColumns?.length ?? 0) > 0;
  }

  /** For the byte-level reader: a row's line (unquoted, so split at `delimiter`) whose non-score cells are kept. */
  keepLine(text: string, delimiter: string): void {
    const fields = text.split(delimiter);
    this.kept?.add(fields);
    this.addText(fields);
  }

  private addText(fields: readonly string[]): void {
    const text = this.text;
    for (let j = 0; j < text.length; j++) text[j]!.values.push((fields[text[j]!.index] ?? '').trim());
  }

  header(fields: string[]): void {
    this.names = checkHeader(this.file, fields);
  }

  row(fields: string[], line: number): void {
    const width = this.names.length;
    if (fields.length !== width) throw errors.raggedRow(this.file, line, width, fields.length);
    if (this.plan === undefined) {
      this.pending.push({ fields, line });
      if (this.pending.length >= (this.storage.sampleRows ?? PLAN_SAMPLE_ROWS)) this.startFromPending();
      return;
    }
    this.addRow(fields, line);
  }

  private addRow(fields: string[], line: number): void {
    const plan = this.plan as ColumnPlan;
    const labelReader = this.labelReader as LabelReader;
    const buffer = this.buffer as RowBuffer;
    const label = labelReader.resolve(fields[plan.labelIndex] ?? '', line);
    const base = buffer.addRow(label);
    const scores = buffer.scores;
    const indices = plan.scoreIndices;
    for (let j = 0; j < indices.length; j++) {
      const text = fields[indices[j] ?? 0] ?? '';
      const value = parseScore(text);
      if (value === undefined) throw this.badScore(line, plan.scoreColumns[j] ?? '', text);
      scores[base + j] = value;
    }
    this.kept?.add(fields);
    if (this.text.length > 0) this.addText(fields);
    this.lines.add(line);
  }

  /** At the end of the input: plans the columns on the rows held, if that has not happened yet. */
  endOfRows(): void {
    if (this.plan === undefined && this.pending.length > 0) this.startFromPending();
  }

  /** Plans the columns on the rows held so far, then adds them. */
  private startFromPending(): void {
    const rows = this.pending;
    this.pending = [];
    this.start(rows.map((r) => r.fields));
    for (const r of rows) this.addRow(r.fields, r.line);
  }

  /** The column plan, once the first PLAN_SAMPLE_ROWS data rows (or all) have been seen (the fast reader needs it). */
  get columnPlan(): ColumnPlan | undefined {
    return this.plan;
  }

  /** The row storage, once the first data row has been seen (the fast reader writes into it). */
  get rowBuffer(): RowBuffer | undefined {
    return this.buffer;
  }

  /** The class id of a label cell, exactly as `row` resolves it (throws the same errors). */
  resolveLabel(text: string, line: number): number {
    return (this.labelReader as LabelReader).resolve(text, line);
  }

  /**
   * For the byte-level reader, which writes a row's scores at `rowBuffer.nextRowOffset()` itself:
   * adds that row with its class id and line, with the same bookkeeping as `row`.
   */
  commitParsedRow(label: number, line: number): void {
    (this.buffer as RowBuffer).commitRow(label);
    this.lines.add(line);
  }

  /**
   * For the byte-level reader's other threads (fast/parse-range.ts): one of them wrote `count`
   * rows at rows `from ..` of `rowBuffer` with label ids of its own; adds them after the rows so far.
   * `labelOf` maps its ids to class ids (`resolveLabel` of each spelling), and from row
   * `runRows[i]` of the range on, rows sit on consecutive lines from `lineBase + runLines[i]`.
   */
  commitRangeRows(from: number, count: number, labelOf: Int32Array, runRows: readonly number[], runLines: readonly number[],
    lineBase: number): void {
    (this.buffer as RowBuffer).adoptRows(from, count, labelOf);
    for (let i = 0; i < runRows.length; i++) {
      const end = i + 1 < runRows.length ? runRows[i + 1]! : count;
      this.lines.addRun(lineBase + runLines[i]!, end - runRows[i]!);
    }
  }

  /** The table read so far; throws for a file without header or rows. */
  finish(): { table: NumericTable; plan: ColumnPlan; kept?: KeptCells; text?: ReadonlyMap<string, readonly string[]>; notes: readonly string[]; warnings: readonly Warning[] } {
    if (this.names.length === 0) throw errors.emptyFile(this.file);
    this.endOfRows();
    const plan = this.plan;
    const buffer = this.buffer;
    const labelReader = this.labelReader;
    if (plan === undefined || buffer === undefined || labelReader === undefined) throw errors.noRows(this.file);
    const outcome = finishLabels(this.file, this.names, plan, labelReader);
    const { scores, labels } = buffer.finish();
    applyClassOf(outcome, labels);
    const lines = this.lines;
    const table: NumericTable = {
      file: this.file,
      rows: buffer.rows,
      width: plan.scoreIndices.length,
      values: scores,
      labels,
      classNames: outcome.classNames,
      scoreColumns: plan.scoreColumns,
      ...(this.scoreClass !== undefined ? { scoreClass: this.scoreClass } : {}),
      lineOf: (row) => lines.lineOf(row),
    };
    return {
      table, plan, ...(this.kept ? { kept: this.kept } : {}),
      ...(this.text.length > 0 ? { text: new Map(this.text.map((t) => [t.name, t.values])) } : {}),
      notes: [...plan.notes, ...outcome.notes], warnings: [...plan.warnings, ...outcome.warnings],
    };
  }

  private start(sample: readonly (readonly string[])[]): ColumnPlan {
    const plan = planColumns(this.file, this.names, sample, this.options);
    const k = plan.scoreIndices.length;
    const labels = labelReaderFor(this.file, plan, this.options);
    this.scoreClass = labels.scoreClass;
    this.labelReader = labels.reader;
    this.buffer = new RowBuffer(k, 1024, this.storage.shared ?? false);
    if (this.storage.keepCells) {
      const keptIndices = this.names.map((_, i) => i).filter((i) => !plan.scoreIndices.includes(i));
      this.kept = new KeptCells(keptIndices, keptIndices.map((i) => csvCell(this.names[i] ?? '')).join(','));
    }
    this.text = [...plan.textIndices].map(([name, index]) => ({ name, index, values: [] }));
    this.plan = plan;
    return plan;
  }

  private badScore(line: number, column: string, text: string): Error {
    if (text.trim() !== '' && text.trim() === column.trim()) return errors.repeatedHeader(this.file, line, column);
    switch (classifyBadScore(text)) {
      case 'empty': return errors.emptyCell(this.file, line, column);
      case 'notFinite': return errors.notFinite(this.file, line, column, text);
      case 'notANumber': return errors.notANumber(this.file, line, column, text);
    }
  }
}

/**
 * The label reader for a column plan (every format's: CSV here, the typed readers in
 * typed-table.ts): binary labels for one score column (with the class `--classes NAME` says it
 * holds), multiclass labels matched to the score columns' class names otherwise.
 */
export function labelReaderFor(file: string, plan: ColumnPlan, options: BuildOptions): { reader: LabelReader; scoreClass: string | undefined } {
  const k = plan.scoreIndices.length;
  if (k === 1) {
    // --classes NAME: the class whose probability (or logit) the one score column holds.
    if (options.classes !== undefined && options.classes.length !== 1) throw errors.badClasses(file, options.classes.length, 1);
    const scoreClass = options.classes?.[0];
    return { reader: binaryLabels(file, plan.labelColumn, scoreClass ?? plan.scoreColumns[0] ?? '', options.positive), scoreClass };
  }
  const given = options.classes;
  if (given !== undefined && given.length !== k) throw errors.badClasses(file, given.length, k);
  const repeated = given?.find((name, i) => given.findIndex((other) => other.toLowerCase() === name.toLowerCase()) !== i);
  if (repeated !== undefined) throw errors.duplicateClasses(file, repeated);
  const classNames = given !== undefined ? [...given] : classNamesFromHeaders(plan.scoreColumns);
  return { reader: multiclassLabels(file, plan.labelColumn, classNames, given !== undefined ? classNames : plan.scoreColumns, given !== undefined), scoreClass: undefined };
}

/**
 * The labels' outcome once every row is read; bare class-name columns (`setosa, versicolor, loss`)
 * are only classes if the labels name them.
 */
export function finishLabels(file: string, header: readonly string[], plan: ColumnPlan, reader: LabelReader): LabelOutcome {
  const outcome = reader.finish();
  const matched = outcome.matched;
  if (plan.namedByLabels && matched !== undefined && !matched.byIndex && matched.byName.size < plan.scoreIndices.length) {
    const unnamed = plan.scoreIndices.filter((_, j) => !matched.byName.has(j));
    throw errors.columnNotNamedByLabels(file, unnamed.map((i) => displayName(header, i)), flagValue(header, unnamed),
      flagValue(header, plan.scoreIndices), plan.labelColumn);
  }
  return outcome;
}

/** Rewrites the label reader's ids as class ids, in place (binary names are ordered only at the end). */
export function applyClassOf(outcome: LabelOutcome, labels: Int32Array): void {
  if (outcome.classOf === undefined) return;
  const classOf = outcome.classOf;
  for (let r = 0; r < labels.length; r++) labels[r] = classOf[labels[r] ?? 0] ?? 0;
}
