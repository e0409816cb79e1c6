import fc from 'fast-check';
import { expect, test } from 'vitest';
import { readText, rowsOf, softmax } from './helpers.js';

const DELIMITERS = [',', '\t', ';'] as const;

/** Quotes a field the RFC 4180 way (doubling inner quotes). */
const quote = (field: string): string => `"${field.replaceAll('"', '""')}"`;

// -0 is left out: String(-0) is "0", so the file cannot carry its sign. Values stay within half
// the largest double, so that no row of logits spans more than a double holds (refused, by design).
const finite = fc.double({ min: -8.9e307, max: 8.9e307, noNaN: true }).filter((x) => !Object.is(x, -0));

const table = fc.integer({ min: 2, max: 6 }).chain((k) => fc.record({
  k: fc.constant(k),
  rows: fc.array(fc.record({
    values: fc.array(finite, { minLength: k, maxLength: k }),
    label: fc.integer({ min: 0, max: k - 1 }),
    quoting: fc.array(fc.boolean(), { minLength: k + 1, maxLength: k + 1 }),
    precision17: fc.boolean(),
  }), { minLength: 1, maxLength: 30 }),
  labelAt: fc.integer({ min: 0, max: k }),
  delimiter: fc.constantFrom(...DELIMITERS),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
  quoteHeader: fc.boolean(),
}));

test('property: random valid tables read back exactly the numbers written (bit-identical)', async () => {
  await fc.assert(fc.asyncProperty(table, async (t) => {
    const eol = t.crlf ? '\r\n' : '\n';
    const header = Array.from({ length: t.k }, (_, i) => `s_${i}`);
    header.splice(t.labelAt, 0, 'label');
    const lines = [header.map((h) => (t.quoteHeader ? quote(h) : h)).join(t.delimiter)];
    // Class 0 occurs (first row): number labels that all leave out class 0 beside s_0.. are asked about.
    t.rows[0]!.label = 0;
    for (const row of t.rows) {
      const fields = row.values.map((x) => (row.precision17 ? x.toPrecision(17) : String(x)));
      fields.splice(t.labelAt, 0, String(row.label));
      lines.push(fields.map((f, i) => (row.quoting[i] ? quote(f) : f)).join(t.delimiter));
    }
    const text = (t.bom ? '\uFEFF' : '') + lines.join(eol) + (t.finalNewline ? eol : '');
    const result = await readText(text, { kind: 'logits' });
    expect(result.predictions.rows).toBe(t.rows.length);
    expect(result.predictions.classes).toBe(t.k);
    expect(result.labelColumn).toBe('label');
    expect(result.predictions.classNames).toEqual(Array.from({ length: t.k }, (_, i) => String(i)));
    expect(Array.from(result.predictions.labels)).toEqual(t.rows.map((r) => r.label));
    const got = rowsOf(result);
    t.rows.forEach((row, r) => row.values.forEach((x, j) => expect(Object.is(got[r]?.[j], x)).toBe(true)));
  }), { numRuns: 150 });
});

test('property: the softmax of a model\'s logits and of its probabilities read as probs agree within 1e-12', async () => {
  const logitRows = fc.integer({ min: 2, max: 8 }).chain((k) => fc.array(
    fc.array(fc.double({ min: -20, max: 20, noNaN: true }), { minLength: k, maxLength: k }), { minLength: 1, maxLength: 20 }));
  await fc.assert(fc.asyncProperty(logitRows, async (rows) => {
    const k = rows[0]?.length ?? 0;
    const header = [...Array.from({ length: k }, (_, i) => `c${i}`), 'label'].join(',');
    const probs = rows.map(softmax);
    const text = [header, ...probs.map((p) => [...p.map(String), '0'].join(','))].join('\n');
    const result = await readText(text);
    expect(result.kindDecision.kind).toBe('probs');
    expect(result.floorHits).toBe(0);
    rowsOf(result).forEach((logp, r) => {
      const back = softmax(logp);
      const want = softmax(rows[r] ?? []);
      back.forEach((v, j) => expect(Math.abs(v - (want[j] ?? NaN))).toBeLessThanOrEqual(1e-12));
    });
  }), { numRuns: 100 });
});
