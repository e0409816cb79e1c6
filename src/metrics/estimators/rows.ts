import { CalibError } from '../../core/errors.js';

/**
 * The estimators take per-row arrays that the input layer has already validated. This cheap check
 * catches a wiring mistake (arrays of different lengths, no rows, a confidence outside [0, 1] or an
 * outcome other than 0/1) with a message naming the function, instead of a silent NaN.
 */
export function checkRows(fn: string, confidence: Float64Array, outcome: Uint8Array): void {
  if (confidence.length !== outcome.length) {
    throw new CalibError('internal',
      `${fn}: ${confidence.length} confidences but ${outcome.length} outcomes.`);
  }
  if (confidence.length === 0) throw new CalibError('internal', `${fn}: no rows.`);
  for (let i = 0; i < confidence.length; i++) {
    const c = confidence[i]!;
    if (!(c >= 0 && c <= 1)) {
      throw new CalibError('internal', `${fn}: confidence ${c} at row index ${i} is outside [0, 1].`);
    }
    if (outcome[i]! > 1) {
      throw new CalibError('internal', `${fn}: outcome ${outcome[i]} at row index ${i} is not 0 or 1.`);
    }
  }
}

/** Throws unless `value` is an integer in [min, max]; `name` is the option as the caller spells it. */
export function checkInteger(fn: string, name: string, value: number, min: number, max = Infinity): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Infinity ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
    throw new CalibError('usage', `${fn}: ${name} must be ${range}, got ${value}.`);
  }
}
