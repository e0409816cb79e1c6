import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'vitest';
import { CalibError, type ErrorKind } from '../../src/core/errors.js';
import { DEFAULT_READ_OPTIONS, readPredictions, type ReadOptions, type ReadResult } from '../../src/io/read-predictions.js';

let dir: string | undefined;

/** A fresh directory under the OS temp dir, shared by one test file. */
export function tempDir(): string {
  dir ??= mkdtempSync(join(tmpdir(), 'calib-io-'));
  return dir;
}

let counter = 0;

/** Writes `content` to a new temp file and returns its path. */
export function writeTemp(content: string | Uint8Array, name = `t${++counter}.csv`): string {
  const path = join(tempDir(), `${++counter}-${name}`);
  writeFileSync(path, content);
  return path;
}

/** Writes a CSV and reads it with the default options overridden by `options`. */
export async function readText(content: string | Uint8Array, options: Partial<ReadOptions> = {}, name?: string): Promise<ReadResult> {
  return readPredictions(writeTemp(content, name), { ...DEFAULT_READ_OPTIONS, ...options });
}

export function readStdin(content: string | Uint8Array, options: Partial<ReadOptions> = {}): Promise<ReadResult> {
  const stdin = Readable.from([typeof content === 'string' ? Buffer.from(content) : Buffer.from(content)]);
  return readPredictions('-', { ...DEFAULT_READ_OPTIONS, ...options }, { stdin });
}

export interface ExpectedError {
  kind?: ErrorKind;
  file?: string;
  line?: number;
  column?: string;
  /** Every string must occur in the message. */
  message?: readonly string[];
  hint?: RegExp;
}

/** Awaits a promise that must reject with a CalibError and checks where and what it says. */
export async function expectCalibError(promise: Promise<unknown>, expected: ExpectedError): Promise<CalibError> {
  const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
  expect(error, 'expected the read to fail').toBeInstanceOf(CalibError);
  const e = error as CalibError;
  expect(e.kind).toBe(expected.kind ?? 'input');
  if (expected.file !== undefined) expect(e.where?.file).toBe(expected.file);
  expect(e.where?.line).toBe(expected.line);
  expect(e.where?.column).toBe(expected.column);
  for (const part of expected.message ?? []) expect(e.message).toContain(part);
  if (expected.hint) expect(e.hint).toMatch(expected.hint);
  return e;
}

/** Like `expectCalibError` for a CSV text written to a temp file; checks the file name too. */
export async function expectReadError(content: string | Uint8Array, expected: ExpectedError,
  options: Partial<ReadOptions> = {}): Promise<CalibError> {
  const path = writeTemp(content);
  return expectCalibError(readPredictions(path, { ...DEFAULT_READ_OPTIONS, ...options }), { ...expected, file: path });
}

/** The row-major scores as a plain array of rows. */
export function rowsOf(result: ReadResult): number[][] {
  const { rows, classes, scores } = result.predictions;
  return Array.from({ length: rows }, (_, r) => Array.from(scores.subarray(r * classes, (r + 1) * classes)));
}

export function softmax(row: readonly number[]): number[] {
  const m = Math.max(...row);
  const e = row.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
