/**
 * Random valid prediction tables and random corruptions of them, shared by the fuzz test (small
 * budget, in `npm test`) and scripts/fuzz-reader.mjs (large budget).
 */
import fc from 'fast-check';

export interface ValidTable {
  text: string;
  /** The numbers written, row by row (scores only), to compare with what is read back. */
  values: number[][];
  labels: number[];
}

export const validTable: fc.Arbitrary<ValidTable> = fc.record({
  classes: fc.integer({ min: 2, max: 4 }),
  rows: fc.integer({ min: 1, max: 12 }),
  delimiter: fc.constantFrom(',', '\t', ';'),
  eol: fc.constantFrom('\n', '\r\n'),
  quoteAll: fc.boolean(),
}).chain((shape) => fc.record({
  shape: fc.constant(shape),
  values: fc.array(fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: shape.classes, maxLength: shape.classes }), { minLength: shape.rows, maxLength: shape.rows }),
  labels: fc.array(fc.integer({ min: 0, max: shape.classes - 1 }), { minLength: shape.rows, maxLength: shape.rows }),
})).map(({ shape, values, labels }) => {
  // Logits outside [0, 1] on every row, so the kind is unambiguous and nothing is renormalised.
  const logits = values.map((row) => row.map((v, k) => (k === 0 ? v + 100 : v === 0 ? 0 : v))); // String(-0) is "0"
  const q = (s: string): string => (shape.quoteAll ? `"${s}"` : s);
  const header = [...Array.from({ length: shape.classes }, (_, k) => `z_${k}`), 'label'].map(q).join(shape.delimiter);
  const lines = logits.map((row, r) => [...row.map((v) => q(String(v))), q(String(labels[r]))].join(shape.delimiter));
  return { text: [header, ...lines].join(shape.eol) + shape.eol, values: logits, labels };
});

export type Corruption = (text: string) => string;

export const corruption: fc.Arbitrary<Corruption> = fc.oneof(
  fc.nat().map((at) => (t: string) => t.slice(0, at % t.length) + t.slice((at % t.length) + 1)),                // delete a byte
  fc.tuple(fc.nat(), fc.constantFrom(',', ';', '\t', '"', '\r', '\n', 'x', '.', '-', 'e', '0', ' ')).map(([at, ch]) =>
    (t: string) => t.slice(0, at % t.length) + ch + t.slice(at % t.length)),                                      // insert a byte
  fc.tuple(fc.nat(), fc.constantFrom(',', '"', 'x', '9', '\n')).map(([at, ch]) =>
    (t: string) => t.slice(0, at % t.length) + ch + t.slice((at % t.length) + 1)),                                // replace a byte
  fc.nat().map((at) => (t: string) => t.slice(0, at % t.length)),                                                   // truncate
  fc.nat().map((at) => (t: string) => { const l = t.split('\n'); const i = at % l.length; l.splice(i, 0, l[i] ?? ''); return l.join('\n'); }), // duplicate a line
);

/** File-level problems have no line of their own to name. */
export const FILE_LEVEL = /the file is empty|header but no data rows|no label column|calibration needs at least two|every label is|looks like UTF-16|cannot tell|no score columns|more than one column could be the label|is not a number|is outside|sum to/;
