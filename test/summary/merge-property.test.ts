import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectRows } from '../../src/core/select-rows.js';
import { DEFAULT_READ_OPTIONS, readPredictions, type ReadResult } from '../../src/io/read-predictions.js';
import { evaluate } from '../../src/metrics/evaluate.js';
import { METRIC_NAMES, type MetricName } from '../../src/metrics/types.js';
import type { MetricConfig } from '../../src/core/config.js';
import { DEFAULT_CLASS_GRID, DEFAULT_GRID, mergeSummaries, overall, summarizePredictions, summaryEvaluation, type Summary } from '../../src/summary/index.js';

const repoRoot = new URL('../../', import.meta.url).pathname;

/** The metrics a summary gives exactly (on equal-width bins, right-closed edges). */
/** The grid of the shard property (15 divides it). */
const SHARD_GRID = 3000;

const EXACT: MetricName[] = ['accuracy', 'mean_confidence', 'overconfidence_gap', 'ece', 'mce', 'rmsce', 'classwise_ece', 'nll', 'brier', 'entropy', 'ece_debiased'];

function close(actual: number, expected: number, rel = 1e-12): void {
  const scale = Math.max(Math.abs(expected), 1e-300);
  if (Math.abs(actual - expected) > rel * scale + 1e-15) expect(actual).toBe(expected);
}

async function read(name: string): Promise<ReadResult> {
  return readPredictions(`${repoRoot}fixtures/${name}`, DEFAULT_READ_OPTIONS);
}

function summarize(read: ReadResult, rows: Int32Array | undefined, config: MetricConfig, slice?: readonly string[], grid = DEFAULT_GRID): Summary {
  const preds = rows ? selectRows(read.predictions, rows) : read.predictions;
  return summarizePredictions(preds, {
    grid, classGrid: DEFAULT_CLASS_GRID, edges: config.edges, binaryView: config.binaryView, probFloor: 1e-12, sources: [{ name: 'x' }], calibVersion: 'test',
    ...(slice ? { slices: { columns: ['site'], cells: [rows ? Array.from(rows, (r) => slice[r]!) : slice] } } : {}),
  });
}

/** Every count of two summaries equal, every sum within 1e-12 relative. */
function expectSameSummary(a: Summary, b: Summary): void {
  expect(a.slices.map((s) => s.key)).toEqual(b.slices.map((s) => s.key));
  a.slices.forEach((s, i) => {
    const t = b.slices[i]!;
    expect(s.total.n).toBe(t.total.n);
    expect(s.total.correct).toBe(t.total.correct);
    expect(s.total.floorHits).toBe(t.total.floorHits);
    for (const f of ['conf', 'outcome', 'conf2', 'confOutcome', 'topConf', 'nll', 'brier', 'entropy'] as const) close(s.total[f], t.total[f]);
    expect(Array.from(s.labelCount)).toEqual(Array.from(t.labelCount));
    for (const part of ['top', 'classes'] as const) {
      expect(Array.from(s[part].cells)).toEqual(Array.from(t[part].cells));
      expect(Array.from(s[part].n)).toEqual(Array.from(t[part].n));
      expect(Array.from(s[part].outcome)).toEqual(Array.from(t[part].outcome));
      for (const f of ['conf', 'conf2', 'confOutcome'] as const) {
        const x = s[part][f];
        const y = t[part][f];
        for (let c = 0; c < x.length; c++) close(x[c]!, y[c]!);
      }
    }
  });
}

const CASES = [
  { name: 'digits-logreg-logits.csv', view: 'positive' as const },
  { name: 'digits-forest-probs.csv', view: 'positive' as const },
  { name: 'breast-cancer-logreg-probs.csv', view: 'positive' as const },
  { name: 'breast-cancer-logreg-probs.csv', view: 'top-label' as const },
  { name: 'breast-cancer-logreg-logits.csv', view: 'positive' as const },
  { name: 'hand-3class-logits.csv', view: 'positive' as const },
];

describe('summaries merge by addition', () => {
  for (const { name, view } of CASES) {
    it(`${name} (${view}): random shards summarized and merged in random order = the whole = the rows' exact metrics`, async () => {
      const whole = await read(name);
      const n = whole.predictions.rows;
      const sites = Array.from({ length: n }, (_, i) => ['north', 'south', 'east'][(i * 7919) % 3]!);
      for (const edges of ['right', 'left'] as const) {
        const config: MetricConfig = { bins: 15, binning: 'width', edges, binaryView: view };
        const all = summarize(whole, undefined, config, sites);
        const rowBased = evaluate(whole.predictions, config);
        const fromSummary = summaryEvaluation(overall(all), all.header, config);
        const exact = edges === 'right' ? EXACT : EXACT.filter((m) => m !== 'ece_debiased');
        for (const metric of exact) close(fromSummary.metrics[metric], rowBased.metrics[metric]);
        expect(fromSummary.bins.map((b) => b.count)).toEqual(rowBased.bins.map((b) => b.count));
        expect(all.slices.reduce((s, x) => s + x.total.floorHits, 0)).toBe(whole.floorHits);
        // The shards on a coarser grid (3,000 fine bins, which 15 divides) keep the property test quick.
        const coarse = summarize(whole, undefined, config, sites, SHARD_GRID);
        fc.assert(fc.property(
          fc.array(fc.integer({ min: 0, max: 5 }), { minLength: n, maxLength: n }),
          fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
          (shardOf, order) => {
            const shards = Array.from({ length: 6 }, (_, s) => Int32Array.from(shardOf.flatMap((x, i) => (x === s ? [i] : []))))
              .filter((rows) => rows.length > 0);
            const parts = shards.map((rows, i) => ({ name: `shard-${i}`, summary: summarize(whole, rows, config, sites, SHARD_GRID) }));
            const shuffled = parts.map((p, i) => ({ p, k: order[i] ?? 0 })).sort((a, b) => a.k - b.k).map((x) => x.p);
            const merged = mergeSummaries(shuffled);
            expectSameSummary(merged, coarse);
            const metrics = summaryEvaluation(overall(merged), merged.header, config).metrics;
            for (const metric of exact) close(metrics[metric], rowBased.metrics[metric]);
          },
        ), { numRuns: 4 });
      }
    });
  }

  it('gives every slice the row-based metrics of its rows', async () => {
    const whole = await read('digits-logreg-logits.csv');
    const n = whole.predictions.rows;
    const sites = Array.from({ length: n }, (_, i) => String(i % 4));
    const config: MetricConfig = { bins: 10, binning: 'width', edges: 'right', binaryView: 'positive' };
    const summary = summarize(whole, undefined, config, sites);
    expect(summary.slices.map((s) => s.key)).toEqual([['0'], ['1'], ['2'], ['3']]);
    for (const slice of summary.slices) {
      const rows = Int32Array.from(sites.flatMap((s, i) => (s === slice.key[0] ? [i] : [])));
      const rowBased = evaluate(selectRows(whole.predictions, rows), config);
      const got = summaryEvaluation(slice, summary.header, config).metrics;
      for (const metric of EXACT) close(got[metric], rowBased.metrics[metric]);
    }
  });

  it('holds many slices of many classes (sparse cells): 60 slices x 10 classes at the default grid', async () => {
    const whole = await read('digits-logreg-logits.csv');
    const config: MetricConfig = { bins: 15, binning: 'width', edges: 'right', binaryView: 'positive' };
    const many = summarize(whole, undefined, config, Array.from({ length: whole.predictions.rows }, (_, i) => String(i % 60)));
    expect(many.slices).toHaveLength(60);
    const rowBased = evaluate(whole.predictions, config);
    const metrics = summaryEvaluation(overall(many), many.header, config).metrics;
    for (const metric of EXACT) close(metrics[metric], rowBased.metrics[metric]);
  });

  it('keeps approximate metrics within their stated bounds', async () => {
    for (const name of ['digits-logreg-logits.csv', 'breast-cancer-logreg-probs.csv']) {
      const whole = await read(name);
      for (const binning of ['width', 'mass'] as const) {
        const config: MetricConfig = { bins: 10, binning, edges: 'right', binaryView: 'positive' };
        const summary = summarize(whole, undefined, config);
        const got = summaryEvaluation(overall(summary), summary.header, config);
        const rowBased = evaluate(whole.predictions, config);
        for (const a of got.approximate) {
          if (a.metric === 'bins' || a.bound === null) continue;
          expect(Math.abs(got.metrics[a.metric] - rowBased.metrics[a.metric])).toBeLessThanOrEqual(a.bound);
        }
        // smooth ECE not listed: exact up to rounding.
        if (!got.approximate.some((a) => a.metric === 'smece')) close(got.metrics.smece, rowBased.metrics.smece, 1e-9);
        for (const metric of METRIC_NAMES) expect(Number.isFinite(got.metrics[metric])).toBe(true);
      }
    }
  });
});
