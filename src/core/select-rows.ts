/**
 * A subset of a file's rows as `Predictions` of their own (for `--where` and the per-group
 * evaluations of `--group-by`): the scores, labels and probabilities of the chosen rows copied
 * in the given order, the classes and the kind unchanged. Every command then runs on the subset
 * as on a file that held only those rows.
 */
import { columnPairLogs, logFloorOf, withLazyScores, type Predictions } from './predictions.js';

/** `rows`: 0-based row indices, each in [0, preds.rows); at least one. */
export function selectRows(preds: Predictions, rows: Int32Array): Predictions {
  if (rows.length === 0) throw new RangeError('selectRows: no rows');
  if (preds.binary && preds.probabilities !== undefined) return selectColumnRows(preds, preds.probabilities, rows);
  const k = preds.classes;
  const scores = new Float64Array(rows.length * k);
  const labels = new Int32Array(rows.length);
  const given = preds.probabilities;
  const width = given === undefined ? 0 : given.length / preds.rows;
  const probabilities = given === undefined ? undefined : new Float64Array(rows.length * width);
  for (let j = 0; j < rows.length; j++) {
    const r = rows[j]!;
    if (!(r >= 0 && r < preds.rows)) throw new RangeError(`selectRows: row ${r} is outside 0..${preds.rows - 1}`);
    scores.set(preds.scores.subarray(r * k, r * k + k), j * k);
    labels[j] = preds.labels[r]!;
    if (probabilities !== undefined) probabilities.set(given!.subarray(r * width, r * width + width), j * width);
  }
  return {
    ...preds,
    rows: rows.length,
    scores,
    labels,
    ...(probabilities !== undefined ? { probabilities } : {}),
  };
}

/**
 * `selectRows` of a binary probability column: the column and labels of the chosen rows, and
 * their pair of logs made, like the file's own, only if a command reads the scores.
 */
function selectColumnRows(preds: Predictions, column: Float64Array, rows: Int32Array): Predictions {
  const n = rows.length;
  const probabilities = new Float64Array(n);
  const labels = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const r = rows[j]!;
    if (!(r >= 0 && r < preds.rows)) throw new RangeError(`selectRows: row ${r} is outside 0..${preds.rows - 1}`);
    probabilities[j] = column[r]!;
    labels[j] = preds.labels[r]!;
  }
  const { classes, classNames, kind, binary, givenClass, logFloor } = preds;
  const floor = logFloorOf(preds);
  const base = {
    rows: n, classes, classNames, kind, binary, labels, probabilities,
    ...(givenClass !== undefined ? { givenClass } : {}), ...(logFloor !== undefined ? { logFloor } : {}),
  };
  return withLazyScores(base, () => columnPairLogs(probabilities, givenClass ?? 1, floor));
}
