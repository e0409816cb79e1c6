import { errors } from '../core/errors.js';
import { matchColumns } from './column-patterns.js';
import { looksNumeric } from './parse-score.js';

/** Header names that mark the label column (compared case-insensitively). */
export const LABEL_NAMES = ['label', 'labels', 'y', 'y_true', 'target', 'true_label', 'class', 'ground_truth'];

/** Names of numeric columns that are probably a row index rather than a score. */
const INDEX_LIKE = /^(?:id|idx|index|row|row_id|rowid|#|unnamed: ?\d+|sample|sample_id|example_id)$/i;

export interface ColumnSelection {
  readonly label?: string;
  readonly scores?: readonly string[];
  readonly ignore?: readonly string[];
}

export interface ColumnPlan {
  readonly labelIndex: number;
  readonly labelColumn: string;
  /** Header positions of the score columns, in header order. */
  readonly scoreIndices: readonly number[];
  readonly scoreColumns: readonly string[];
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
}

/**
 * Checks the header and returns the trimmed column names: no empty name, no name twice.
 */
export function checkHeader(file: string, fields: readonly string[]): string[] {
  const names = fields.map((f) => f.trim());
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (name === '') throw errors.emptyColumnName(file, i + 1);
    const first = seen.get(name);
    if (first !== undefined) throw errors.duplicateColumn(file, name, first + 1, i + 1);
    seen.set(name, i);
  });
  return names;
}

/**
 * Decides which column is the label and which are scores, from the header and the first data
 * row (a column whose first value is clearly not a number is not a score column unless --scores
 * names it).
 */
export function planColumns(file: string, header: readonly string[], firstRow: readonly string[],
  selection: ColumnSelection): ColumnPlan {
  const notes: string[] = [];
  const warnings: string[] = [];

  const ignored = new Set<number>();
  for (const pattern of selection.ignore ?? []) {
    const hits = matchColumns(pattern, header);
    if (hits.length === 0) warnings.push(`--ignore ${JSON.stringify(pattern)} matches no column.`);
    hits.forEach((i) => ignored.add(i));
  }

  let listed: number[] | undefined;
  if (selection.scores !== undefined && selection.scores.length > 0) {
    const set = new Set<number>();
    for (const pattern of selection.scores) {
      const hits = matchColumns(pattern, header);
      if (hits.length === 0) throw errors.unknownColumn(file, '--scores', pattern, header);
      hits.forEach((i) => set.add(i));
    }
    listed = [...set].sort((a, b) => a - b);
  }

  const labelIndex = findLabel(file, header, firstRow, selection.label, ignored, listed, notes);
  const labelColumn = header[labelIndex] ?? '';
  if (listed?.includes(labelIndex)) {
    throw errors.usage(`--scores includes the label column ${JSON.stringify(labelColumn)}.`,
      'Leave the label column out of --scores, or choose another label column with --label.');
  }

  let scoreIndices: number[];
  if (listed !== undefined) {
    scoreIndices = listed.filter((i) => !ignored.has(i));
  } else {
    // A header that is only the label column has no class at all.
    if (header.length === 1) throw errors.tooFewClasses(file, 0);
    const others = header.map((_, i) => i).filter((i) => i !== labelIndex && !ignored.has(i));
    scoreIndices = [];
    for (const i of others) {
      const value = firstRow[i] ?? '';
      if (looksNumeric(value)) scoreIndices.push(i);
      else notes.push(`column ${JSON.stringify(header[i])} is not used: its first value ${JSON.stringify(value)} is not a number (name it in --scores if it is one).`);
    }
    for (const i of scoreIndices) {
      const name = header[i] ?? '';
      if (INDEX_LIKE.test(name)) {
        warnings.push(`column ${JSON.stringify(name)} looks like a row index but holds numbers, so it is read as a score column; pass --ignore ${JSON.stringify(name)} if it is not a score.`);
      }
    }
  }
  if (scoreIndices.length === 0) throw errors.noScoreColumns(file);

  const scoreColumns = scoreIndices.map((i) => header[i] ?? '');
  notes.push(`label column: ${JSON.stringify(labelColumn)}; ${describeScores(scoreColumns)}.`);
  return { labelIndex, labelColumn, scoreIndices, scoreColumns, notes, warnings };
}

/**
 * The label column: --label, else the one column with a label-like name (LABEL_NAMES), else the one
 * column whose first value is text (as `score,diagnosis` with `diagnosis` = benign/malignant),
 * leaving out ignored, --scores and index-like columns. Anything else is an error.
 */
function findLabel(file: string, header: readonly string[], firstRow: readonly string[], label: string | undefined,
  ignored: ReadonlySet<number>, listed: readonly number[] | undefined, notes: string[]): number {
  if (label !== undefined) {
    const i = header.indexOf(label);
    if (i < 0) throw errors.unknownColumn(file, '--label', label, header);
    return i;
  }
  const candidates = header
    .map((name, i) => ({ name, i }))
    .filter(({ name, i }) => LABEL_NAMES.includes(name.toLowerCase()) && !ignored.has(i));
  if (candidates.length > 1) throw errors.ambiguousLabel(file, candidates.map((c) => c.name));
  const found = candidates[0];
  if (found !== undefined) return found.i;
  const textual = header.map((_, i) => i).filter((i) => !ignored.has(i) && !listed?.includes(i)
    && !INDEX_LIKE.test(header[i] ?? '') && !looksNumeric(firstRow[i] ?? ''));
  const only = textual[0];
  if (textual.length !== 1 || only === undefined) throw errors.noLabelColumn(file, header);
  notes.push(`no column is named like a label; ${JSON.stringify(header[only])} is the only text column, so it is taken as the label (pass --label to choose another).`);
  return only;
}

function describeScores(columns: readonly string[]): string {
  const count = `${columns.length} score column${columns.length === 1 ? '' : 's'}`;
  if (columns.length <= 6) return `${count}: ${columns.map((c) => JSON.stringify(c)).join(', ')}`;
  return `${count}: ${JSON.stringify(columns[0])}, ${JSON.stringify(columns[1])}, ..., ${JSON.stringify(columns[columns.length - 1])}`;
}

const SEPARATORS = '_-. :/|';

/**
 * Class names from score headers: the longest prefix shared by all headers is removed, cut back
 * to its last separator (`_ - . space : / |`) so whole words go. Without a shared separator, or if
 * a name would become empty, the headers are kept whole.
 * @example classNamesFromHeaders(['p_cat', 'p_dog']) // ['cat', 'dog']
 * @example classNamesFromHeaders(['logit_0', 'logit_1']) // ['0', '1']
 * @example classNamesFromHeaders(['cat', 'car']) // ['cat', 'car']
 */
export function classNamesFromHeaders(headers: readonly string[]): string[] {
  const first = headers[0];
  if (headers.length < 2 || first === undefined) return [...headers];
  let shared = first.length;
  for (const h of headers) {
    let i = 0;
    while (i < shared && i < h.length && h[i] === first[i]) i++;
    shared = i;
  }
  let cut = -1;
  for (let i = shared - 1; i >= 0; i--) {
    if (SEPARATORS.includes(first[i] ?? '')) {
      cut = i + 1;
      break;
    }
  }
  if (cut <= 0) return [...headers];
  const stripped = headers.map((h) => h.slice(cut));
  return stripped.some((s) => s === '') ? [...headers] : stripped;
}
