/**
 * A report's file read in a window of rows (ScoreWindow, `ReadSource.window`): the scan made
 * while reading, the kind decision and every error must be those of the read that keeps every
 * row, on the reading thread and with the scan on a worker; the scores are not kept.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_READ_OPTIONS, readPredictions, readPredictionsOn, type ReadOptions, type ReadResult, type ReadSource } from '../../src/io/read-predictions.js';
import { RowBuffer } from '../../src/io/row-buffer.js';
import type { ScanConfig } from '../../src/metrics/row-stats.js';
import { eagerRuntime } from '../helpers/threads.js';
import { writeTemp } from '../io/helpers.js';

const scan: ScanConfig = { binaryView: 'positive', classwiseBins: 15, edges: 'right', meansOnly: true };
/** Windows of two halves of 1024 rows, whatever the file's size. */
const window = { minBytes: 0, halfRows: 1024 };

/** A CSV of `rows` rows of K values (`row(i)`), label first. */
function csv(k: number, rows: number, row: (i: number) => readonly string[], label = (i: number) => (i * 7) % k): string {
  const lines = ['label,' + Array.from({ length: k }, (_, j) => `s_${j}`).join(',')];
  for (let i = 0; i < rows; i++) lines.push(`${label(i)},${row(i).join(',')}`);
  return lines.join('\n') + '\n';
}

const logit = (i: number, j: number): string => ((((i * 131 + j * 977) % 20011) / 1000) - 10).toFixed(3);
const logitRow = (k: number) => (i: number): string[] => Array.from({ length: k }, (_, j) => logit(i, j));

type Outcome = { ok: true; read: ReadResult } | { ok: false; message: string };

async function attempt(run: () => Promise<ReadResult>): Promise<Outcome> {
  try {
    return { ok: true, read: await run() };
  } catch (error) {
    return { ok: false, message: String(error) };
  }
}

/** The file read whole, in a window on this thread, and in a window with the scan on a worker. */
async function threeReads(path: string, options: Partial<ReadOptions> = {}): Promise<[Outcome, Outcome, Outcome]> {
  const opts = { ...DEFAULT_READ_OPTIONS, ...options };
  // Small chunks, so that the window is there before the first half is read.
  const source: ReadSource = { scan, window, chunkSize: 8192 };
  return [
    await attempt(() => readPredictions(path, opts, { scan, chunkSize: 8192 })),
    await attempt(() => readPredictions(path, opts, source)),
    await attempt(() => readPredictionsOn(eagerRuntime(2).read, path, opts, source)),
  ];
}

/** What a windowed read must agree on with the whole read. */
function facts(read: ReadResult): unknown {
  return {
    scan: read.scan, kind: read.kindDecision, rows: read.predictions.rows, classes: read.predictions.classNames,
    labels: [...read.predictions.labels], columns: read.columns, notes: read.notes, warnings: read.warnings,
  };
}

const windowed = (read: ReadResult): boolean => {
  try {
    void read.predictions.scores;
    return false;
  } catch {
    return true;
  }
};

describe('RowBuffer with a window', () => {
  it('calls the watch hook before each multiple of its rows, and keeps every label but only a window of values', () => {
    const buffer = new RowBuffer(2, 4);
    const seen: number[] = [];
    buffer.watch(3, (rows) => {
      seen.push(rows);
      if (rows === 3) buffer.startWindow(6);
    });
    for (let r = 0; r < 10; r++) {
      const offset = buffer.addRow(r % 2);
      buffer.scores[offset] = r;
      buffer.scores[offset + 1] = -r;
    }
    expect(seen).toEqual([3, 6, 9]);
    expect(buffer.windowRows).toBe(6);
    expect([...buffer.labels.subarray(0, 10)]).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    // Rows 3..9 are at slots r mod 6: row 6 over row 0's slot, ..., row 9 at slot 3.
    for (let r = 4; r < 10; r++) expect(buffer.scores[buffer.offsetOf(r)]).toBe(r);
    expect(buffer.offsetOf(9)).toBe(2 * 3);
  });
});

describe('a windowed read', () => {
  it('of logits: the scan, kind and labels of the whole read, on this thread and with a worker; the scores not kept', async () => {
    const path = writeTemp(csv(5, 10_000, logitRow(5)));
    const [whole, inline, worker] = await threeReads(path);
    if (!whole.ok || !inline.ok || !worker.ok) throw new Error('a read failed');
    expect(windowed(whole.read)).toBe(false);
    expect(windowed(inline.read)).toBe(true);
    expect(windowed(worker.read)).toBe(true);
    expect(facts(inline.read)).toEqual(facts(whole.read));
    expect(facts(worker.read)).toEqual(facts(whole.read));
    expect(inline.read.kindDecision.kind).toBe('logits');
  });

  it('with --kind logits: the same', async () => {
    const path = writeTemp(csv(3, 5000, (i) => [logit(i, 0), logit(i, 1), '0.5']));
    const [whole, inline, worker] = await threeReads(path, { kind: 'logits' });
    if (!whole.ok || !inline.ok || !worker.ok) throw new Error('a read failed');
    expect(windowed(inline.read) && windowed(worker.read)).toBe(true);
    expect(facts(inline.read)).toEqual(facts(whole.read));
    expect(facts(worker.read)).toEqual(facts(whole.read));
  });

  it('keeps every row while every row is a probability row: a probability file is read whole', async () => {
    const path = writeTemp(csv(4, 6000, () => ['0.1', '0.2', '0.3', '0.4']));
    const [whole, inline, worker] = await threeReads(path);
    if (!whole.ok || !inline.ok || !worker.ok) throw new Error('a read failed');
    expect(whole.read.kindDecision.kind).toBe('probs');
    expect(windowed(inline.read) || windowed(worker.read)).toBe(false);
    expect([...inline.read.predictions.scores]).toEqual([...whole.read.predictions.scores]);
    expect(facts(worker.read)).toEqual(facts(whole.read));
  });

  it('of probabilities with logits after the first half: read whole, decided as the whole read decides', async () => {
    const path = writeTemp(csv(3, 4000, (i) => (i < 1500 ? ['0.2', '0.3', '0.5'] : [logit(i, 0), logit(i, 1), logit(i, 2)])));
    const [whole, inline, worker] = await threeReads(path);
    if (!whole.ok || !inline.ok || !worker.ok) throw new Error('a read failed');
    expect(windowed(inline.read) || windowed(worker.read)).toBe(false);
    expect(facts(inline.read)).toEqual(facts(whole.read));
    expect(facts(worker.read)).toEqual(facts(whole.read));
  });

  const errorCases: [string, string, Partial<ReadOptions>][] = [
    // Damaged probabilities: most rows pass, the first that fails (line 7) is named with its values.
    ['damaged probabilities', csv(3, 5000, (i) => (i === 5 || i === 4000 ? ['0.2', '0.3', '0.9'] : ['0.2', '0.3', '0.5'])), {}],
    // A row of logits that spans more than a double, far past the first window.
    ['a logit span', csv(3, 5000, (i) => (i === 4321 ? ['1e308', '-1e308', '0'] : [logit(i, 0), logit(i, 1), logit(i, 2)])), {}],
    ['a logit span, --kind logits', csv(3, 5000, (i) => (i === 3000 ? ['1e308', '-1e308', '0'] : [logit(i, 0), logit(i, 1), logit(i, 2)])), { kind: 'logits' }],
    // Counts: every value a non-negative whole number (the first row is named).
    ['whole numbers', csv(3, 5000, (i) => [String(i % 4), '2', '7']), {}],
    // Values in [0, 1] whose rows do not sum to 1 (sigmoid outputs).
    ['per-class sigmoid outputs', csv(3, 5000, (i) => [(0.1 + (i % 7) / 10).toFixed(2), '0.9', '0.8']), {}],
    // Percentages: rows summing to 100.
    ['percentages', csv(3, 5000, (i) => (i === 2 ? ['0.2', '0.3', '0.5'] : ['20', '30', '50'])), {}],
  ];
  for (const [name, text, options] of errorCases) {
    it(`stops on ${name} with the whole read's error`, async () => {
      const path = writeTemp(text);
      const [whole, inline, worker] = await threeReads(path, options);
      expect(whole.ok).toBe(false);
      expect(inline).toEqual(whole);
      expect(worker).toEqual(whole);
    });
  }

  it('reads the file again, whole, when a mean needs every per-row value (NLLs that overflow a sum)', async () => {
    // Rows whose wrong class has an NLL near 1.7e308: their sum overflows, so the scan has no compact form.
    const path = writeTemp(csv(2, 4000, (i) => (i % 2 === 0 ? ['8.5e307', '-8.5e307'] : [logit(i, 0), logit(i, 1)]), () => 1));
    const [whole, inline, worker] = await threeReads(path);
    if (!whole.ok || !inline.ok || !worker.ok) throw new Error('a read failed');
    expect(windowed(inline.read) || windowed(worker.read)).toBe(false);
    expect(inline.read.scan).toBeUndefined();
    expect(facts(inline.read)).toEqual(facts(whole.read));
    expect(facts(worker.read)).toEqual(facts(whole.read));
  });
});
