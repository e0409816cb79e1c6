/**
 * What a report of a binary probability column does without: the pair of logs (`scores`, made
 * only when a command reads them), a copy of the column as the confidences (positive view), the
 * sort's scratch as long as all the rows, and the ECE-sweep's count per row. The numbers must not
 * change: each is checked against the arrays it replaces.
 */
import { describe, expect, it } from 'vitest';
import type { MetricConfig } from '../../src/core/config.js';
import { withLazyScores, type Predictions } from '../../src/core/predictions.js';
import { evaluate, evaluateCompactOn } from '../../src/metrics/evaluate.js';
import { eceSweep } from '../../src/metrics/estimators/ece-sweep.js';
import { sortRows } from '../../src/metrics/estimators/argsort.js';
import { scanRows } from '../../src/metrics/row-stats.js';
import { probabilityPairLogs } from '../../src/io/to-predictions.js';
import { compactScanOnThreads } from '../../src/parallel/row-scan.js';
import { eagerRuntime, pool } from '../helpers/threads.js';

const inShared = (a: Float64Array): Float64Array => {
  const copy = new Float64Array(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  return copy;
};

/** A binary probability column (values 0 and 1 included) whose `scores` must never be read. */
function column(n: number, givenClass: 0 | 1, shared = false): { preds: Predictions; pairs: Float64Array; eager: Predictions } {
  const q = Float64Array.from({ length: n }, (_, i) => (i % 97 === 0 ? 0 : i % 89 === 0 ? 1 : ((i * 7919) % 1000) / 1000));
  const labels = Int32Array.from(q, (_, i) => (i % 3 === 0 ? 1 : 0));
  const probabilities = shared ? inShared(q) : q;
  const logFloor = Math.log(1e-12);
  // The pair of logs as the reader made it before: (log(1 - q), log q) for P(y = 1).
  const pairs = new Float64Array(2 * n);
  probabilityPairLogs(q, labels, pairs, logFloor, 0, n);
  const base = { rows: n, classes: 2, classNames: ['0', '1'], labels, kind: 'probs', binary: true, probabilities, givenClass, logFloor } as const;
  const preds = withLazyScores(base, () => { throw new Error('scores read'); });
  return { preds, pairs, eager: { ...base, probabilities: q.slice(), scores: pairs } };
}

describe('withLazyScores', () => {
  it('makes the scores on first read only, and once', () => {
    let made = 0;
    const preds = withLazyScores({ rows: 1, classes: 2, classNames: ['0', '1'], labels: Int32Array.of(1), kind: 'probs', binary: true },
      () => { made++; return Float64Array.of(-1, -2); });
    expect(made).toBe(0);
    expect(preds.rows).toBe(1);
    expect([...preds.scores]).toEqual([-1, -2]);
    expect(preds.scores).toBe(preds.scores);
    expect(made).toBe(1);
  });
});

describe('the per-row pass of a binary probability column', () => {
  it('takes the logs the reader would have made (the floor for an exact 0 on the true class), without reading scores', () => {
    const { preds, pairs } = column(1000, 1);
    const stats = scanRows(preds, { binaryView: 'positive', classwiseBins: 15, edges: 'right' }).stats;
    for (let r = 0; r < preds.rows; r++) {
      const y = preds.labels[r]!;
      expect(stats.nll[r]).toBe(-pairs[2 * r + y]!);
      expect(stats.confidence[r]).toBe(preds.probabilities![r]);
    }
    expect(Math.max(...stats.nll)).toBeCloseTo(-Math.log(1e-12), 12); // some true classes have probability 0
  });

  it('a column of P(y = 0): the logs swap, NLL is -log of the true class probability', () => {
    const { preds } = column(500, 0);
    const stats = scanRows(preds, { binaryView: 'positive', classwiseBins: 15, edges: 'right' }).stats;
    for (let r = 0; r < preds.rows; r++) {
      const p0 = preds.probabilities![r]!;
      const pTrue = preds.labels[r] === 0 ? p0 : 1 - p0;
      const expected = pTrue === 0 ? -Math.log(1e-12) : preds.labels[r] === 0 ? -Math.log(p0) : -Math.log1p(-p0);
      expect(stats.nll[r]! + 0).toBe(expected + 0); // -0 and +0 alike: the mean is the same
      expect(stats.confidence[r]).toBe(1 - p0);
    }
  });

  it('on threads, as report runs it: the same metrics as the full pass, the column itself as the confidences, no scores read', () => {
    const n = 3 * 4096 + 17;
    const { preds } = column(n, 1, true);
    const withScores = column(n, 1).eager;
    const metric: MetricConfig = { bins: 15, binning: 'width', edges: 'right', binaryView: 'positive' };
    const expected = evaluate(withScores, metric);
    const compact = compactScanOnThreads(pool(2), preds, { binaryView: 'positive', classwiseBins: 15, edges: 'right' }, 0);
    expect(compact?.stats.confidence).toBe(preds.probabilities);
    const threaded = evaluateCompactOn(eagerRuntime(2).evaluation, preds, metric);
    expect(threaded.metrics).toEqual(expected.metrics);
    expect(threaded.bins).toEqual(expected.bins);
    expect([...preds.probabilities!]).toEqual([...withScores.probabilities!]); // written over with itself only
  });
});

describe('sortRows with a scratch as long as its largest bucket', () => {
  it('gives the stable order on rows that need two and three bucket levels', () => {
    // Clusters of close values: the first level leaves buckets of thousands of rows, sorted below.
    const n = 60_000;
    const confidence = Float64Array.from({ length: n }, (_, i) => Math.floor(i % 7) / 7 + ((i * 2654435761) % 1000003) * 1e-13);
    const outcome = Uint8Array.from({ length: n }, (_, i) => (i * 31) % 2);
    const order = Array.from(confidence, (_, i) => i).sort((i, j) => confidence[i]! - confidence[j]!);
    const sorted = sortRows(confidence, outcome);
    expect(sorted.confidence).toEqual(Float64Array.from(order, (i) => confidence[i]!));
    expect(sorted.outcome).toEqual(Uint8Array.from(order, (i) => outcome[i]!));
  });
});

describe('eceSweep with counts every 64 rows', () => {
  /** The sweep with a count of positives before every row, as it was computed before. */
  function naiveBins(outcome: Uint8Array): number {
    const n = outcome.length;
    const positives = new Float64Array(n + 1);
    for (let k = 0; k < n; k++) positives[k + 1] = positives[k]! + outcome[k]!;
    const start = (j: number, b: number): number => {
      let k = Math.ceil((j * n) / b);
      while (k > 0 && Math.floor(((k - 1) / n) * b) >= j) k--;
      while (k < n && Math.floor((k / n) * b) < j) k++;
      return k;
    };
    let bins = 1;
    for (let b = 2; b < n; b++) {
      let last = -Infinity;
      let from = 0;
      let monotone = true;
      for (let j = 0; j < b && monotone; j++) {
        const end = j === b - 1 ? n : start(j + 1, b);
        const mean = (positives[end]! - positives[from]!) / (end - from);
        if (mean < last) monotone = false;
        last = mean;
        from = end;
      }
      if (!monotone) break;
      bins = b;
    }
    return bins;
  }

  it('chooses the bins a count per row chooses, at sizes around the stride', () => {
    const bins: number[] = [];
    for (const n of [63, 64, 65, 128, 1000, 4097]) {
      const confidence = Float64Array.from({ length: n }, (_, i) => (i + 0.5) / n);
      // Outcomes that rise with confidence, with noise: the sweep goes to some tens of bins.
      const outcome = Uint8Array.from(confidence, (c, i) => (((i * 2654435761) >>> 0) % 1000) / 1000 < c * c ? 1 : 0);
      const result = eceSweep(confidence, outcome);
      expect(result.bins, `n = ${n}`).toBe(naiveBins(sortRows(confidence, outcome).outcome));
      bins.push(result.bins);
    }
    expect(Math.max(...bins)).toBeGreaterThan(10); // bin edges away from the stride's multiples
  });
});

describe('selectRows of a binary probability column (--where, --group-by)', () => {
  it('copies the column and labels of the chosen rows; their pair of logs is made only when read, as the reader makes it', async () => {
    const { selectRows } = await import('../../src/core/select-rows.js');
    const rows = Int32Array.of(5, 0, 97, 89, 5);
    for (const givenClass of [1, 0] as const) {
      const { preds } = column(300, givenClass);
      const sub = selectRows(preds, rows); // the parent's scores throw when read: they are not
      expect([...sub.probabilities!]).toEqual([...rows].map((r) => preds.probabilities![r]!));
      expect([...sub.labels]).toEqual([...rows].map((r) => preds.labels[r]!));
      expect(sub.givenClass).toBe(givenClass);
      const floor = Math.log(1e-12);
      const expected = [...rows].flatMap((r) => {
        const v = preds.probabilities![r]!;
        const given = v === 0 ? floor : Math.log(v);
        const complement = v === 1 ? floor : v === 0 ? 0 : Math.log1p(-v);
        return givenClass === 1 ? [complement, given] : [given, complement];
      });
      expect([...sub.scores]).toEqual(expected);
    }
  });
});
