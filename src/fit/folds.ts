import { CalibError } from '../core/errors.js';
import { createRandom, shuffleInPlace } from '../stats/random.js';

/**
 * Stratified k-fold assignment for cross-fitting: returns the fold id (0..k-1) of every row.
 *
 * The rows of each class are shuffled (seeded, so the same labels and seed always give the same
 * folds), then the classes are laid end to end and dealt to the folds in turn, continuing the
 * count from one class to the next. So every fold has floor(N/k) or ceil(N/k) rows, and every
 * class is split as evenly as it can be (its count per fold differs by at most one), like
 * scikit-learn's StratifiedKFold.
 *
 * @example
 * // labels [0, 0, 0, 1, 1, 1], k = 3: each fold gets one row of class 0 and one of class 1;
 * // which rows depends on the seed.
 * @throws CalibError('usage') unless 2 <= k <= N.
 */
export function stratifiedFolds(labels: Int32Array, k: number, seed: number): Int32Array {
  const n = labels.length;
  if (!Number.isInteger(k) || k < 2) {
    throw new CalibError('usage', `cross-fitting needs an integer number of folds of at least 2, got ${k}.`,
      undefined, 'Pass --cv 5 (or another whole number from 2 to the number of rows).');
  }
  if (k > n) {
    throw new CalibError('usage', `cannot split ${n} row${n === 1 ? '' : 's'} into ${k} folds: some folds would be empty.`,
      undefined, n < 2 ? 'Cross-fitting needs at least 2 rows: evaluate the temperature on a second file instead (--apply FILE).'
        : `Use at most ${n} folds (--cv ${n}), or evaluate the temperature on a second file instead (--apply FILE).`);
  }
  let classes = 0;
  for (let i = 0; i < n; i++) classes = Math.max(classes, labels[i]! + 1);
  // Counting sort of the rows by label keeps rows in file order within a class before shuffling.
  const start = new Int32Array(classes + 1);
  for (let i = 0; i < n; i++) start[labels[i]! + 1]!++;
  for (let c = 0; c < classes; c++) start[c + 1]! += start[c]!;
  const fill = start.slice(0, classes);
  const byClass = new Int32Array(n);
  for (let i = 0; i < n; i++) byClass[fill[labels[i]!]!++] = i;

  const random = createRandom(seed);
  const folds = new Int32Array(n);
  for (let c = 0; c < classes; c++) {
    const members = shuffleInPlace(byClass.subarray(start[c]!, start[c + 1]!), random);
    for (let j = 0; j < members.length; j++) folds[members[j]!] = (start[c]! + j) % k;
  }
  return folds;
}
