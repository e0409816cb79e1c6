import { CalibError } from '../core/errors.js';
import type { ColumnStats } from '../io/column-stats.js';
import type { ReadOptions, ReadResult } from '../io/read-predictions.js';
import { columnRoles } from '../io/select-columns.js';
import { inspectColumns, type InspectDocument } from '../report/inspect/document.js';
import type { UseCaseDeps } from './ports.js';

/** What a first pass over the file found in every column (io/column-stats.ts), read before the run. */
export interface ColumnSurvey {
  readonly headerNames: readonly string[];
  /** The first rows, as the column plan sees them. */
  readonly sample: readonly (readonly string[])[];
  readonly rows: number;
  readonly columns: readonly ColumnStats[];
  /** The format the survey read the file as. */
  readonly format: ReadResult['format'];
}

export interface InspectRun {
  readonly document: InspectDocument;
  /** Why calib would stop on this file (the command's exit code is 2 then); in the document too. */
  readonly failure?: CalibError;
}

/**
 * `calib inspect`: how calib reads a file, before any metric. A file calib refuses still gets its
 * columns, with the roles that could be decided and the columns in question `unresolved`.
 */
export async function runInspect(options: { readonly file: string; readonly read: ReadOptions }, survey: ColumnSurvey,
  deps: Pick<UseCaseDeps, 'read'>): Promise<InspectRun> {
  const { file } = options;
  let read: ReadResult | undefined;
  let failure: CalibError | undefined;
  try {
    read = await deps.read(file, {});
  } catch (error) {
    if (!(error instanceof CalibError)) throw error;
    failure = error;
  }
  let decisions = read?.columns;
  if (failure !== undefined) {
    try {
      decisions = columnRoles(file, survey.headerNames, survey.sample, options.read).columns;
    } catch {
      decisions = undefined; // a flag names no column: the error says which
    }
  }
  const p = read?.predictions;
  const document: InspectDocument = {
    file,
    format: read?.format ?? survey.format,
    rows: p?.rows ?? survey.rows,
    columns: inspectColumns(survey.columns, decisions),
    label_column: read?.labelColumn ?? null,
    score_columns: read?.scoreColumns ?? [],
    classes: p?.classes ?? null,
    class_names: p ? [...p.classNames] : [],
    binary: p?.binary ?? null,
    kind: p?.kind ?? null,
    kind_detection: read ? { how: read.kindDecision.how, reason: read.kindDecision.reason } : null,
    notes: read?.notes ?? [],
    warnings: read?.warnings ?? [],
    warning_records: read?.warningRecords ?? [],
    error: failure ? { message: failure.format().split('\n')[0]!, hint: failure.hint ?? null } : null,
  };
  return { document, ...(failure ? { failure } : {}) };
}
