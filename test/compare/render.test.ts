import { describe, expect, test } from 'vitest';
import { compareModels } from '../../src/compare/compare.js';
import type { CompareResult } from '../../src/compare/compare.js';
import { DEFAULT_METRIC_CONFIG } from '../../src/core/config.js';
import { METRIC_NAMES } from '../../src/metrics/types.js';
import {
  COMPARE_CSV_COLUMNS, renderCompareCsv, renderCompareJson, renderCompareMarkdown, renderCompareTable,
} from '../../src/report/compare/index.js';
import { fromProbabilities } from '../helpers/make-predictions.js';
import { threeModels } from './models.js';

const { base, sharp, better } = threeModels(200, 4);
const inputs = [
  { file: 'runs/base.csv', preds: base },
  { file: 'runs/sharp.csv', preds: sharp },
  { file: 'runs/better.csv', preds: better },
];
const withBootstrap = compareModels(inputs, DEFAULT_METRIC_CONFIG, { bootstrap: { resamples: 20, seed: 1, confidence: 0.9 } });
const plain = compareModels(inputs.slice(0, 2), DEFAULT_METRIC_CONFIG);

/** A tiny two-model result whose numbers are checked by hand. */
function handResult(): CompareResult {
  // a: rows (0.9, 0.1) y=0 and (0.6, 0.4) y=1 -> accuracy 1/2, NLL (-ln 0.9 - ln 0.4) / 2 = 0.5108
  // b: rows (0.8, 0.2) y=0 and (0.3, 0.7) y=1 -> accuracy 1,   NLL (-ln 0.8 - ln 0.7) / 2 = 0.2899
  const a = fromProbabilities([[0.9, 0.1], [0.6, 0.4]], [0, 1]);
  const b = fromProbabilities([[0.8, 0.2], [0.3, 0.7]], [0, 1]);
  return compareModels([{ file: 'a.csv', preds: a }, { file: 'b.csv', preds: b }], DEFAULT_METRIC_CONFIG);
}

describe('table', () => {
  test('one column per model, one row per metric, the best marked *, deltas signed', () => {
    const lines = renderCompareTable(handResult(), { colorLevel: 0 }).split('\n');
    expect(lines[0]).toBe('calib compare: 2 models, baseline a');
    expect(lines[1]).toBe('paired: all 2 files hold 2 rows with identical labels in the same order');
    expect(lines).toContain('accuracy            0.5000     1.0000 *');
    // |gap| 0.25 for both: a tie, both best
    expect(lines).toContain('overconfidence_gap  0.2500 *  -0.2500 *');
    expect(lines).toContain('nll                 0.5108     0.2899 *');
    // mean confidence has no best: no marker anywhere on its row
    expect(lines.find((l) => l.startsWith('mean_confidence'))).not.toContain('*');
    const deltaHeader = lines.findIndex((l) => l.startsWith('Difference to the baseline a'));
    expect(lines[deltaHeader + 1]).toMatch(/^metric\s+b - a\s*$/);
    expect(lines).toContain('accuracy            +0.5000');
    expect(lines).toContain('nll                 -0.2209');
  });

  test('with a bootstrap: intervals, "sig" when the interval excludes 0, and a legend', () => {
    const text = renderCompareTable(withBootstrap, { colorLevel: 0 });
    expect(text).toContain('Difference to the baseline base, with the 90% paired percentile bootstrap interval (20 resamples, seed 1)');
    const d = withBootstrap.deltas.find((x) => x.model === 'sharp' && x.metric === 'mean_confidence')!;
    expect(d.significant).toBe(true);
    expect(text).toContain(`+${d.delta.toFixed(4)} [+${d.interval!.lower.toFixed(4)}, +${d.interval!.upper.toFixed(4)}] sig`);
    expect(text).toContain('sig: the interval excludes 0');
    expect(text).toContain('* best value: lower is better for ece, mce, rmsce, ace, classwise_ece, nll, brier, smece, ece_debiased, ece_sweep; higher for accuracy; closest to 0 for overconfidence_gap; no best for mean_confidence, entropy');
    // The accuracy delta of sharp is exactly 0: never "sig".
    expect(text.split('\n').find((l) => l.startsWith('accuracy') && l.includes('+0.0000 [+0.0000, +0.0000]'))).not.toMatch(/0000\] sig/);
  });

  test('colour marks the best values and significance; the text is the same without it', () => {
    const coloured = renderCompareTable(withBootstrap, { colorLevel: 1 });
    const uncoloured = renderCompareTable(withBootstrap, { colorLevel: 0 });
    expect(coloured).toContain('\u001b[1m\u001b[32m'); // bold green best value
    expect(uncoloured).not.toContain('\u001b[');
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(uncoloured);
  });
});

describe('json', () => {
  test('models, best, deltas and pairing in snake_case, metrics in report order', () => {
    const doc = JSON.parse(renderCompareJson(withBootstrap, DEFAULT_METRIC_CONFIG));
    expect(doc.baseline).toBe('base');
    expect(doc.paired).toBe(true);
    expect(doc.pairing_reason).toBe(withBootstrap.pairingReason);
    expect(doc.bootstrap).toEqual({ method: 'percentile', resamples: 20, seed: 1, confidence: 0.9 });
    expect(doc.config).toEqual(DEFAULT_METRIC_CONFIG);
    expect(doc.models.map((m: { name: string }) => m.name)).toEqual(['base', 'sharp', 'better']);
    expect(Object.keys(doc.models[0].metrics)).toEqual([...METRIC_NAMES]);
    expect(doc.models[1].metrics).toEqual(withBootstrap.models[1]!.metrics);
    expect(doc.models[1].intervals.nll).toEqual(withBootstrap.models[1]!.intervals!.nll);
    expect(doc.best.entropy).toEqual([]);
    expect(doc.best_rules.overconfidence_gap).toBe('closest-to-zero');
    expect(doc.deltas).toHaveLength(2 * METRIC_NAMES.length);
    expect(doc.deltas[0]).toEqual({
      model: 'sharp', baseline: 'base', metric: 'accuracy', delta: 0, interval: { lower: 0, upper: 0 }, significant: false,
    });
  });

  test('without a bootstrap the intervals are null', () => {
    const doc = JSON.parse(renderCompareJson(plain));
    expect(doc.bootstrap).toBeNull();
    expect(doc.models[0].intervals).toBeNull();
    expect(doc.deltas[0].interval).toBeNull();
    expect(doc.deltas[0].significant).toBeNull();
    expect(doc.config).toBeUndefined();
  });
});

describe('markdown', () => {
  test('best values in bold, significant deltas in bold with "sig"', () => {
    const text = renderCompareMarkdown(handResult());
    expect(text).toContain('| metric | a | b |');
    expect(text).toContain('| `accuracy` | 0.5000 | **1.0000** |');
    expect(text).toContain('| `mean_confidence` | 0.7500 | 0.7500 |'); // (0.9 + 0.6) / 2 and (0.8 + 0.7) / 2: no best
    expect(text).toContain('| metric | b − a |');
    expect(text).toContain('| `nll` | -0.2209 |');
    const sig = renderCompareMarkdown(withBootstrap);
    expect(sig).toMatch(/\| `mean_confidence` \| \*\*\+0\.\d{4} \[\+0\.\d{4}, \+0\.\d{4}\]\*\* sig \|/);
  });

  test('model names are escaped and every table row has one cell per column', () => {
    const odd = compareModels([{ file: 'x.csv', preds: base, name: 'a|b_c' }, { file: 'y.csv', preds: sharp }], DEFAULT_METRIC_CONFIG);
    const text = renderCompareMarkdown(odd);
    expect(text).toContain('| metric | a\\|b\\_c | y |');
    // Unescaped pipes: 4 per row in the metrics table (metric + 2 models), 3 in the deltas table.
    const pipes = text.split('\n').filter((l) => l.startsWith('| ')).map((row) => (row.match(/(?<!\\)\|/g) ?? []).length);
    expect(pipes).toEqual([...Array(2 + METRIC_NAMES.length).fill(4), ...Array(2 + METRIC_NAMES.length).fill(3)]);
  });
});

describe('csv', () => {
  /** RFC 4180 records (quoted fields with "" and embedded commas). */
  function parseCsv(text: string): string[][] {
    return text.trimEnd().split('\n').map((line) => {
      const cells: string[] = [];
      const pattern = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
      let match: RegExpExecArray | null;
      while ((match = pattern.exec(line)) !== null) {
        const cell = match[1]!;
        cells.push(cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell);
        if (match[2] === '') break;
      }
      return cells;
    });
  }

  test('long format: one row per model and metric, full precision', () => {
    const rows = parseCsv(renderCompareCsv(withBootstrap));
    expect(rows[0]).toEqual([...COMPARE_CSV_COLUMNS]);
    expect(rows).toHaveLength(1 + 3 * METRIC_NAMES.length);
    const column = (name: string): number => rows[0]!.indexOf(name);
    const nll = rows.find((r) => r[0] === 'sharp' && r[3] === 'nll')!;
    expect(Number(nll[column('value')])).toBe(withBootstrap.models[1]!.metrics.nll);
    const delta = withBootstrap.deltas.find((d) => d.model === 'sharp' && d.metric === 'nll')!;
    expect(Number(nll[column('delta')])).toBe(delta.delta);
    expect(Number(nll[column('delta_lower')])).toBe(delta.interval!.lower);
    expect(nll[column('significant')]).toBe(String(delta.significant));
    // Baseline rows have no delta; metrics with no best have an empty best cell.
    const baseNll = rows.find((r) => r[0] === 'base' && r[3] === 'nll')!;
    expect(baseNll[column('delta')]).toBe('');
    expect(rows.find((r) => r[0] === 'base' && r[3] === 'entropy')![column('best')]).toBe('');
  });

  test('fields with commas or quotes are quoted', () => {
    const odd = compareModels([{ file: 'a,"b".csv', preds: base }, { file: 'c.csv', preds: sharp }], DEFAULT_METRIC_CONFIG);
    const text = renderCompareCsv(odd);
    expect(text.split('\n')[1]).toMatch(/^"a,""b""","a,""b"".csv",none,accuracy,/);
    expect(parseCsv(text)[1]!.slice(0, 2)).toEqual(['a,"b"', 'a,"b".csv']);
  });
});
