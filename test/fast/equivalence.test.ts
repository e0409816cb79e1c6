/**
 * The byte-level reader must be invisible: on every file it either gives bit-identical arrays,
 * labels and line numbers to the general csv-parse path, or steps aside (NotFastPath) and the
 * general path reads the file, so every error message and line number is the general path's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalibError } from '../../src/core/errors.js';
import { closeSync, openSync, readSync } from 'node:fs';
import { readBodyFast, NotFastPath, SplitEstimateMissed, type SplitRead } from '../../src/io/fast/read-body.js';
import { parseRange, type RangeResult } from '../../src/io/fast/parse-range.js';
import { DEFAULT_READ_OPTIONS, readPredictions, type ReadOptions } from '../../src/io/read-predictions.js';
import { readRecords } from '../../src/io/csv-records.js';
import { openInput } from '../../src/io/open-input.js';
import { TableBuilder } from '../../src/io/table-builder.js';
import type { NumericTable } from '../../src/io/to-predictions.js';
import { writeTemp } from '../io/helpers.js';

const numberText = fc.oneof(
  fc.double({ min: -50, max: 50, noNaN: true }).map((x) => String(x)),            // shortest round trip: up to 17 digits
  fc.double({ min: -50, max: 50, noNaN: true }).map((x) => x.toFixed(6)),           // the usual export
  fc.double({ min: -1e10, max: 1e10, noNaN: true }).map((x) => x.toExponential(8)), // exponents
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => String(x)),        // any finite double
  fc.integer({ min: -999, max: 999 }).map(String),
  fc.bigInt({ min: 0n, max: 10n ** 20n }).map((m) => `${m}`),                       // mantissas around 2^53
  fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.integer({ min: 0, max: 25 }))  // 0 to 25 decimals
    .map(([m, d]) => { const s = m.toString().padStart(d + 1, '0'); return d === 0 ? s : `${s.slice(0, -d)}.${s.slice(-d)}`; }),
  fc.constantFrom('0', '-0', '0.0', '-0.0', '.5', '5.', '+1.25', '-0.000001', '9007199254740991', '9007199254740993',
    '900719925474099.3', '1e-7', '00012.5', ' 1.5', '2.5 ', '1E5', '-.5', '+.5'),
);

/** A cell that the general path refuses or reads in its own way: the fast path must step aside. */
const oddCell = fc.constantFrom('x7', '', '"1.5"', 'NaN', 'inf', '1e999', '1.2.3', '--1', '+-1', '-', '.', '1,5', '1\r5', '0x10', 'é');

/** `null` three times in four. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> =>
  fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary, weight: 1 });

interface Shape { classes: number; rows: number; crlf: boolean; delimiter: string; labelFirst: boolean; blankLines: boolean; chunk: number }

const file = fc.record({
  classes: fc.integer({ min: 2, max: 5 }),
  rows: fc.integer({ min: 1, max: 25 }),
  crlf: fc.boolean(),
  delimiter: fc.constantFrom(',', '\t', ';'),
  labelFirst: fc.boolean(),
  blankLines: fc.boolean(),
  chunk: fc.integer({ min: 1, max: 80 }),
}).chain((shape: Shape) => fc.record({
  shape: fc.constant(shape),
  cells: fc.array(fc.array(numberText, { minLength: shape.classes, maxLength: shape.classes }), { minLength: shape.rows, maxLength: shape.rows }),
  labels: fc.array(fc.integer({ min: 0, max: shape.classes - 1 }), { minLength: shape.rows, maxLength: shape.rows }),
  /** At most one odd cell, at (row, column) of the score cells or the label. */
  odd: rarely(fc.tuple(fc.nat(), fc.nat(), oddCell)),
  mixedEnding: rarely(fc.nat()),
  finalBreak: fc.boolean(),
}));

type FileCase = typeof file extends fc.Arbitrary<infer T> ? T : never;

function render(t: FileCase): string {
  const { classes, crlf, delimiter, labelFirst, blankLines } = t.shape;
  const names = Array.from({ length: classes }, (_, k) => `logit_${k}`);
  const line = (scores: string[], label: string): string => (labelFirst ? [label, ...scores] : [...scores, label]).join(delimiter);
  const rows = t.cells.map((scores, r) => {
    const cells = [...scores];
    // Class 0 occurs (first row): number labels that all leave out class 0 beside logit_0.. are asked about.
    let label = String(r === 0 ? 0 : t.labels[r]);
    if (t.odd !== null && t.odd[0] % t.cells.length === r) {
      const column = t.odd[1] % (classes + 1);
      if (column === classes) label = t.odd[2]; else cells[column] = t.odd[2];
    }
    return line(cells, label);
  });
  const lines = [line(names, 'label'), ...rows];
  if (blankLines) lines.splice(1 + Math.floor(lines.length / 2), 0, '', '  ');
  const eol = crlf ? '\r\n' : '\n';
  let text = lines.map((l, i) => l + (t.mixedEnding !== null && t.mixedEnding % lines.length === i ? (crlf ? '\n' : '\r\n') : eol)).join('');
  if (!t.finalBreak) text = text.slice(0, -eol.length);
  return text;
}

/** The general path's raw table (before conversion), or the error it throws. */
async function generalTable(path: string, sampleRows?: number): Promise<NumericTable | Error> {
  const builder = new TableBuilder(path, LOGITS, sampleRows === undefined ? {} : { sampleRows });
  try {
    await readRecords(path, openInput(path, process.stdin), builder);
    return builder.finish().table;
  } catch (error) {
    return error as Error;
  }
}

const LOGITS: ReadOptions = { ...DEFAULT_READ_OPTIONS, kind: 'logits' };

async function outcome(promise: Promise<{ predictions: { scores: Float64Array; labels: Int32Array; rows: number } }>) {
  try {
    const r = await promise;
    return { ok: true as const, scores: Array.from(r.predictions.scores), labels: Array.from(r.predictions.labels), rows: r.predictions.rows };
  } catch (error) {
    if (!(error instanceof CalibError)) throw error;
    return { ok: false as const, message: error.message, where: error.where, hint: error.hint };
  }
}

describe('fast reader against the general path', () => {
  it('gives bit-identical scores, labels and line numbers, or steps aside, at any chunk size', async () => {
    let taken = 0;
    await fc.assert(fc.asyncProperty(file, async (t) => {
      const path = writeTemp(render(t));
      const general = await generalTable(path);
      const builder = new TableBuilder(path, LOGITS);
      try {
        await readBodyFast(path, builder, {}, t.shape.chunk);
      } catch (error) {
        // Stepping aside is always allowed; the builder's own checks (header, first row) throw
        // what the general path throws.
        if (!(error instanceof NotFastPath)) expect(error).toEqual(general);
        return;
      }
      const fast = builder.finish().table;
      expect(general, 'the fast path accepted a file the general path refuses').not.toBeInstanceOf(Error);
      if (general instanceof Error) return;
      expect(fast.rows).toBe(general.rows);
      expect(fast.width).toBe(general.width);
      // Object.is per value: bit-identical, -0 included.
      Array.from(fast.values).forEach((v, i) => expect(Object.is(v, general.values[i]), `value ${i}: ${v} vs ${general.values[i]}`).toBe(true));
      expect(Array.from(fast.labels)).toEqual(Array.from(general.labels));
      for (let r = 0; r < fast.rows; r++) expect(fast.lineOf(r)).toBe(general.lineOf(r));
      taken++;
    }), { numRuns: 300 });
    // Most generated files are clean: the fast path itself must have read them, not the fallback.
    expect(taken).toBeGreaterThan(100);
  });

  it('the public reader gives the same result or the same error with the fast path on and off', async () => {
    await fc.assert(fc.asyncProperty(file, async (t) => {
      const path = writeTemp(render(t));
      for (const options of [LOGITS, DEFAULT_READ_OPTIONS]) {
        const on = await outcome(readPredictions(path, options));
        const off = await outcome(readPredictions(path, options, { fastPath: false }));
        expect(on).toEqual(off);
      }
    }), { numRuns: 200 });
  });

  it('read in 2 to 4 pieces (each but the first as its worker reads it) gives the same arrays, labels and line numbers', async () => {
    let split = 0;
    let missed = 0;
    await fc.assert(fc.asyncProperty(file, fc.integer({ min: 1, max: 3 }), async (t, parts) => {
      const path = writeTemp(render(t));
      const general = await generalTable(path, 1);
      // Columns planned on the first row, so that these short files are split as long ones are.
      const builder = new TableBuilder(path, LOGITS, { shared: true, sampleRows: 1 });
      let result: RangeResult | undefined;
      const halves: SplitRead = { minBytes: 0, parts, parse: async (job) => (result = parseRangeHere(job)) };
      try {
        await readBodyFast(path, builder, { split: halves }, t.shape.chunk);
      } catch (error) {
        if (error instanceof SplitEstimateMissed) missed++;
        if (!(error instanceof NotFastPath)) expect(error).toEqual(general);
        return;
      }
      const fast = builder.finish().table;
      expect(general).not.toBeInstanceOf(Error);
      if (general instanceof Error) return;
      expect(fast.rows).toBe(general.rows);
      Array.from(fast.values).forEach((v, i) => expect(Object.is(v, general.values[i]), `value ${i}`).toBe(true));
      expect(Array.from(fast.labels)).toEqual(Array.from(general.labels));
      for (let r = 0; r < fast.rows; r++) expect(fast.lineOf(r)).toBe(general.lineOf(r));
      if (result?.ok === true) split++;
    }), { numRuns: 300 });
    expect(split).toBeGreaterThan(50); // most clean files were split, not read on one thread
    expect(missed).toBeLessThan(split);
  });

  it('steps aside when a half holds more rows than estimated from the first rows', async () => {
    // Long first rows make the estimate low: the first half runs past the rows it may write.
    const long = Array.from({ length: 4 }, () => `0,${'1.0000000000000000'},${'2.0000000000000000'}`);
    const short = Array.from({ length: 400 }, (_, i) => `${i % 2},1,2`);
    const path = writeTemp(['label,a,b', ...long, ...short].join('\n') + '\n');
    // Planned on the first row, so that the estimate comes from the long rows alone.
    const builder = new TableBuilder(path, LOGITS, { shared: true, sampleRows: 1 });
    const halves: SplitRead = { minBytes: 0, parse: async (job) => parseRangeHere(job) };
    await expect(readBodyFast(path, builder, { split: halves }, 128)).rejects.toBeInstanceOf(SplitEstimateMissed);
  });
});

/** What the worker does (parse-worker.ts), on this thread. */
function parseRangeHere(job: Parameters<typeof parseRange>[0]): RangeResult {
  const fd = openSync(job.path, 'r');
  try {
    return parseRange(job, (buffer, offset, length, position) => readSync(fd, buffer, offset, length, position));
  } finally {
    closeSync(fd);
  }
}
