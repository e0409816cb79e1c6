// Loads the JSON written by the Python reference scripts in ./reference (see each script's header
// for the repository and file whose definition it follows). Regenerate with
//   cd test/estimators/reference && python3 make_datasets.py && python3 relplot_smece.py && ...
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

export function readReference<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(`./reference/${file}`, import.meta.url), 'utf8')) as T;
}

export interface Dataset {
  readonly confidence: Float64Array;
  readonly outcome: Uint8Array;
}

/** The shared seeded data sets (reference/make_datasets.py), as typed arrays. */
export function datasets(): Map<string, Dataset> {
  const raw = readReference<Record<string, { confidence: number[]; outcome: number[] }>>('datasets.json');
  return new Map(Object.entries(raw).map(([name, d]) =>
    [name, { confidence: Float64Array.from(d.confidence), outcome: Uint8Array.from(d.outcome) }]));
}

/** |actual - expected| <= tol * max(1, |expected|): absolute near 0, relative elsewhere. */
export function close(actual: number, expected: number, tol: number): boolean {
  return Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected));
}

/** Asserts `close`, printing both values when it fails. */
export function expectClose(actual: number, expected: number, tol: number, what = 'value'): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} against ${expected} (tolerance ${tol})`)
    .toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}

/** Asserts `relClose`, printing both values when it fails. */
export function expectRelClose(actual: number, expected: number, tol: number, what = 'value'): void {
  expect(relClose(actual, expected, tol), `${what}: ${actual} against ${expected} (relative tolerance ${tol})`).toBe(true);
}

/** Relative closeness for values that can be tiny (p-values in the far tail). */
export function relClose(actual: number, expected: number, tol: number): boolean {
  if (expected === 0) return actual === 0;
  return Math.abs(actual - expected) <= tol * Math.abs(expected);
}
