/**
 * The byte-level fast path must be invisible: on every file it either gives bit-identical arrays
 * to the general csv-parse path, or steps aside (and the general path reads the file).
 */
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_READ_OPTIONS, readPredictions } from '../../src/io/read-predictions.js';
import { FastPathBail, readBodyFast } from '../../src/io/fast-body.js';
import { TableBuilder } from '../../src/io/table-builder.js';
import { tempDir } from '../helpers/cli.js';

const numberText = fc.oneof(
  fc.double({ min: -50, max: 50, noNaN: true }).map((x) => String(x)),            // shortest round-trip, up to 17 digits
  fc.double({ min: -50, max: 50, noNaN: true }).map((x) => x.toFixed(6)),           // the usual export
  fc.double({ min: -1e10, max: 1e10, noNaN: true }).map((x) => x.toExponential(8)), // exponents
  fc.integer({ min: -999, max: 999 }).map(String),
  fc.constantFrom('0', '-0', '0.0', '.5', '5.', '+1.25', '-0.000001', '123456789012345.5', '1e-7', '00012.5'),
);

const table = fc.record({
  classes: fc.integer({ min: 2, max: 5 }),
  rows: fc.integer({ min: 1, max: 30 }),
  crlf: fc.boolean(),
  delimiter: fc.constantFrom(',', '\t', ';'),
  labelFirst: fc.boolean(),
  quoteSome: fc.boolean(),
  chunk: fc.integer({ min: 1, max: 64 }),
}).chain((shape) => fc.record({
  shape: fc.constant(shape),
  cells: fc.array(fc.array(numberText, { minLength: shape.classes, maxLength: shape.classes }), { minLength: shape.rows, maxLength: shape.rows }),
  labels: fc.array(fc.integer({ min: 0, max: shape.classes - 1 }), { minLength: shape.rows, maxLength: shape.rows }),
}));

function write(t: { shape: { classes: number; crlf: boolean; delimiter: string; labelFirst: boolean; quoteSome: boolean }; cells: string[][]; labels: number[] }): string {
  const { classes, crlf, delimiter, labelFirst, quoteSome } = t.shape;
  const names = Array.from({ length: classes }, (_, k) => `logit_${k}`);
  const line = (scores: string[], label: string): string => (labelFirst ? [label, ...scores] : [...scores, label]).join(delimiter);
  const rows = t.cells.map((scores, r) => line(quoteSome && r === t.cells.length - 1 ? scores.map((s) => `"${s}"`) : scores, String(t.labels[r])));
  const text = [line(names, 'label'), ...rows].join(crlf ? '\r\n' : '\n') + (crlf ? '\r\n' : '\n');
  const path = join(tempDir(), 'preds.csv');
  writeFileSync(path, text);
  return path;
}

describe('fast path', () => {
  it('gives bit-identical scores and labels to the general path, at any chunk size', async () => {
    await fc.assert(fc.asyncProperty(table, async (t) => {
      const path = write(t);
      const general = await readPredictions(path, { ...DEFAULT_READ_OPTIONS, kind: 'logits' }, { fastPath: false });
      const builder = new TableBuilder(path, DEFAULT_READ_OPTIONS);
      let fast;
      try {
        await readBodyFast(path, builder, t.shape.chunk);
        fast = builder.finish();
      } catch (error) {
        // Stepping aside is allowed only for what the fast path does not handle: quoted fields here.
        expect(error).toBeInstanceOf(FastPathBail);
        expect(t.shape.quoteSome).toBe(true);
        return;
      }
      const generalScores = new Float64Array(general.predictions.scores);
      expect(fast.table.rows).toBe(general.predictions.rows);
      // Object.is per value: bit-identical, -0 included.
      fast.table.values.forEach((v, i) => expect(Object.is(v, generalScores[i])).toBe(true));
      expect([...fast.table.labels]).toEqual([...general.predictions.labels]);
      // And the public reader (fast path on) agrees with itself off.
      const viaReader = await readPredictions(path, { ...DEFAULT_READ_OPTIONS, kind: 'logits' });
      expect([...viaReader.predictions.scores]).toEqual([...general.predictions.scores]);
    }), { numRuns: 120 });
  });

  it('steps aside on bad input, so the error is the general path\'s, with its line and column', async () => {
    const path = join(tempDir(), 'bad.csv');
    writeFileSync(path, 'a,b,label\n1,2,0\n3,4,1\n5,x7,0\n');
    const error = await readPredictions(path, DEFAULT_READ_OPTIONS).catch((e: unknown) => e);
    expect(String((error as Error).message)).toMatch(/"x7" is not a number/);
    expect((error as { where: { line: number; column: string } }).where).toMatchObject({ line: 4, column: 'b' });
  });
});
