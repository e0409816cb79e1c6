/**
 * Property-based fuzzing of the reader: a small budget in `npm test`, 20,000 cases with
 * `npm run fuzz` (CALIB_FUZZ_RUNS sets another; a failure prints fast-check's seed and path to
 * replay it). A valid small table (2-4 classes, 1-20 rows,
 * probabilities or logits written with String(x)) gets one random corruption; reading it must
 * either succeed with no NaN score or throw a CalibError, never any other error, and a CalibError
 * must name a line unless it is one of the file-level problems listed in FILE_LEVEL.
 */
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CalibError } from '../../src/core/errors.js';
import { DEFAULT_READ_OPTIONS, readPredictions } from '../../src/io/read-predictions.js';
import type { ReadSource } from '../../src/io/read-predictions.js';
import { tempDir } from '../helpers/cli.js';

/** `npm run fuzz` may raise the budget with CALIB_FUZZ_RUNS; `npm test` keeps it small. */
const RUNS = Number(process.env.CALIB_FUZZ_RUNS ?? 0) || 150;
/**
 * Time allowed for a property of RUNS cases. A case reads a file once or twice, and a corrupted
 * one usually through the general reader (streams and csv-parse): about 5 ms a read, 12 ms a case
 * under vitest on a 2-core machine. The suite's 60 s would stop `npm run fuzz` long before its
 * 20,000 cases, so the time grows with the budget (40 ms a case).
 */
const PROPERTY_TIMEOUT = 60_000 + RUNS * 40;

/** Problems of the whole file, which have no line of their own to name. */
const FILE_LEVEL: readonly RegExp[] = [
  /^the file is empty\.$/,
  /^every label is ".*", so calib cannot tell whether it is the positive class\.$/,
  /^no label is class ".*", so the labels fit the score columns two ways: /,
  /^looks like UTF-(16|32) (LE|BE) text \(it starts with the byte order mark [0-9A-F ]+\); calib reads UTF-8\.$/,
];

const validTable = fc.record({
  classes: fc.integer({ min: 2, max: 4 }),
  rows: fc.integer({ min: 1, max: 20 }),
  probs: fc.boolean(),
}).chain(({ classes, rows, probs }) => fc.record({
  probs: fc.constant(probs),
  classes: fc.constant(classes),
  cells: fc.array(fc.array(probs ? fc.double({ min: 0.01, max: 1, noNaN: true }) : fc.double({ min: -20, max: 20, noNaN: true }),
    { minLength: classes, maxLength: classes }), { minLength: rows, maxLength: rows }),
  labels: fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: rows, maxLength: rows }),
})).map(({ probs, classes, cells, labels }) => {
  // A model's logit rows are not all in [0, 1] and not all whole numbers (files that are get asked
  // about, not read): the first logit of every row is negative and fractional.
  const rows = probs
    ? cells.map((row) => { const sum = row.reduce((a, b) => a + b, 0); return row.map((v) => v / sum); })
    : cells.map((row) => [-Math.abs(row[0]!) - 0.5, ...row.slice(1)]);
  const header = [...Array.from({ length: classes }, (_, k) => `${probs ? 'p' : 'z'}_${k}`), 'label'].join(',');
  // Class 0 occurs (first row): labels that all leave out class 0 beside p_0.. are asked about.
  return [header, ...rows.map((row, r) => [...row.map(String), String(r === 0 ? 0 : labels[r])].join(','))].join('\n') + '\n';
});

const INSERTABLE = [...',;\t"\r\nx.-e0'];
const at = (text: string, n: number): number => (text.length === 0 ? 0 : n % text.length);
type Corrupt = (text: string) => string;
const corruption: fc.Arbitrary<[string, Corrupt]> = fc.oneof(
  fc.nat().map((n): [string, Corrupt] => [`delete byte ${n}`, (t) => t.slice(0, at(t, n)) + t.slice(at(t, n) + 1)]),
  fc.tuple(fc.nat(), fc.constantFrom(...INSERTABLE)).map(([n, c]): [string, Corrupt] => [`insert ${JSON.stringify(c)} at ${n}`, (t) => t.slice(0, at(t, n)) + c + t.slice(at(t, n))]),
  fc.tuple(fc.nat(), fc.constantFrom(...INSERTABLE)).map(([n, c]): [string, Corrupt] => [`replace byte ${n} by ${JSON.stringify(c)}`, (t) => t.slice(0, at(t, n)) + c + t.slice(at(t, n) + 1)]),
  fc.nat().map((n): [string, Corrupt] => [`truncate at ${n}`, (t) => t.slice(0, at(t, n))]),
  fc.nat().map((n): [string, Corrupt] => [`duplicate line ${n}`, (t) => { const l = t.split('\n'); const i = n % l.length; l.splice(i, 0, l[i]!); return l.join('\n'); }]),
  fc.nat().map((n): [string, Corrupt] => [`drop the last field of line ${n}`, (t) => { const l = t.split('\n'); const i = n % l.length; l[i] = l[i]!.replace(/,[^,]*$/, ''); return l.join('\n'); }]),
);

type Outcome = { ok: true; scores: number[] } | { ok: false; error: unknown };

async function read(text: string, source: ReadSource = {}): Promise<Outcome> {
  const path = join(tempDir(), 'preds.csv');
  writeFileSync(path, text);
  try {
    const { predictions } = await readPredictions(path, DEFAULT_READ_OPTIONS, source);
    return { ok: true, scores: [...predictions.scores] };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The property; throws (with the reason) when the outcome is not allowed. */
function check(outcome: Outcome): void {
  if (outcome.ok) {
    expect(outcome.scores.some(Number.isNaN)).toBe(false);
    return;
  }
  expect(outcome.error).toBeInstanceOf(CalibError);
  const error = outcome.error as CalibError;
  const line = error.where?.line;
  if (!(Number.isInteger(line) && line! > 0)) {
    expect(FILE_LEVEL.some((pattern) => pattern.test(error.message)), `no line for: ${error.message}`).toBe(true);
  }
}

describe('reader fuzzing: corrupted tables', () => {
  it('read to scores without NaN, or fail with a CalibError naming a line (or a file-level problem)', async () => {
    await fc.assert(fc.asyncProperty(validTable, corruption, async (text, [, corrupt]) => {
      check(await read(corrupt(text)));
    }), { numRuns: RUNS });
  }, PROPERTY_TIMEOUT);

  it('the fast byte-level path and the general path agree on every corrupted table', async () => {
    await fc.assert(fc.asyncProperty(validTable, corruption, async (text, [, corrupt]) => {
      const bad = corrupt(text);
      const [fast, general] = [await read(bad), await read(bad, { fastPath: false })];
      if (fast.ok && general.ok) expect(fast.scores).toEqual(general.scores);
      else if (!fast.ok && !general.ok) expect((fast.error as Error).message).toBe((general.error as Error).message);
      else expect({ fast: fast.ok, general: general.ok }).toEqual({ fast: true, general: true });
    }), { numRuns: RUNS });
  }, PROPERTY_TIMEOUT);

  it('the uncorrupted tables read without error', async () => {
    await fc.assert(fc.asyncProperty(validTable, async (text) => {
      const outcome = await read(text);
      expect(outcome.ok ? 'ok' : String(outcome.error)).toBe('ok');
    }), { numRuns: 50 });
  });

  it('logits written with String(x) read back bit for bit (--kind logits)', async () => {
    const logitRows = fc.integer({ min: 2, max: 4 }).chain((k) => fc.array(
      fc.tuple(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: k, maxLength: k }), fc.integer({ min: 0, max: k - 1 })),
      { minLength: 1, maxLength: 20 }));
    await fc.assert(fc.asyncProperty(logitRows, async (rows) => {
      const k = rows[0]![0].length;
      const header = [...Array.from({ length: k }, (_, c) => `z_${c}`), 'label'].join(',');
      const text = [header, ...rows.map(([z, y], r) => [...z.map(String), String(r === 0 ? 0 : y)].join(','))].join('\n') + '\n';
      const path = join(tempDir(), 'preds.csv');
      writeFileSync(path, text);
      const { predictions } = await readPredictions(path, { ...DEFAULT_READ_OPTIONS, kind: 'logits' });
      // String(-0) is "0", which reads back as +0.
      expect([...predictions.scores]).toEqual(rows.flatMap(([z]) => z.map((v) => (v === 0 ? 0 : v))));
      expect([...predictions.labels]).toEqual(rows.map(([, y], r) => (r === 0 ? 0 : y)));
    }), { numRuns: 50 });
  });
});
