/**
 * One error class and one catalogue of messages. Deep code throws `CalibError`s built by the
 * functions in `errors` below; only the CLI turns them into text and an exit code (2). Every
 * message says where (file, line, column) and what to do next.
 */

export type ErrorKind = 'usage' | 'input' | 'internal';

export interface SourceLocation {
  /** Path as the user gave it (`-` for stdin). */
  readonly file: string;
  /** 1-based physical line number in the file, when the problem is on one line. */
  readonly line?: number;
  /** 1-based data row, for files without lines (.npy, .npz, Parquet): shown as `file: row N:`. */
  readonly row?: number;
  /** Column name (header text), when the problem is in one column. */
  readonly column?: string;
}

export class CalibError extends Error {
  override readonly name = 'CalibError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly where?: SourceLocation,
    /** What the user can do about it: one sentence. */
    readonly hint?: string,
  ) {
    super(message);
  }

  /** `file:line: column "c": message` then the hint on its own line. */
  format(): string {
    const parts: string[] = [];
    if (this.where) {
      let at = this.where.file;
      if (this.where.line !== undefined) at += `:${this.where.line}`;
      parts.push(at + ':');
      if (this.where.row !== undefined) parts.push(`row ${this.where.row}:`);
      if (this.where.column !== undefined) parts.push(`column ${show(this.where.column)}:`);
    }
    parts.push(this.message);
    const head = parts.join(' ');
    return this.hint ? `${head}\n  hint: ${this.hint}` : head;
  }
}

/** A name or value quoted for a message, cut to 40 characters (a 2 MB header must not make a 2 MB error line). */
export const show = (v: string): string => JSON.stringify(v.length > 40 ? v.slice(0, 37) + '...' : v);

/** A list of names for a message: at most `max` shown, then how many there are in all. */
export const showList = (names: readonly string[], max = 8): string =>
  names.length <= max ? names.map(show).join(', ') : `${names.slice(0, max - 2).map(show).join(', ')}, ... (${names.length} in all)`;

/** The catalogue. Keep entries grouped by the layer that raises them. */
export const errors = {
  // ---- usage (flags and arguments) ----
  usage: (message: string, hint?: string) => new CalibError('usage', message, undefined, hint),
  badOption: (flag: string, value: string, expected: string, hint?: string) =>
    new CalibError('usage', `${flag} ${show(value)}: expected ${expected}.`, undefined,
      hint ?? `Run the command with --help to see valid values for ${flag}.`),
  addressSpaceShort: (file: string, size: number, needed: number, limit: number, inUse: number) =>
    new CalibError('input', `out of memory: reading this ${formatBytes(size)} file needs about ${formatBytes(needed)} of address space, and the limit (ulimit -v, ${formatBytes(limit)}) leaves ${formatBytes(Math.max(0, limit - inUse))}.`,
      { file }, `Raise the limit (ulimit -v ${Math.ceil((inUse + needed) / 1024)} or more), or split the file into smaller parts.`),
  metricNotFinite: (file: string, metric: string, value: number, when: string) =>
    new CalibError('input', `${metric}${when} came out as ${Number.isNaN(value) ? 'NaN (not a number)' : String(value)}, so calib cannot report or check it.`,
      { file }, 'Scores this extreme (such as logits near +-1e308) overflow the arithmetic: rescale them (divide the logits by a constant), or report it with the file.'),
  stdinTwice: () =>
    new CalibError('usage', 'two of the input files are - (stdin), and stdin can be read only once.', undefined,
      'Save one of them to a file and name it instead (e.g. `cat > a.csv`).'),
  outOfMemory: (what: string, bytes: number, limit?: number) =>
    new CalibError('input', `out of memory: ${what}${bytes > 0 ? ` needs ${formatBytes(bytes)}` : ' could not be allocated'}${limit === undefined ? '' : ` (the address space is limited to ${formatBytes(limit)}, ulimit -v)`}.`,
      undefined, limit === undefined ? 'Free some memory, or split the file into smaller parts.'
        : `Raise the limit (ulimit -v ${Math.ceil((limit + 2 * bytes) / 1024)} or more), or split the file into smaller parts.`),

  // ---- files ----
  cannotRead: (file: string, reason: string) =>
    new CalibError('input', `cannot read the file: ${reason}.`, { file },
      'Check the path and its permissions.'),
  isDirectory: (file: string) =>
    new CalibError('input', 'is a directory, not a CSV file.', { file }, 'Name a CSV file (or - for stdin).'),
  emptyDirectory: (file: string) =>
    new CalibError('input', 'the directory holds no prediction files (names starting with _ or . and .crc files are skipped as bookkeeping).', { file },
      'Name a directory of part-files (Parquet, CSV, .npy, JSON Lines), a glob such as \'preds/part-*.parquet\', or a file.'),
  utf16: (file: string, found = 'looks like UTF-16 text') =>
    new CalibError('input', `${found}; calib reads UTF-8.`, { file },
      'Re-save the file as UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8 in.csv > out.csv`).'),
  notUtf8: (file: string, found: string, encoding: string) =>
    new CalibError('input', `${found}; calib reads UTF-8.`, { file },
      `Re-save the file as UTF-8 (e.g. \`iconv -f ${encoding.replace(' ', '')} -t UTF-8 in.csv > out.csv\`).`),
  nulByte: (file: string, line: number, column: number, found: string, hint?: string) =>
    new CalibError('input', `a NUL byte (0x00) at column ${column}: ${found}. A CSV file holds no NUL bytes.`, { file, line },
      hint ?? 'Check that this is the prediction CSV (not a binary file, a damaged download or an archive), or re-export it as UTF-8 text.'),
  mixedLineEndings: (file: string, line: number, crlfLine: number) =>
    new CalibError('input', `line endings are mixed: this line ends with LF alone, line ${crlfLine} with CR LF.`, { file, line },
      'Convert the file to one line ending (e.g. `dos2unix FILE`).'),
  badGzip: (file: string, reason: string) =>
    new CalibError('input', `the gzip data is damaged or truncated (${reason}).`, { file },
      'Re-export or re-download the file; `gzip -t FILE` confirms the damage.'),
  emptyFile: (file: string) =>
    new CalibError('input', 'the file is empty.', { file }, 'Export a header line and one row per example.'),
  noRows: (file: string) =>
    new CalibError('input', 'the file has a header but no data rows.', { file, line: 1 },
      'Export at least one prediction row below the header.'),

  // ---- header and columns ----
  duplicateColumn: (file: string, name: string, first: number, second: number) =>
    new CalibError('input', `the header names column ${show(name)} twice (columns ${first} and ${second}).`,
      { file, line: 1 }, `Rename one of the columns, or address them by position: --ignore '#${second}' (or --scores/--label '#${first}').`),
  emptyColumnName: (file: string, position: number) =>
    new CalibError('input', `column ${position} has an empty name.`, { file, line: 1 },
      `Address it by position (--scores '#${position}', --label '#${position}' or --ignore '#${position}'), or give it a header name.`),
  headerLooksLikeData: (file: string, header: readonly string[]) =>
    new CalibError('input', `the first line holds only numbers (${header.slice(0, 4).map(show).join(', ')}${header.length > 4 ? ', ...' : ''}): it looks like a data row, not a header.`,
      { file, line: 1 },
      "Export a header line naming the columns (numpy: np.savetxt(..., header='p_0,p_1,label', comments=''); pandas: to_csv writes one)."),
  noLabelColumn: (file: string, columns: readonly string[]) =>
    new CalibError('input',
      `no label column found among ${showList(columns)}.`, { file, line: 1 },
      'Name it label, y, y_true, target, true_label, class or ground_truth, or pass --label COLUMN.'),
  ambiguousLabel: (file: string, candidates: readonly string[]) =>
    new CalibError('input', `more than one column could be the label: ${candidates.map(show).join(', ')}.`,
      { file, line: 1 }, 'Pass --label COLUMN to choose one (and --ignore for the others).'),
  unknownColumn: (file: string, flag: string, name: string, columns: readonly string[]) =>
    new CalibError('usage', `${flag} names column ${show(name)}, which is not in the header (${showList(columns)}).`,
      { file, line: 1 }, 'Check the spelling; column names are matched exactly.'),
  noScoreColumns: (file: string, dropped: readonly string[] = []) =>
    new CalibError('input', `no score columns: every column other than the label is ${dropped.length > 0
      ? `an id, an index or bookkeeping (${dropped.map(show).join(', ')}), ignored or not numeric` : 'ignored or not numeric'}.`,
      { file, line: 1 }, dropped.length > 0
        ? `Pass --scores ${shellWord(dropped[0] ?? '')} (or the columns that hold logits or probabilities) if it is a score column.`
        : 'Pass --scores with the columns that hold logits or probabilities.'),
  columnOutsideFamily: (file: string, outside: readonly string[], family: readonly string[], ignoreFlag: string, scoresFlag: string) =>
    new CalibError('input',
      `column${outside.length === 1 ? '' : 's'} ${outside.map(show).join(', ')} hold${outside.length === 1 ? 's' : ''} numbers but ${outside.length === 1 ? 'is' : 'are'} neither one of the score columns (${describeList(family)}) nor an id or a bookkeeping column of whole numbers; calib does not guess whether ${outside.length === 1 ? 'it is a score' : 'they are scores'}.`,
      { file, line: 1 },
      `Pass --ignore ${ignoreFlag} if ${outside.length === 1 ? 'it is not a score' : 'they are not scores'}, or --scores ${scoresFlag} to choose the score columns yourself.`),
  ambiguousScores: (file: string, candidates: readonly string[], scoresFlag: string) =>
    new CalibError('input', `cannot tell which numeric columns are the scores; candidates: ${candidates.join('; ')}.`,
      { file, line: 1 }, `Pass --scores with the score columns (e.g. --scores ${scoresFlag}) and --ignore for any other numeric column.`),
  columnNotNamedByLabels: (file: string, columns: readonly string[], ignoreFlag: string, scoresFlag: string, labelColumn: string) =>
    new CalibError('input',
      `column${columns.length === 1 ? '' : 's'} ${columns.map(show).join(', ')} ${columns.length === 1 ? 'is' : 'are'} read as class scores by name, but no label in column ${show(labelColumn)} names ${columns.length === 1 ? 'that class' : 'those classes'}.`,
      { file, line: 1 },
      `Pass --ignore ${ignoreFlag} if ${columns.length === 1 ? 'it is not a class' : 'they are not classes'}, or --scores ${scoresFlag} if every one is a class (some with no rows).`),
  confidenceOrProbability: (file: string, score: string, predicted: string | undefined, scoresFlag: string) =>
    new CalibError('input',
      predicted !== undefined
        ? `column ${show(score)} is never below 0.5 in the first rows and sits beside the predicted class ${show(predicted)}: it may be the confidence of that prediction (as a Hugging Face pipeline writes label and score), not P(y = 1).`
        : `column ${show(score)} is never below 0.5 in the first rows and is named like a confidence: it may be the confidence of each row's predicted class (as a Hugging Face pipeline writes score), not P(y = 1).`,
      { file, line: 1 },
      `Pass --scores ${scoresFlag} if it is P(y = 1) of the positive class; a confidence of the predicted class must be turned into P(y = 1) first (1 - score where the prediction is the negative class).`),
  badClasses: (file: string, given: number, columns: number) =>
    new CalibError('usage', `--classes gives ${given} name${given === 1 ? '' : 's'} for ${columns} score column${columns === 1 ? '' : 's'}.`,
      { file, line: 1 }, columns === 1 ? 'For a single score column, --classes takes one name: the class whose probability the column holds.'
        : 'Give one class name per score column, in column order.'),
  duplicateClasses: (file: string, name: string) =>
    new CalibError('usage', `--classes names class ${show(name)} twice.`, { file, line: 1 },
      'Give each score column a different class name, in column order.'),
  tooFewClasses: (file: string, found: number) =>
    new CalibError('input', `only ${found} class${found === 1 ? '' : 'es'} found; calibration needs at least two.`, { file, line: 1 },
      'Export one score column per class, or one P(y=1) column for a binary model.'),

  // ---- binary and record formats (.npy, .npz, Parquet, JSON Lines) ----
  badArrayFile: (file: string, format: string, detail: string, hint?: string) =>
    new CalibError('input', `the ${format} file is damaged: ${detail}.`, { file },
      hint ?? 'Re-export or re-download the file.'),
  truncatedArray: (file: string, format: string, detail: string, row?: number) =>
    new CalibError('input', `the ${format} file is truncated: ${detail}.`, row === undefined ? { file } : { file, row },
      'The write was cut short (a full disk, a killed job, a partial download): re-export or re-download the file.'),
  arrayDtype: (file: string, name: string, dtype: string, wanted: string) =>
    new CalibError('input', `array ${show(name)} has dtype ${show(dtype)}; calib reads ${wanted}.`, { file, column: name },
      dtype.includes('O') ? 'Object arrays are pickled Python objects: save the array with a plain dtype (np.asarray(x, dtype=np.float32), or dtype=str for names).'
        : 'Convert the array first (scores: x.astype(np.float64); labels: integers or strings).'),
  arrayRank: (file: string, name: string, shape: readonly number[]) =>
    new CalibError('input', `array ${show(name)} has shape (${shape.join(', ')}): rank ${shape.length}; scores are (N, K) or (N,) for one binary score, labels (N,).`,
      { file, column: name }, shape.length > 2 ? 'Reshape it first (e.g. logits.reshape(-1, logits.shape[-1]) with labels.reshape(-1)).' : 'Save one value per row.'),
  rowCountMismatch: (file: string, scores: string, rows: number, other: string, otherRows: number, otherFile?: string) =>
    new CalibError('input', `the scores (${show(scores)}) have ${rows} row${rows === 1 ? '' : 's'} but ${show(other)}${otherFile !== undefined ? ` in ${otherFile}` : ''} has ${otherRows}.`,
      { file }, 'Save the scores and the labels of the same examples, in the same order.'),
  scoresWithoutLabels: (file: string) =>
    new CalibError('input', 'a .npy file holds one array: the scores are here, but the labels are not.', { file },
      'Pass --labels FILE.npy with the labels (np.save("labels.npy", y)), or save both with np.savez(path, logits=..., labels=...).'),
  labelsFlag: (file: string) =>
    new CalibError('usage', '--labels FILE.npy gives the labels of scores in a .npy, .npz, Parquet or JSON file; this file is CSV.', { file },
      'Put the labels in a column of the CSV instead (or save the scores with np.save).'),
  badJson: (file: string, line: number, detail: string) =>
    new CalibError('input', `the JSON is malformed: ${detail}.`, { file, line },
      'Each line of a JSON Lines file must be one complete JSON object; check for a truncated or concatenated line.'),
  recordShape: (file: string, line: number, field: string, detail: string) =>
    new CalibError('input', `${detail}.`, { file, line, column: field },
      'Every record must have the same fields as the first, and every array of scores the same length.'),
  notRecords: (file: string, detail: string) =>
    new CalibError('input', `expected one JSON object per line or an array of objects, but ${detail}.`, { file },
      'Export records (pandas: df.to_json(path, orient="records", lines=True)).'),
  noInputFiles: (pattern: string) =>
    new CalibError('input', `no file matches ${show(pattern)}.`, { file: pattern }, /[[\]{}]/.test(pattern)
      ? 'calib\'s own wildcards are * and ? only ([...] and {a,b} are taken literally): leave the pattern unquoted for the shell to expand, or use * and ?.'
      : 'Check the pattern (quote it so that calib, not the shell, expands it) or the directory.'),
  mixedInputFormats: (pattern: string, first: string, firstFormat: string, other: string, otherFormat: string) =>
    new CalibError('input', `the files of ${show(pattern)} are not all in one format: ${first} is ${firstFormat}, ${other} is ${otherFormat}.`,
      { file: pattern }, 'Name files of one format (e.g. a glob ending in .parquet).'),
  shardHeader: (file: string, first: string, detail: string) =>
    new CalibError('input', `its columns differ from those of ${first}: ${detail}.`, { file },
      'Every part of one data set must have the same columns (names, order and widths).'),

  // ---- CSV syntax ----
  badCsv: (file: string, line: number, detail: string) =>
    new CalibError('input', `the CSV is malformed: ${detail}.`, { file, line },
      'Check the quoting on this line: a field that contains the delimiter, a quote or a line break must be quoted, with quotes inside doubled ("").'),

  // ---- cells ----
  raggedRow: (file: string, line: number, expected: number, got: number) =>
    new CalibError('input', `row has ${got} field${got === 1 ? '' : 's'}, the header has ${expected}.`,
      { file, line },
      got < expected ? 'The line may be truncated; re-export the file or remove the line.'
        : 'A field may contain an unquoted delimiter; quote it or remove the extra field.'),
  notANumber: (file: string, line: number, column: string, value: string) =>
    new CalibError('input', `${show(value)} is not a number.`, { file, line, column },
      /^-?\d+,\d+$/.test(value.trim()) ? 'This looks like a decimal comma: export numbers with a decimal point.'
        : /^-?\d{1,3}([,.' ]\d{3})+(\.\d+)?$/.test(value.trim()) ? 'This looks like a thousands separator: export plain numbers.'
          : 'Every score must be a plain decimal number; fix or drop the row.'),
  emptyCell: (file: string, line: number, column: string) =>
    new CalibError('input', 'the cell is empty.', { file, line, column }, 'Every score and label must be filled in.'),
  notFinite: (file: string, line: number, column: string, value: string) =>
    new CalibError('input', `${show(value)} is not a finite number.`, { file, line, column },
      'NaN or infinite scores usually come from a diverged model; fix the export or drop those rows.'),
  shiftedClassNumbering: (file: string, column: string, missing: string, byName: string, byPosition: string,
    asNames: string, shifted: string, fromZero: boolean) =>
    new CalibError('input',
      `no label is class ${show(missing)}, so the labels fit the score columns two ways: label 1 is column ${show(byName)} by name, or column ${show(byPosition)} ${fromZero ? 'if the columns hold classes 1..K in order (pd.DataFrame(predict_proba) of a model fitted on labels 1..K)' : 'if the labels are positions 0..K-1 (encoded labels beside columns named for the classes)'}.`,
      { file, column }, `Pass --classes ${asNames} if label 1 is column ${show(byName)}, or --classes ${shifted} if it is column ${show(byPosition)}.`),
  commentedHeader: (file: string, column: string, name: string) =>
    new CalibError('input',
      `the header starts with "# ", as np.savetxt writes its header (a comment line): the first column would be named ${show(column)}, not ${show(name)}.`,
      { file, line: 1, column }, "Write the file with np.savetxt(path, a, delimiter=',', header=..., comments=''), or remove the \"# \" from the header line."),
  repeatedHeader: (file: string, line: number, column: string) =>
    new CalibError('input', `the row repeats the header (the cell is the column's own name): files appended with df.to_csv(path, mode='a') write the header again.`,
      { file, line, column }, "Remove the repeated header lines, or append with df.to_csv(path, mode='a', header=False)."),
  missingLabel: (file: string, line: number, column: string, value: string) =>
    new CalibError('input', `label ${show(value)} is a missing value, not a class.`, { file, line, column },
      `Every row needs its true label: drop the rows without one (df.dropna(subset=[${show(column)}])) or fill them in.`),
  unknownLabel: (file: string, line: number, column: string, value: string, classes: readonly string[], hint?: string) =>
    new CalibError('input', `label ${show(value)} is not one of the classes (${describeClasses(classes)}).`,
      { file, line, column },
      hint ?? 'Labels must be class indices 0..K-1 or class names matching the score columns; if the columns hold other classes (labels 1..K beside p_0..p_{K-1}, or pd.DataFrame(predict_proba) beside labels such as 1,3,7), pass --classes with the class of each score column, in column order.'),
  thirdBinaryLabel: (file: string, line: number, column: string, value: string, seen: readonly string[]) =>
    new CalibError('input',
      `label ${show(value)} is a third distinct label; a single score column needs two (seen so far: ${seen.map(show).join(', ')}).`,
      { file, line, column },
      'Use labels 0/1, true/false or two names; for more classes export one score column per class.'),
  singleBinaryLabel: (file: string, column: string, value: string) =>
    new CalibError('input', `every label is ${show(value)}, so calib cannot tell whether it is the positive class.`,
      { file, column },
      `Pass --positive ${JSON.stringify(value)} if it is the class the score column predicts, or --positive with the other class name.`),
  positiveNotFound: (file: string, column: string, positive: string, seen: readonly string[]) =>
    new CalibError('usage', `--positive ${show(positive)} is neither of the labels in the file (${seen.map(show).join(', ')}).`,
      { file, column }, 'Give one of the label values exactly as it is written in the file.'),

  // ---- probabilities ----
  probOutOfRange: (file: string, line: number, column: string, value: number, percent = false) =>
    new CalibError('input', percent ? `percentage ${value} is outside [0, 100].` : `probability ${value} is outside [0, 1].`,
      { file, line, column }, percent ? 'Fix the row, or drop --percent if these are not percentages.' : 'If these are logits, pass --kind logits.'),
  probSum: (file: string, line: number, sum: number, tolerance: number, decimals: number, percent = false) =>
    percent
      ? new CalibError('input',
        `percentages sum to ${shortNumber(sum * 100)}, not 100 (allowed 100 ± ${shortNumber(tolerance * 100)}).`,
        { file, line }, 'Drop --percent if the scores are not percentages (rows of probabilities sum to 1, not 100).')
      : new CalibError('input',
        `probabilities sum to ${sum}, not 1: ${decimals >= 15 ? 'values written in full precision' : `values written with at most ${decimals} decimal${decimals === 1 ? '' : 's'}`} must sum to 1 within ${shortNumber(tolerance)}.`,
        { file, line },
        sum === 0 ? 'A row of zeros cannot be renormalized; fix or drop the row.'
          : 'Pass --renormalize to divide each row by its sum, or --kind logits if these are logits.'),
  ambiguousScoreClass: (file: string, column: string, byName: string, byPosition: string) =>
    new CalibError('input',
      `the column may hold the probability of class ${show(byName)} (its name) or of class ${show(byPosition)} (the class at position ${column.match(/\d+$/)?.[0] ?? ''} of the sorted labels, as scikit-learn's predict_proba[:, ${column.match(/\d+$/)?.[0] ?? ''}]).`,
      { file, column }, `Pass --classes ${byPosition} or --classes ${byName} to say which class the column holds.`),
  logProbabilityColumn: (file: string, column: string) =>
    new CalibError('input',
      'the one score column is named like a log-probability (as predict_log_proba[:, 1]); read as a logit, its sigmoid would not be its probability, and a log-probability is no logit.',
      { file, column }, `Export the probability (np.exp of the column) instead, or pass --kind logits if ${show(column)} holds logits.`),
  pandasColumnZero: (file: string, column: string, zero: string, one: string) =>
    new CalibError('input',
      `the one score column is named ${show(column)}: by its name it holds the probability of class ${show(zero)}, but ${show(column)} is also the name pandas gives the only column of pd.DataFrame(model.predict(x)) or pd.DataFrame(proba[:, 1]), which hold P(y = ${one}).`,
      { file, column }, `Pass --classes ${one} if the column holds P(y = ${one}), or --classes ${zero} if it holds P(y = ${zero}).`),
  scoreClassNotFound: (file: string, given: string, classes: readonly string[]) =>
    new CalibError('usage', `--classes ${show(given)} is not one of the labels (${classes.map(show).join(', ')}).`,
      { file }, 'Give the label of the class whose probability the score column holds.'),
  logitNamedProbabilities: (file: string, column: string, wide = false) =>
    new CalibError('input',
      `the column is named like a logit, but its values look like probabilities (in [0, 1]${wide ? ', every row summing to 1' : ''}): calib cannot tell which it holds.`,
      { file, column }, 'Pass --kind logits or --kind probs to say which.'),
  percentWithLogits: () =>
    new CalibError('usage', '--percent says the scores are probabilities in percent, so it cannot go with --kind logits.',
      undefined, 'Drop one of the two flags.'),
  percentOfProbabilities: (file: string, column: string) =>
    new CalibError('input', `--percent was given, but every value of column ${show(column)} is in [0, 1]: these are probabilities already, not percentages.`,
      { file, column }, 'Drop --percent.'),
  damagedProbs: (file: string, line: number, values: string, sum: number, passing: number, total: number, tolerance: number) =>
    new CalibError('input',
      `cannot tell logits from probabilities: ${passing} of ${total} rows look like probabilities (values in [0, 1] summing to 1), but this row does not (values ${values}; sum ${sum}, allowed 1 ± ${shortNumber(tolerance)}).`,
      { file, line }, 'Fix the damaged rows, or pass --kind probs (with --renormalize) or --kind logits to say which.'),
  unitScoresNotSumming: (file: string, line: number, values: string, sum: number, failing: number, total: number) =>
    new CalibError('input',
      `cannot tell logits from probabilities: every score is in [0, 1], but ${failing} of ${total} rows do not sum to 1 (this row: values ${values}; sum ${sum}): per-class (sigmoid, one-vs-rest) probabilities look like this, and so do logits that stay in [0, 1].`,
      { file, line }, 'Pass --kind logits if these are logits, or --kind probs --renormalize to divide each row by its sum.'),
  logitSpan: (file: string, line: number, values: string) =>
    new CalibError('input',
      `the logits of this row span more than the largest double (values ${values}): their log-softmax, and so the NLL, cannot be represented.`,
      { file, line }, 'Check the export for overflowed or sentinel values; logits this far apart are not a model\'s output.'),
  percentRows: (file: string, line: number, values: string, sum: number, percentRows: number, total: number) =>
    new CalibError('input',
      `${percentRows} of ${total} rows are in [0, 100] and sum to 100: these look like probabilities in percent, not logits (this row: values ${values}; sum ${sum}).`,
      { file, line }, 'Pass --percent to divide the scores by 100, or --kind logits if they really are logits.'),
  wholeNumberScores: (file: string, line: number, values: string) =>
    new CalibError('input',
      `every score is a non-negative whole number (first row: ${values}): that is a count or a predicted class, not probabilities or logits.`,
      { file, line }, 'Pass --scores to pick the score columns, or --kind logits if these really are logits.'),
  implausibleBinary: (file: string, line: number, column: string, value: number) =>
    new CalibError('input',
      `binary score ${value} is neither a probability nor a plausible logit: every value in the column is a non-negative whole number, as in a predicted class or a count.`,
      { file, line, column },
      'A single score column must hold P(y=1) in [0, 1] or its logit; pass --scores to pick the right column, or --kind logits if these really are logits.'),
  percentColumn: (file: string, line: number, column: string, value: number, named: boolean) =>
    new CalibError('input',
      `binary score ${value} is outside [0, 1], and every value of the column is in [0, 100]${named ? ' and its name says probability' : ' with none negative'}: these look like percentages${named ? '' : ' (logits of a model that never predicts the negative class would look the same)'}.`,
      { file, line, column }, 'Pass --percent to divide the column by 100, or --kind logits if these really are logits.'),
  damagedProbColumn: (file: string, line: number, column: string, value: number, why: string) =>
    new CalibError('input',
      `binary score ${value} is outside [0, 1], but ${why}: the column looks like damaged probabilities, not logits.`,
      { file, line, column }, 'Fix the damaged values, or pass --kind logits if the column really holds logits.'),
} as const;

/** A flag's value as a shell word: quoted unless it is plain (`#1` would start a comment). */
function shellWord(value: string): string {
  return /^[A-Za-z0-9_.,:@%+=/-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A tolerance for a message: 3 significant digits (`0.005`, `1e-6`, `0.000150`). */
function shortNumber(x: number): string {
  return String(Number(x.toPrecision(3)));
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${Math.ceil(bytes / 1024)} KiB`;
}

function describeList(names: readonly string[]): string {
  return names.length <= 6 ? names.map(show).join(', ') : `${names.slice(0, 3).map(show).join(', ')}, ..., ${show(names[names.length - 1] ?? '')}: ${names.length} in all`;
}

function describeClasses(classes: readonly string[]): string {
  const shown = classes.length <= 8 ? classes.map(show).join(', ')
    : `${classes.slice(0, 6).map(show).join(', ')}, ... (${classes.length} in all)`;
  return `${shown}; or indices 0..${classes.length - 1}`;
}
