/**
 * The DuckDB dialect executed for real: the summary query over the fixtures, as CSV and as
 * Parquet, gives the long table `calib summarize` gives (its builder, src/summary/build.ts, via
 * `builderRows`): the same rows, counts equal, sums within 1e-12 relative.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_READ_OPTIONS, readPredictions, type ReadOptions } from '../../src/io/read-predictions.js';
import { resolveSqlSpec, type SqlRequest } from '../../src/sql/resolve.js';
import { summaryQuery } from '../../src/sql/summary-query.js';
import { temperatureQuery } from '../../src/sql/temperature-query.js';
import { allRows, prepareScaleRows, scaleObjective } from '../../src/fit/scale-objective.js';
import { repoRoot, tempDir } from '../helpers/cli.js';
import { sharedLogits } from '../helpers/make-predictions.js';
import { asSummaryRow, builderRows, duckdbRows } from './engines.js';
import { compareTables, type SummaryRow } from './reference-summary.js';

const fixture = (name: string) => join(repoRoot, 'fixtures', name);

interface Case {
  readonly name: string;
  readonly file: string;
  readonly read: Partial<ReadOptions>;
  readonly sql: Omit<SqlRequest, 'dialect' | 'binaryView' | 'edges' | 'grid' | 'probFloor'> & Partial<SqlRequest>;
}

const CASES: readonly Case[] = [
  { name: 'multiclass logits, index labels, a pattern', file: 'digits-logreg-logits.csv', read: { kind: 'logits' },
    sql: { label: 'label', scores: ['logit_*'], kind: 'logits', classes: ['10'] } },
  { name: 'hand-made logits, grid 7 (no edge near a probability)', file: 'hand-3class-logits.csv', read: { kind: 'logits' },
    sql: { label: 'label', scores: ['logit_0', 'logit_1', 'logit_2'], kind: 'logits', grid: 7 } },
  { name: 'probabilities with exact zeros and values on edges (0.01 = 100/10000)', file: 'digits-forest-probs.csv', read: { kind: 'probs' },
    sql: { label: 'label', scores: ['p_*'], kind: 'probs', classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] } },
  { name: 'probabilities with exact zeros, left edges', file: 'digits-forest-probs.csv', read: { kind: 'probs' },
    sql: { label: 'label', scores: ['p_*'], kind: 'probs', classes: ['10'], edges: 'left' } },
  { name: 'probabilities, class-name labels', file: 'wine-logreg-probs.csv', read: { kind: 'probs' },
    sql: { label: 'y_true', scores: ['class_0', 'class_1', 'class_2'], kind: 'probs', classes: ['class_0', 'class_1', 'class_2'] } },
  { name: 'one probability column, positive view', file: 'breast-cancer-logreg-probs.csv', read: { kind: 'probs' },
    sql: { label: 'label', scores: ['p_malignant'], kind: 'probs' } },
  { name: 'one probability column, top-label view', file: 'breast-cancer-forest-probs.csv', read: { kind: 'probs' },
    sql: { label: 'label', scores: ['p_malignant'], kind: 'probs', binaryView: 'top-label' } },
  { name: 'one logit column, name labels and --positive', file: 'breast-cancer-logreg-logits.csv', read: { kind: 'logits' },
    sql: { label: 'diagnosis', scores: ['score'], kind: 'logits', classes: ['malignant', 'benign'], positive: 'malignant' } },
];

/** The table with each part's (and class's) bins added together: what must agree whatever side of an edge a row falls. */
function collapseBins(rows: readonly SummaryRow[]): SummaryRow[] {
  const merged = new Map<string, SummaryRow>();
  for (const row of rows) {
    const binned = row.bin !== null;
    const key = JSON.stringify([row.slices, row.part, row.class, binned]);
    const into = merged.get(key);
    const plain = { ...row, bin: binned ? 0 : null };
    if (!into) { merged.set(key, plain); continue; }
    const add = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);
    merged.set(key, { ...into, n: into.n + row.n, sum_conf: add(into.sum_conf, row.sum_conf), sum_outcome: add(into.sum_outcome, row.sum_outcome),
      sum_conf2: add(into.sum_conf2, row.sum_conf2), sum_conf_outcome: add(into.sum_conf_outcome, row.sum_conf_outcome) });
  }
  return [...merged.values()];
}

function request(c: Case, dialect: SqlRequest['dialect'] = 'duckdb'): SqlRequest {
  return { dialect, binaryView: 'positive', edges: 'right', grid: 10000, probFloor: 1e-12, ...c.sql };
}

describe('calib sql --dialect duckdb', () => {
  let dir: string;
  beforeAll(() => { dir = tempDir(); });

  for (const c of CASES) {
    it(`${c.name}: CSV and Parquet give calib's table`, async () => {
      const path = fixture(c.file);
      const { predictions } = await readPredictions(path, { ...DEFAULT_READ_OPTIONS, ...c.read });
      const req = request(c);
      const spec = resolveSqlSpec({ ...req, csv: path });
      expect(spec.classes).toEqual(predictions.classNames);
      const expected = builderRows(predictions, spec);
      const fromCsv = (await duckdbRows(summaryQuery(spec))).map((r) => asSummaryRow(r));
      expect(compareTables(fromCsv, expected)).toEqual([]);

      const parquet = join(dir, `${c.file}.parquet`);
      await duckdbRows(`COPY (SELECT * FROM read_csv('${path}')) TO '${parquet}' (FORMAT parquet)`);
      const fromParquet = (await duckdbRows(summaryQuery(resolveSqlSpec({ ...req, parquet })))).map((r) => asSummaryRow(r));
      expect(compareTables(fromParquet, expected)).toEqual([]);
    });
  }

  // The hand-made logits are logs of whole numbers, so their softmax is 0.025, 0.075, ... exactly
  // on edges of a grid of 40. The engine's EXP and calib's exp each round within a few ulps, so
  // such a probability can land on either side of its edge: rows may move to the adjacent bin,
  // and the sums over a part's bins still agree.
  for (const edges of ['right', 'left'] as const) {
    it(`softmax probabilities exactly on edges (${edges}): rows move at most to the adjacent bin`, async () => {
      const path = fixture('hand-3class-logits.csv');
      const { predictions } = await readPredictions(path, { ...DEFAULT_READ_OPTIONS, kind: 'logits' });
      const spec = resolveSqlSpec({ ...request(CASES[1]!), grid: 40, classGrid: 40, edges, csv: path });
      const expected = builderRows(predictions, spec);
      const actual = (await duckdbRows(summaryQuery(spec))).map((r) => asSummaryRow(r));
      expect(compareTables(collapseBins(actual), collapseBins(expected))).toEqual([]);
      for (const row of actual.filter((r) => r.bin !== null)) {
        const near = expected.filter((r) => r.part === row.part && r.class === row.class && r.bin !== null && Math.abs(r.bin - row.bin!) <= 1);
        expect(near.length, JSON.stringify(row)).toBeGreaterThan(0);
      }
    });
  }

  it('450 classes: the per-row sums are chained over several CTEs (DuckDB\'s expression depth limit), with the same result', async () => {
    const k = 450;
    const preds = sharedLogits(40, k, 7);
    const header = [...Array.from({ length: k }, (_, j) => `z${j}`), 'label'].join(',');
    const lines = Array.from({ length: preds.rows }, (_, i) => [...preds.scores.subarray(i * k, (i + 1) * k)].map(String).concat(String(preds.labels[i])).join(','));
    // The same rows as probabilities (each row's softmax, written out in full precision).
    const probLines = Array.from({ length: preds.rows }, (_, i) => {
      const z = [...preds.scores.subarray(i * k, (i + 1) * k)];
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const sum = e.reduce((a, b) => a + b, 0);
      return e.map((v) => String(v / sum)).concat(String(preds.labels[i])).join(',');
    });
    const paths = { logits: join(dir, 'wide.csv'), probs: join(dir, 'wide-probs.csv') };
    writeFileSync(paths.logits, `${header}\n${lines.join('\n')}\n`);
    writeFileSync(paths.probs, `${header}\n${probLines.join('\n')}\n`);
    for (const kind of ['logits', 'probs'] as const) {
      const { predictions } = await readPredictions(paths[kind], { ...DEFAULT_READ_OPTIONS, kind, label: 'label' });
      const spec = resolveSqlSpec({ dialect: 'duckdb', csv: paths[kind], label: 'label', scores: ['z*'], classes: [String(k)], kind,
        binaryView: 'positive', edges: 'right', grid: 10000, probFloor: 1e-12 });
      const query = summaryQuery(spec);
      expect(query).toContain(kind === 'logits' ? 'sm_1 AS' : 'pb_1 AS');
      const expected = builderRows(predictions, spec);
      expect(compareTables((await duckdbRows(query)).map((r) => asSummaryRow(r)), expected)).toEqual([]);
    }
  });

  it('slices are GROUP BY keys: each slice has the table of its rows, a missing value is the empty string', async () => {
    const path = fixture('slices/sites.csv');
    const { predictions } = await readPredictions(path, { ...DEFAULT_READ_OPTIONS, kind: 'probs', label: 'label', scores: ['bird', 'cat', 'dog'] });
    const sites = (await duckdbRows(`SELECT COALESCE(CAST(site AS VARCHAR), '') AS site FROM read_csv('${path}')`)).map((r) => String(r.site));
    expect(new Set(sites).size).toBeGreaterThan(1);
    const spec = resolveSqlSpec({ ...request({ name: '', file: '', read: {}, sql: { label: 'label', scores: ['bird', 'cat', 'dog'], kind: 'probs', classes: ['bird', 'cat', 'dog'], groupBy: ['site'] } }), csv: path });
    const expected = builderRows(predictions, spec, { columns: ['site'], cells: [sites] });
    const actual = (await duckdbRows(summaryQuery(spec))).map((r) => asSummaryRow(r, ['site']));
    expect(compareTables(actual, expected)).toEqual([]);
  });

  it('a compared table that differs is reported (the comparison can fail)', async () => {
    const path = fixture('hand-3class-logits.csv');
    const { predictions } = await readPredictions(path, { ...DEFAULT_READ_OPTIONS, kind: 'logits' });
    const spec = resolveSqlSpec({ ...request(CASES[1]!), csv: path, grid: 40, classGrid: 40, edges: 'left' });
    const expected = builderRows(predictions, { ...spec, edges: 'right' });
    const actual = (await duckdbRows(summaryQuery(spec))).map((r) => asSummaryRow(r));
    expect(compareTables(actual, expected).length).toBeGreaterThan(0);
    const shifted = expected.map((r) => (r.part === 'total' ? { ...r, sum_nll: r.sum_nll! * (1 + 1e-9) } : r));
    expect(compareTables(shifted, expected)).toEqual([expect.stringContaining('sum_nll')]);
  });

  it('hostile column and table names are quoted, not run', async () => {
    const names = ['we"ird label', "it's; DROP TABLE x; --", 'a.b c'];
    await duckdbRows(`CREATE OR REPLACE TABLE "my ""odd"" table" AS SELECT * FROM (VALUES (0, 2.0, 1.0), (1, 0.5, 1.5), (1, 3.0, -1.0)) t("${names[0]!.replace(/"/g, '""')}", "${names[1]!.replace(/"/g, '""')}", "${names[2]}")`);
    const spec = resolveSqlSpec({ dialect: 'duckdb', table: '"my ""odd"" table"', label: names[0]!, scores: [names[1]!, names[2]!], kind: 'logits',
      binaryView: 'positive', edges: 'right', grid: 10000, probFloor: 1e-12 });
    const rows = (await duckdbRows(summaryQuery(spec))).map((r) => asSummaryRow(r));
    const total = rows.find((r) => r.part === 'total')!;
    expect(total.n).toBe(3);
    // (2, 1) label 0: right; (0.5, 1.5) label 1: right; (3, -1) label 1: wrong.
    expect(total.sum_correct).toBe(2);
  });

  it('a label outside the classes or a score that is not a number stops the query with calib\'s message', async () => {
    const base = { dialect: 'duckdb', label: 'y', scores: ['a', 'b'], binaryView: 'positive', edges: 'right', grid: 10000, probFloor: 1e-12 } as const;
    await duckdbRows(`CREATE OR REPLACE TABLE bad_label AS SELECT * FROM (VALUES (0, 0.2, 0.8), (2, 0.5, 0.5)) t(y, a, b)`);
    await expect(duckdbRows(summaryQuery(resolveSqlSpec({ ...base, table: 'bad_label', kind: 'probs' }))))
      .rejects.toThrow(/calib: a label in column "y" is not a class index 0\.\.1 \(--classes\): 2/);
    await duckdbRows(`CREATE OR REPLACE TABLE bad_prob AS SELECT * FROM (VALUES (0, 0.2, 1.8)) t(y, a, b)`);
    await expect(duckdbRows(summaryQuery(resolveSqlSpec({ ...base, table: 'bad_prob', kind: 'probs' }))))
      .rejects.toThrow(/calib: a probability in column "b" is not in \[0, 1\]: 1\.8/);
    await duckdbRows(`CREATE OR REPLACE TABLE bad_logit AS SELECT * FROM (VALUES (0, 0.2, 'inf'::DOUBLE), (1, NULL, 1.0)) t(y, a, b)`);
    await expect(duckdbRows(summaryQuery(resolveSqlSpec({ ...base, table: 'bad_logit', kind: 'logits' }))))
      .rejects.toThrow(/calib: a logit in column "[ab]" is not a finite number/);
    await duckdbRows(`CREATE OR REPLACE TABLE bad_name AS SELECT * FROM (VALUES ('cat', 0.2, 0.8), ('emu', 0.5, 0.5)) t(y, a, b)`);
    await expect(duckdbRows(summaryQuery(resolveSqlSpec({ ...base, table: 'bad_name', kind: 'probs', classes: ['cat', 'dog'] }))))
      .rejects.toThrow(/calib: a label in column "y" is not one of --classes: emu/);
  });

  describe('--objective temperature', () => {
    const temperatures = [0.5, 1, 1.7, 3];
    const cases = [CASES[0]!, CASES[2]!, CASES[4]!, CASES[5]!, CASES[7]!];
    for (const c of cases) {
      it(`${c.name}: NLL(b), NLL'(b), NLL''(b) are calib's objective to 1e-10`, async () => {
        const path = fixture(c.file);
        const { predictions: p } = await readPredictions(path, { ...DEFAULT_READ_OPTIONS, ...c.read });
        const rows = prepareScaleRows(p.scores, p.classes, allRows(p.rows));
        const targets = Float64Array.from({ length: p.rows }, (_, i) => p.scores[i * p.classes + p.labels[i]!]! - rows.max[i]!);
        const result = await duckdbRows(temperatureQuery(resolveSqlSpec({ ...request(c), csv: path }), temperatures));
        // One row per temperature, in increasing b = 1/T.
        expect(result.map((r) => Number(r.b))).toEqual(temperatures.map((t) => 1 / t).sort((a, b) => a - b));
        for (const t of temperatures) {
          const want = scaleObjective(rows, targets, 1 / t);
          const got = result.find((r) => Number(r.b) === 1 / t)!;
          expect(Number(got.temperature)).toBeCloseTo(t, 12);
          expect(Number(got.n)).toBe(p.rows);
          expect(Number(got.b)).toBe(1 / t);
          // Relative to the loss's scale for the derivative, which crosses 0 at the optimum.
          expect(Math.abs(Number(got.nll) - want.loss)).toBeLessThanOrEqual(1e-10 * Math.abs(want.loss));
          expect(Math.abs(Number(got.dnll_db) - want.slope)).toBeLessThanOrEqual(1e-10 * Math.max(Math.abs(want.slope), want.loss));
          expect(Math.abs(Number(got.d2nll_db2) - want.curvature)).toBeLessThanOrEqual(1e-10 * Math.abs(want.curvature));
        }
      });
    }
  });
});
