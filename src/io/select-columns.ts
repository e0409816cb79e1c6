import { errors, type CalibError } from '../core/errors.js';
import { warn, type Warning } from '../core/warnings.js';
import { isPosition, matchColumns } from './column-patterns.js';
import { looksNumeric, parseScore } from './parse-score.js';

/**
 * Which column is what (README "Input files": the rule set). The rules, in order:
 * flags (--label, --scores, --ignore; names, globs or positions `#N`); the label by name; id
 * columns by name; pandas' unnamed first column (the index); text columns; integer-valued
 * bookkeeping columns by name; then the score columns are the one family of numeric columns that
 * share a naming pattern. Any other numeric column stops the run: calib never guesses a column
 * into the metrics. Every column gets a role and the reason, for stderr, JSON and `inspect`.
 */

/** Header names that mark the label column (compared case-insensitively). */
export const LABEL_NAMES = ['label', 'labels', 'y', 'y_true', 'y_test', 'target', 'targets', 'label_ids', 'true_label', 'class', 'ground_truth'];

/** Ids: never a score, and kept by `temperature --write`. */
const ID_NAMES = /^(?:id|ids|idx|index|uid|uuid|guid|key|row|row_id|rowid|row_idx|row_index|row_number|#|sample|sample_id|example_id|image_id|image|filename|file|path|.+[_-]id|.+[_-]idx|.+[_-]index|id[_-].+)$/i;

/** Predictions and bookkeeping: left out when their values are whole numbers. */
const BOOKKEEPING_NAMES = /^(?:pred|preds|y_pred|yhat|y_hat|prediction|predictions|predicted|predicted_class|predicted_label|pred_class|pred_label|pred_y|argmax|top1|fold|folds|cv_fold|kfold|split|subset|partition|epoch|seed|step|global_step|iteration|iter|rank|trial|time|timestamp|batch|run|repeat|group|worker|shard|checkpoint|version)$/i;

/** A model's predicted class, among the bookkeeping names. */
const PREDICTION_NAMES = /^(?:pred|preds|y_pred|yhat|y_hat|prediction|predictions|predicted|predicted_class|predicted_label|pred_class|pred_label|pred_y|argmax|top1)$/i;

/** Names that may hold the confidence of the predicted class rather than P(y = 1). */
const CONFIDENCE_NAMES = /^(?:score|scores|confidence|conf|max_prob|max_proba|top_prob|top1_prob|top_score)$/i;

/** pandas' index column: `df.to_csv(path)` writes it with an empty name, which `read_csv` calls `Unnamed: 0`. */
const PANDAS_INDEX = /^unnamed: ?\d+(?:\.\d+)?$/i;

/** pandas' index in Parquet: pyarrow writes an index that is not a plain range as `__index_level_N__`. */
const PARQUET_INDEX = /^__index_level_\d+__$/;

/** The usual names of a binary model's one score column (P(y = 1) or its logit). */
const BINARY_NAMES = /^(?:p|prob|proba|probs|probability|y_prob|y_proba|y_score|y_scores|score|scores|pred_proba|pred_prob|predicted_proba|predicted_probability|prob_1|proba_1|p_1|p1|p_pos|p_positive|prob_pos|positive_prob|logit|logits|y_logit|decision|decision_function|margin|confidence|output)$/i;

/** The roles a column can have. */
export type ColumnRole = 'label' | 'score' | 'id' | 'index' | 'slice' | 'ignored' | 'bookkeeping' | 'unused-text' | 'unused' | 'unresolved';

/** `unresolved` only in `calib inspect` of a file calib would refuse (`columnRoles`): the column the error is about. */
export const COLUMN_ROLES: readonly ColumnRole[] = ['label', 'score', 'id', 'index', 'slice', 'ignored', 'bookkeeping', 'unused-text', 'unused', 'unresolved'];

export interface ColumnDecision {
  /** 1-based position in the header. */
  readonly position: number;
  /** The header text (trimmed; may be empty or repeated). */
  readonly name: string;
  readonly role: ColumnRole;
  /** One human phrase: why it has this role. */
  readonly reason: string;
}

export interface ColumnSelection {
  readonly label?: string;
  readonly scores?: readonly string[];
  readonly ignore?: readonly string[];
  /**
   * Columns whose text every row hands over (ReadResult.text): the grouping columns of
   * `--group-by`, the columns of `--where` (role `slice`) and the `--id` column (role `id`).
   * Never scores; the label column may be one of them.
   */
  readonly textColumns?: readonly TextColumnRequest[];
}

/** A column asked for by a flag, by name (or `#N`). */
export interface TextColumnRequest {
  readonly column: string;
  readonly flag: '--group-by' | '--where' | '--id';
  /**
   * `--id` not given: the one column named like an id, when there is exactly one (`column` is
   * not looked up). Its text is handed over under its header name; no such column is no error.
   */
  readonly byName?: boolean;
}

export interface ColumnPlan {
  readonly labelIndex: number;
  readonly labelColumn: string;
  /** Header positions of the score columns, in header order. */
  readonly scoreIndices: readonly number[];
  /** Their names (`#N` for an empty one). */
  readonly scoreColumns: readonly string[];
  /** Every column of the header, in order, with its role and the reason. */
  readonly columns: readonly ColumnDecision[];
  /** The scores are bare class names, which the labels must name (TableBuilder checks after reading). */
  readonly namedByLabels: boolean;
  /** The header position of each requested text column (ColumnSelection.textColumns), by the name as requested. */
  readonly textIndices: ReadonlyMap<string, number>;
  readonly notes: readonly string[];
  readonly warnings: readonly Warning[];
}

/** The trimmed column names. Empty and repeated names are allowed here: `planColumns` decides. */
export function checkHeader(file: string, fields: readonly string[]): string[] {
  const names = fields.map((f) => f.trim());
  // np.savetxt(path, a, header='p_0,...') writes the header as a comment: `# p_0,p_1,...`. Read as
  // it is, the first column is "# p_0", which is no class, and that class's scores go unread.
  const first = names[0] ?? '';
  if (/^#\s+\S/.test(first)) throw errors.commentedHeader(file, first, first.replace(/^#\s+/, ''));
  return names;
}

/**
 * Decides every column's role from the header and the first data rows, `sample` (a column whose
 * first value is clearly not a number is text; a bookkeeping name is left out when every sampled
 * value is a whole number). Throws when a column's role cannot be told, naming it and the flag to pass.
 */
export function planColumns(file: string, header: readonly string[], sample: readonly (readonly string[])[],
  selection: ColumnSelection): ColumnPlan {
  return plan(file, header, sample, selection, undefined) as ColumnPlan;
}

/**
 * Every column's role as far as it can be decided, for `calib inspect` of a file that
 * `planColumns` refuses: the columns a refusal is about get the role `unresolved` (the reason is
 * what to pass), and the refusals are returned instead of thrown. Flag errors still throw.
 */
export function columnRoles(file: string, header: readonly string[], sample: readonly (readonly string[])[],
  selection: ColumnSelection): { columns: ColumnDecision[]; problems: CalibError[] } {
  const problems: CalibError[] = [];
  const result = plan(file, header, sample, selection, problems);
  return { columns: [...result.columns], problems };
}

function plan(file: string, header: readonly string[], sample: readonly (readonly string[])[],
  selection: ColumnSelection, problems: CalibError[] | undefined): ColumnPlan | { columns: readonly ColumnDecision[] } {
  const firstRow = sample[0] ?? [];
  const notes: string[] = [];
  const warnings: Warning[] = [];
  const n = header.length;
  const role: (ColumnRole | undefined)[] = new Array<ColumnRole | undefined>(n).fill(undefined);
  const reason: string[] = new Array<string>(n).fill('');
  const set = (i: number, r: ColumnRole, why: string): void => { role[i] = r; reason[i] = why; };
  const positional = new Set<number>();
  const show = (i: number): string => displayName(header, i);
  const value = (i: number): string => firstRow[i] ?? '';
  /** A refusal: thrown, or (columnRoles) recorded with its columns marked unresolved. */
  const refuse = (error: CalibError, columns: readonly number[]): void => {
    if (problems === undefined) throw error;
    problems.push(error);
    for (const i of columns) set(i, 'unresolved', error.hint ?? error.message);
  };

  // A first line of numbers only is a data row (np.savetxt writes no header), unless --label says otherwise.
  if (selection.label === undefined && n > 1 && header.every((name) => parseScore(name) !== undefined) && header.some((name) => !/^\d+$/.test(name))) {
    throw errors.headerLooksLikeData(file, header);
  }

  // 1. Flags.
  for (const pattern of selection.ignore ?? []) {
    const hits = matchColumns(pattern, header);
    if (hits.length === 0) warnings.push(warn.ignoreMatchesNothing(file, pattern));
    for (const i of hits) set(i, 'ignored', `--ignore ${pattern}`);
  }
  const listed = selection.scores !== undefined && selection.scores.length > 0;
  if (listed) {
    for (const pattern of selection.scores ?? []) {
      const hits = matchColumns(pattern, header);
      if (hits.length === 0) throw errors.unknownColumn(file, '--scores', pattern, header);
      if (isPosition(pattern)) hits.forEach((i) => positional.add(i));
      for (const i of hits) if (role[i] === undefined) set(i, 'score', `--scores ${pattern}`);
    }
  }
  let labelIndex: number | undefined;
  if (selection.label !== undefined) {
    const hits = matchColumns(selection.label, header);
    if (hits.length === 0) throw errors.unknownColumn(file, '--label', selection.label, header);
    if (hits.length > 1) throw errors.ambiguousLabel(file, hits.map(show));
    labelIndex = hits[0]!;
    if (role[labelIndex] === 'score') {
      throw errors.usage(`--scores includes the label column ${JSON.stringify(header[labelIndex])}.`,
        'Leave the label column out of --scores, or choose another label column with --label.');
    }
    if (isPosition(selection.label)) positional.add(labelIndex);
    set(labelIndex, 'label', `--label ${selection.label}`);
  }

  // 2. The label by name.
  if (labelIndex === undefined) {
    const named = header.map((_, i) => i).filter((i) => LABEL_NAMES.includes((header[i] ?? '').toLowerCase())
      && (role[i] === undefined || role[i] === 'score'));
    if (named.length > 1) refuse(errors.ambiguousLabel(file, named.map(show)), named);
    const found = named.length === 1 ? named[0] : undefined;
    if (found !== undefined) {
      if (role[found] === 'score') {
        throw errors.usage(`--scores includes the label column ${JSON.stringify(header[found])}.`,
          'Leave the label column out of --scores, or choose another label column with --label.');
      }
      labelIndex = found;
      set(found, 'label', 'named like a label');
    }
  }

  // The columns --group-by, --where and --id read: never scores (the label may be one of them).
  const textIndices = new Map<string, number>();
  for (const request of selection.textColumns ?? []) {
    if (request.byName === true) continue;
    const hits = matchColumns(request.column, header);
    if (hits.length === 0) throw errors.unknownColumn(file, request.flag, request.column, header);
    if (hits.length > 1) {
      throw errors.usage(`${request.flag} ${JSON.stringify(request.column)} matches ${hits.length} columns (${hits.map(show).join(', ')}).`,
        `Name one column (or its position, e.g. #${hits[0]! + 1}).`);
    }
    const i = hits[0]!;
    textIndices.set(request.column, i);
    if (i === labelIndex) continue;
    // A column named like one of the labels is that class's score: grouping by it is a mistake.
    const name = (header[i] ?? '').toLowerCase();
    if (labelIndex !== undefined && request.flag !== '--id' && name !== '' && sample.some((row) => (row[labelIndex!] ?? '').trim().toLowerCase() === name)) {
      throw errors.usage(`${request.flag} ${JSON.stringify(request.column)} names a score column: ${JSON.stringify(header[i])} is also a class of the label column ${JSON.stringify(header[labelIndex])}.`,
        `Group or filter by a column that describes the rows (a site, a language, a split), not by a class's probability.`);
    }
    if (role[i] === 'score') {
      throw errors.usage(`${request.flag} ${JSON.stringify(request.column)} names a column that --scores also lists.`,
        `Leave ${JSON.stringify(header[i])} out of --scores: a column that ${request.flag === '--id' ? 'identifies' : 'selects or groups'} rows is not a score.`);
    }
    if (request.flag === '--id') set(i, 'id', `--id ${request.column}`);
    else if (role[i] !== 'slice') set(i, 'slice', `${request.flag} ${request.column}`);
  }

  // A header that is only the label column has no class at all.
  if (n === 1) throw errors.tooFewClasses(file, 0);
  // Other label-named columns, when --label chose one: never scores.
  for (let i = 0; i < n; i++) {
    if (role[i] === undefined && LABEL_NAMES.includes((header[i] ?? '').toLowerCase())) {
      set(i, 'unused', `named like a label, but ${JSON.stringify(show(labelIndex ?? 0))} is the label`);
    }
  }

  // 3. Ids by name; 4. pandas' unnamed index.
  for (let i = 0; i < n; i++) {
    if (role[i] !== undefined) continue;
    const name = header[i] ?? '';
    if (i === 0 && name === '') set(i, 'index', "pandas' index (unnamed first column)");
    else if (PANDAS_INDEX.test(name)) set(i, 'index', `pandas' name for an unnamed column (an index saved again)`);
    else if (PARQUET_INDEX.test(name)) set(i, 'index', "pandas' index as pyarrow writes it to Parquet");
    else if (ID_NAMES.test(name)) set(i, 'id', 'named like an id (never a score)');
  }
  // The id column found by name, when one was asked for that way (pairing rows across files).
  if ((selection.textColumns ?? []).some((r) => r.byName === true)) {
    const named = header.map((_, i) => i).filter((i) => role[i] === 'id' && reason[i] === 'named like an id (never a score)');
    if (named.length === 1 && !textIndices.has(header[named[0]!]!)) textIndices.set(header[named[0]!]!, named[0]!);
  }

  // The label as the only text column, when none is named like one.
  if (labelIndex === undefined) {
    const textual = header.map((_, i) => i).filter((i) => role[i] === undefined && !looksNumeric(value(i))
      && !BOOKKEEPING_NAMES.test(header[i] ?? ''));
    const only = textual[0];
    if (textual.length !== 1 || only === undefined) {
      refuse(errors.noLabelColumn(file, header.map((_, i) => show(i))), textual);
    } else {
      labelIndex = only;
      set(only, 'label', 'the only text column (no column is named like a label)');
      notes.push(`no column is named like a label; ${JSON.stringify(show(only))} is the only text column, so it is taken as the label (pass --label to choose another).`);
    }
  }

  // 5. Text; 6. integer-valued bookkeeping.
  for (let i = 0; i < n; i++) {
    if (role[i] !== undefined) continue;
    const text = value(i);
    if (!looksNumeric(text)) {
      set(i, 'unused-text', `its first value ${JSON.stringify(text)} is not a number`);
      notes.push(`column ${JSON.stringify(show(i))} is not used: its first value ${JSON.stringify(text)} is not a number (name it in --scores if it is one).`);
      continue;
    }
    if (BOOKKEEPING_NAMES.test(header[i] ?? '') && sample.every((row) => Number.isInteger(parseScore(row[i] ?? '')))) {
      set(i, 'bookkeeping', 'named like a prediction or bookkeeping column and holds whole numbers');
    }
  }

  // 7. The score family.
  let namedByLabels = false;
  const rest = header.map((_, i) => i).filter((i) => role[i] === undefined);
  if (listed) {
    for (const i of rest) set(i, 'unused', 'not named in --scores');
  } else {
    const family = scoreFamily(file, header, rest, sample, refuse);
    for (const i of family.members) set(i, 'score', family.reason);
    namedByLabels = family.namedByLabels;
    // One column never below 0.5 beside a predicted class: the confidence of that prediction (a
    // Hugging Face pipeline's `label, score`), or P(y = 1)? Only the user knows.
    const only = family.members.length === 1 ? family.members[0]! : -1;
    const predicted = header.findIndex((name, i) => PREDICTION_NAMES.test(name) && (role[i] === 'bookkeeping' || role[i] === 'unused-text'));
    // A name such as `score` or `confidence` alone raises the same question.
    const confidenceNamed = only >= 0 && CONFIDENCE_NAMES.test(header[only] ?? '');
    if (only >= 0 && (predicted >= 0 || confidenceNamed)
      && sample.every((row) => { const v = parseScore(row[only] ?? ''); return v !== undefined && v >= 0.5 && v <= 1; })) {
      refuse(errors.confidenceOrProbability(file, show(only), predicted >= 0 ? show(predicted) : undefined, flagValue(header, [only])), [only]);
    }
  }

  const scoreIndices = header.map((_, i) => i).filter((i) => role[i] === 'score');
  if (scoreIndices.length === 0 && (problems === undefined || problems.length === 0)) {
    const dropped = header.map((_, i) => i).filter((i) => role[i] === 'bookkeeping' || role[i] === 'id' || role[i] === 'index');
    refuse(errors.noScoreColumns(file, dropped.map(show)), []);
  }
  // An empty or repeated name is only a problem where calib would read the column by its name.
  for (const i of [...(labelIndex === undefined ? [] : [labelIndex]), ...scoreIndices]) {
    if (positional.has(i)) continue;
    const name = header[i] ?? '';
    if (name === '') refuse(errors.emptyColumnName(file, i + 1), [i]);
    // Repeated: fine once every other column of that name is --ignore'd.
    const other = header.findIndex((h, j) => j !== i && h === name && role[j] !== 'ignored');
    if (name !== '' && other >= 0) refuse(errors.duplicateColumn(file, name, Math.min(i, other) + 1, Math.max(i, other) + 1), [i, other]);
  }

  const columns: ColumnDecision[] = header.map((name, i) => ({ position: i + 1, name, role: role[i] ?? 'unused', reason: reason[i] ?? '' }));
  if (labelIndex === undefined || (problems !== undefined && problems.length > 0)) return { columns };
  const labelColumn = header[labelIndex] ?? '';
  const scoreColumns = scoreIndices.map(show);
  const left = columns.filter((c) => c.role === 'id' || c.role === 'index' || c.role === 'bookkeeping' || c.role === 'ignored' || c.role === 'unused');
  if (left.length > 0) notes.push(`left out: ${left.map((c) => `${JSON.stringify(show(c.position - 1))} (${c.role}: ${c.reason})`).join('; ')}.`);
  notes.push(`label column: ${JSON.stringify(labelColumn)}; ${describeScores(scoreColumns)}.`);
  return { labelIndex, labelColumn, scoreIndices, scoreColumns, columns, namedByLabels, textIndices, notes, warnings };
}

/** A column as messages name it: its header, or `#N` when the header is empty or repeated. */
export function displayName(header: readonly string[], i: number): string {
  const name = header[i] ?? '';
  if (name === '') return `#${i + 1}`;
  return header.indexOf(name) !== i || header.indexOf(name, i + 1) >= 0 ? `${name} (#${i + 1})` : name;
}

/** How a flag names these columns: `#N` for empty or repeated names, shell-quoted when needed. */
export function flagValue(header: readonly string[], indices: readonly number[]): string {
  const parts = indices.map((i) => {
    const name = header[i] ?? '';
    const repeated = header.indexOf(name) !== i || header.indexOf(name, i + 1) >= 0;
    return name === '' || repeated ? `#${i + 1}` : name;
  });
  const joined = parts.join(',');
  return /^[A-Za-z0-9_.,:@%+=/-]+$/.test(joined) ? joined : `'${joined.replace(/'/g, `'\\''`)}'`;
}

interface Family {
  readonly members: readonly number[];
  readonly reason: string;
  /** Bare class names (`setosa`, `cat`): each must be named by some label (checked after reading). */
  readonly namedByLabels: boolean;
}

/**
 * The score columns among the numeric columns left: the one family sharing a naming pattern
 * (`p_*`, `logit_*`, `p0 p1`, bare class names or numbers `0..K-1` / `1..K`), or the one column
 * left (binary). Anything else is an error naming the columns and the flag.
 */
function scoreFamily(file: string, header: readonly string[], rest: readonly number[], sample: readonly (readonly string[])[],
  refuse: (error: CalibError, columns: readonly number[]) => void): Family {
  const none: Family = { members: [], reason: '', namedByLabels: false };
  if (rest.length === 0) return { members: [], reason: '', namedByLabels: false };
  const groups = new Map<string, number[]>();
  // An unnamed column, or one named like bookkeeping that holds fractions (a `pred` of
  // probabilities?), belongs to no family: it is always a column to name with a flag.
  const named = rest.filter((i) => (header[i] ?? '') !== '' && !BOOKKEEPING_NAMES.test(header[i] ?? ''));
  if (named.length === 0) {
    refuse(errors.ambiguousScores(file, rest.map((i) => JSON.stringify(displayName(header, i))), flagValue(header, rest)), rest);
    return none;
  }
  // Among bare names (`cat, dog, model`), a column of whole numbers beside columns whose rows
  // sum to 1 without it (probabilities) is no class's score: it stays outside the family.
  const values = (i: number): number[] => sample.map((row) => parseScore(row[i] ?? '') ?? NaN);
  const bare = named.filter((i) => familyKey(header[i] ?? '') === '');
  const wholes = bare.filter((i) => values(i).every(Number.isInteger));
  const others = bare.filter((i) => !wholes.includes(i));
  const sumsToOne = others.length >= 2 && sample.every((row) => Math.abs(others.reduce((sum, i) => sum + (parseScore(row[i] ?? '') ?? NaN), 0) - 1) <= 0.01);
  const wholeBare = new Set(wholes.length > 0 && sumsToOne ? wholes : []);
  // Likewise one column of fractions (a loss, an entropy) whose removal makes every row sum to 1.
  if (wholeBare.size === 0 && bare.length >= 3) {
    const rowSums = sample.map((row) => bare.reduce((sum, i) => sum + (parseScore(row[i] ?? '') ?? NaN), 0));
    if (!rowSums.every((t) => Math.abs(t - 1) <= 0.01)) {
      const extra = bare.filter((i) => sample.every((row, r) => Math.abs(rowSums[r]! - (parseScore(row[i] ?? '') ?? NaN) - 1) <= 0.01));
      if (extra.length === 1) wholeBare.add(extra[0]!);
    }
  }
  for (const i of named) {
    const key = wholeBare.has(i) ? `#${i}` : familyKey(header[i] ?? '');
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [i]);
    else group.push(i);
  }
  // A prefix family numbered 0..K-1 (`p_0..p_9`) does not take in a column of the same prefix
  // whose suffix is not a number (`p_max`, `logit_mean`): that one is a column on its own.
  for (const [key, members] of [...groups]) {
    if (key === '' || key.startsWith('=') || key.startsWith('#')) continue;
    const numbered = members.filter((i) => /^\d+$/.test((header[i] ?? '').slice(key.length)));
    if (numbered.length < 2 || numbered.length === members.length) continue;
    groups.set(key, numbered);
    for (const i of members) if (!numbered.includes(i)) groups.set(`#${i}`, [i]);
  }
  const list = [...groups.entries()];
  const describe = (key: string, members: readonly number[]): string => (key === ''
    ? (members.every((i) => /^\d+$/.test(header[i] ?? '')) ? 'numbered columns' : `bare class name${members.length > 1 ? 's' : ''}`)
    : key.startsWith('=') ? 'the usual name of a binary score column'
      : key.startsWith('#') ? 'a column on its own, beside a family' : `columns named ${JSON.stringify(key + '*')}`);
  let chosen: [string, number[]] | undefined;
  if (list.length === 1) {
    chosen = list[0];
  } else {
    const multi = list.filter(([, m]) => m.length > 1);
    if (multi.length === 1) chosen = multi[0];
    else if (multi.length === 0) {
      const binary = list.filter(([key]) => key.startsWith('='));
      if (binary.length === 1) chosen = binary[0];
    }
    if (chosen === undefined) {
      const candidates = multi.length > 0 ? multi : list;
      const [firstKey, firstMembers] = candidates[0]!;
      refuse(errors.ambiguousScores(file,
        candidates.map(([key, members]) => `${members.map((i) => JSON.stringify(displayName(header, i))).join(', ')} (${describe(key, members)})`),
        suggestion(header, firstKey, firstMembers)), rest);
      return none;
    }
  }
  if (chosen === undefined) return none;
  const [key, members] = chosen;
  const outside = rest.filter((i) => !members.includes(i));
  if (outside.length > 0) {
    const family = suggestion(header, key, members);
    refuse(errors.columnOutsideFamily(file, outside.map((i) => displayName(header, i)), members.map((i) => displayName(header, i)),
      flagValue(header, outside), family), outside);
  }
  if (key === '') {
    const names = members.map((i) => header[i] ?? '');
    if (names.every((s) => /^\d+$/.test(s))) {
      const values = names.map(Number);
      const start = values[0] === 1 ? 1 : 0;
      if (!values.every((v, j) => v === start + j)) {
        refuse(errors.ambiguousScores(file, [`${names.map((s) => JSON.stringify(s)).join(', ')} (numbered columns that are not 0..K-1 or 1..K)`],
          flagValue(header, members)), members);
        return none;
      }
    }
  }
  const reason = members.length === 1 ? (key.startsWith('=') ? 'the usual name of a binary score column' : 'the only numeric column left (binary)')
    : `the score family: ${describe(key, members)}`;
  const namedByLabels = key === '' && members.length > 1 && !members.every((i) => /^\d+$/.test(header[i] ?? ''));
  return { members, reason, namedByLabels };
}

/** How --scores names a family: its glob, or its columns. */
function suggestion(header: readonly string[], key: string, members: readonly number[]): string {
  return key === '' || key.startsWith('=') || key.startsWith('#') || members.length === 1 ? flagValue(header, members) : `'${key}*'`;
}

const SEPARATOR_SUFFIX = /^(.*[_\-. :/|])([^_\-. :/|]+)$/;
const DIGIT_SUFFIX = /^(.*\D)(\d+)$/;

/**
 * Columns of one family share a key: the name up to its last separator (`p_` for `p_cat`), or the
 * letters before trailing digits (`p` for `p3`); bare names (`0`, `cat`) share the key `''`. The
 * usual binary names (`y_prob`, `score`) are a family of their own (`=name`), so `y_prob` never
 * joins a `y_pred` column.
 */
function familyKey(name: string): string {
  // `p_1`, `prob_1`, `proba_1` are a binary column's usual names and also members of a numbered family.
  if (BINARY_NAMES.test(name) && !/^(?:p|prob|proba)_?1$/i.test(name)) return `=${name.toLowerCase()}`;
  const separated = SEPARATOR_SUFFIX.exec(name);
  if (separated !== null) return separated[1]!;
  const digits = DIGIT_SUFFIX.exec(name);
  if (digits !== null) return digits[1]!;
  return '';
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
