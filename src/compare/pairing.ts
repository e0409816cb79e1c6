/**
 * Checks that the models of `calib compare` can be compared, and whether they scored the same
 * examples (then the bootstrap is paired: the same resampled rows for every model).
 */
import { CalibError } from '../core/errors.js';
import type { Predictions } from '../core/predictions.js';

export interface PairingInput {
  readonly name: string;
  readonly file: string;
  readonly preds: Predictions;
}

export interface Pairing {
  readonly paired: boolean;
  /** Why, in one sentence. */
  readonly reason: string;
}

/**
 * Every model must have the same set of classes (by name; the column order may differ, because
 * every metric is the same under a permutation of the classes). Throws CalibError('input')
 * naming both files and the classes that differ.
 */
export function assertSameClasses(models: readonly PairingInput[]): void {
  const [baseline, ...others] = models;
  if (!baseline) return;
  const baseSet = new Set(baseline.preds.classNames);
  for (const model of others) {
    const set = new Set(model.preds.classNames);
    const missing = [...baseSet].filter((c) => !set.has(c));
    const extra = [...set].filter((c) => !baseSet.has(c));
    if (missing.length === 0 && extra.length === 0) continue;
    const parts = [
      ...(missing.length ? [`${model.file} lacks ${list(missing)}`] : []),
      ...(extra.length ? [`${model.file} has ${list(extra)}, which ${baseline.file} does not`] : []),
    ];
    throw new CalibError('input', `the files do not have the same classes: ${parts.join('; ')}.`, { file: model.file },
      'Compare models scored on the same label set (same class names in the score columns).');
  }
}

/**
 * Paired when every file has the same number of rows and the same label (by class name) on
 * every row; otherwise unpaired, with the first difference as the reason.
 */
export function detectPairing(models: readonly PairingInput[]): Pairing {
  const [baseline, ...others] = models;
  if (!baseline) return { paired: false, reason: 'no models' };
  for (const model of others) {
    if (model.preds.rows !== baseline.preds.rows) {
      return {
        paired: false,
        reason: `row counts differ (${baseline.file}: ${baseline.preds.rows}, ${model.file}: ${model.preds.rows}), so the files hold different examples`,
      };
    }
    const row = firstLabelDifference(baseline.preds, model.preds);
    if (row !== undefined) {
      const label = (p: Predictions): string => p.classNames[p.labels[row]!] ?? String(p.labels[row]);
      return {
        paired: false,
        reason: `labels differ at data row ${row + 1} (${baseline.file}: ${JSON.stringify(label(baseline.preds))}, ${model.file}: ${JSON.stringify(label(model.preds))}), so the rows are not the same examples in the same order`,
      };
    }
  }
  return {
    paired: true,
    reason: `all ${models.length} files hold ${baseline.preds.rows} rows with identical labels in the same order`,
  };
}

function firstLabelDifference(a: Predictions, b: Predictions): number | undefined {
  // Map b's class ids to a's through the class names (the column order may differ).
  const toA = b.classNames.map((name) => a.classNames.indexOf(name));
  for (let i = 0; i < a.rows; i++) {
    if (toA[b.labels[i]!] !== a.labels[i]) return i;
  }
  return undefined;
}

function list(classes: readonly string[]): string {
  const shown = classes.slice(0, 5).map((c) => JSON.stringify(c)).join(', ');
  return classes.length > 5 ? `${shown} and ${classes.length - 5} more` : shown;
}
