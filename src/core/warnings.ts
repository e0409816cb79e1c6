/**
 * Warnings: problems that did not stop a run. Each one is a typed record made by a function of
 * the catalogue below (as errors.ts is for errors): a stable code, the sentence shown to people,
 * and the numbers or names behind it. Every command's document carries its warnings, and every
 * output format shows them (docs/conventions.md, "Warnings", lists the codes).
 */

/** A value a warning's data may hold: what JSON can carry. */
export type WarningValue = string | number | boolean | null | readonly string[];

export interface Warning {
  /** Stable kebab-case code; new codes may be added, existing ones keep their meaning. */
  readonly code: WarningCode;
  /** The sentence printed on stderr and in the documents (no `calib: warning:` prefix). */
  readonly message: string;
  /** What the message is about, with snake_case keys (the JSON contract). */
  readonly data: Readonly<Record<string, WarningValue>>;
}

export type WarningCode =
  | 'ignore-matches-nothing'
  | 'single-label'
  | 'positive-ignored'
  | 'prob-floor-hits'
  | 'mixed-score-layouts'
  | 'temperature-at-lower-bound'
  | 'temperature-at-upper-bound'
  | 'temperature-not-converged'
  | 'in-sample-evaluation'
  | 'smoothing-temperature-at-bound'
  | 'empty-group-cells';

/** The catalogue. Keep entries grouped by the layer that raises them. */
export const warn = {
  // ---- reading a file (src/io) ----
  ignoreMatchesNothing: (file: string, pattern: string): Warning => ({
    code: 'ignore-matches-nothing', message: `--ignore ${JSON.stringify(pattern)} matches no column.`, data: { file, pattern },
  }),
  singleLabel: (file: string, label: string, positive: string): Warning => ({
    code: 'single-label',
    message: `every label is ${JSON.stringify(label)}; ${label === positive ? 'no row is negative' : 'no row is the positive class'}.`,
    data: { file, label, positive },
  }),
  positiveIgnored: (file: string, positive: string): Warning => ({
    code: 'positive-ignored', message: '--positive is only used with a single score column; ignored.', data: { file, positive },
  }),
  probFloorHits: (file: string, rows: number, probFloor: number): Warning => ({
    code: 'prob-floor-hits',
    message: `${rows} row(s) gave the true class a probability of exactly 0; it was replaced by ${probFloor} (--prob-floor), which sets their NLL.`,
    data: { file, rows, prob_floor: probFloor },
  }),

  // ---- compare ----
  mixedScoreLayouts: (oneColumn: readonly string[], perClass: readonly string[], positiveView: boolean): Warning => ({
    code: 'mixed-score-layouts',
    message: `${oneColumn.join(', ')} ${oneColumn.length === 1 ? 'has' : 'have'} one score column and ${perClass.join(', ')} ${perClass.length === 1 ? 'has' : 'have'} one per class: `
      + `Brier is on [0, 1] for one-column files and [0, 2] otherwise`
      + `${positiveView ? ' and their ECE-type metrics bin P(y=1) (positive-class view) rather than the top-label confidence' : ''}, so those metrics are not like for like.`,
    data: { one_column: [...oneColumn], per_class: [...perClass], positive_view: positiveView },
  }),

  // ---- temperature ----
  temperatureAtLowerBound: (temperature: number): Warning => ({
    code: 'temperature-at-lower-bound',
    message: `the fit rows are separable (every row is predicted correctly with room to spare), so NLL keeps falling as T -> 0; T = ${temperature} is the lower bound of the search, not an optimum.`,
    data: { temperature },
  }),
  temperatureAtUpperBound: (temperature: number): Warning => ({
    code: 'temperature-at-upper-bound',
    message: `the predictions are no better than uniform on the fit rows, so NLL keeps falling as T -> infinity; T = ${temperature} is the upper bound of the search, not an optimum.`,
    data: { temperature },
  }),
  temperatureNotConverged: (iterations: number, gradient: number): Warning => ({
    code: 'temperature-not-converged',
    message: `the temperature fit did not converge in ${iterations} passes (gradient ${gradient}).`,
    data: { iterations, gradient },
  }),
  inSampleEvaluation: (): Warning => ({
    code: 'in-sample-evaluation',
    message: '"after" numbers are in-sample (--in-sample): T was fitted on these same rows, so they are optimistic.',
    data: {},
  }),

  // ---- smoothing ----
  smoothingTemperatureAtBound: (alpha: number, temperature: number, end: 'lower' | 'upper'): Warning => ({
    code: 'smoothing-temperature-at-bound',
    message: `at a = ${alpha} the what-if temperature ran into the ${end} end of its search (${temperature}); it is a bound, not an optimum.`,
    data: { alpha, temperature, end },
  }),
  // ---- slices (src/app/slices.ts) ----
  emptyGroupCells: (file: string, column: string, rows: number): Warning => ({
    code: 'empty-group-cells',
    message: `${rows} row(s) have no value in ${JSON.stringify(column)}; they are grouped together as ${column}=(empty) (--where '${column}!=""' leaves them out).`,
    data: { file, column, rows },
  }),
};

/** A file's warning among those of several files: its message starts with the file (compare, temperature --apply). */
export function fromFile(file: string, warning: Warning): Warning {
  return { ...warning, message: `${file}: ${warning.message}`, data: { ...warning.data, file } };
}

/** The messages of some warnings, for the documents' `warnings` list of sentences. */
export function messagesOf(list: readonly Warning[]): string[] {
  return list.map((w) => w.message);
}
