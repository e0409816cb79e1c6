/**
 * `--replicates R --id COL`: bootstrap replicates computed in the query, and read back by
 * `report --from-summary --bootstrap R`. Each (row id, replicate)
 * gets a Poisson(1) weight from the engine's hash of `id:replicate`; each replicate's table is the
 * table of the rows weighted by it (checked against calib's own table with the weights the engine
 * drew), the weights are Poisson(1) (mean and variance 1, the probabilities e^-1/k!), and two
 * tables holding the same ids in another order get the same weights (paired resamples).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_READ_OPTIONS, readPredictions } from '../../src/io/read-predictions.js';
import { resolveSqlSpec, type SqlRequest } from '../../src/sql/resolve.js';
import { POISSON_ONE_CDF, QueryWriter, summaryQuery } from '../../src/sql/summary-query.js';
import { repoRoot, run, tempDir } from '../helpers/cli.js';
import { summaryHeader } from '../../src/sql/header.js';
import { METRIC_NAMES } from '../../src/metrics/types.js';
import { percentileInterval } from '../../src/stats/bootstrap.js';
import { overall, summaryEvaluation, summaryFromRows } from '../../src/summary/index.js';
import { parseSummaryHeader } from '../../src/summary/header.js';
import { asSummaryRow, builderRows, duckdbRows } from './engines.js';
import { compareTables, referenceRows, type SummaryRow } from './reference-summary.js';

const base = join(repoRoot, 'fixtures', 'slices', 'base.csv');
const shuffled = join(repoRoot, 'fixtures', 'slices', 'candidate-shuffled.csv');
const R = 40;

const request = (csv: string): SqlRequest => ({
  dialect: 'duckdb', csv, label: 'label', scores: ['bird', 'cat', 'dog'], classes: ['bird', 'cat', 'dog'], kind: 'probs',
  binaryView: 'positive', edges: 'right', grid: 10000, probFloor: 1e-12, replicates: R, id: 'id',
});

/** The weights the query draws: (rid, replicate, w) for w > 0, from its own CTEs. */
async function weights(req: SqlRequest): Promise<Map<string, number>> {
  const q = new QueryWriter(resolveSqlSpec(req));
  const ctes = [...q.rowCtes(), q.classCte(), ...q.replicateCtes()];
  const rows = await duckdbRows(`WITH\n${ctes.join(',\n')}\nSELECT rid, replicate, w FROM wt`);
  return new Map(rows.map((r) => [`${String(r.rid)}:${Number(r.replicate)}`, Number(r.w)]));
}

describe('calib sql --replicates R --id COL', () => {
  it('each replicate is calib\'s table of the rows weighted by the weights the query drew; the rows themselves have replicate null', async () => {
    const req = request(base);
    const { predictions } = await readPredictions(base, { ...DEFAULT_READ_OPTIONS, kind: 'probs', label: 'label', scores: ['bird', 'cat', 'dog'] });
    const ids = (await duckdbRows(`SELECT CAST(id AS VARCHAR) AS id FROM read_csv('${base}')`)).map((r) => String(r.id));
    const drawn = await weights(req);
    const actual = (await duckdbRows(summaryQuery(resolveSqlSpec(req)))).map((r) => asSummaryRow(r, ['replicate']));
    const spec = resolveSqlSpec(req);
    const options = { grid: spec.grid, classGrid: spec.classGrid, edges: spec.edges, binaryView: spec.binaryView } as const;
    const tag = (rows: SummaryRow[], replicate: string) => rows.map((r) => ({ ...r, slices: { replicate } }));
    // The rows themselves are calib summarize's table; the replicates are the reference's weighted tables
    // (the builder has no weights), the reference being checked against the builder at weight 1 first.
    const unweighted = builderRows(predictions, spec);
    expect(compareTables(referenceRows(predictions, options), unweighted)).toEqual([]);
    const expected = [...tag(unweighted, 'null')];
    for (let r = 0; r < R; r++) {
      const w = ids.map((id) => drawn.get(`${id}:${r}`) ?? 0);
      expected.push(...tag(referenceRows(predictions, { ...options, weights: w }), String(r)));
    }
    expect(compareTables(actual, expected)).toEqual([]);
  });

  it('the weights are Poisson(1): mean and variance near 1, each count near N R e^-1 / k!', async () => {
    const drawn = [...(await weights(request(base))).values()];
    const draws = 600 * R; // rows x replicates, the zeros included
    const counts = Array.from({ length: 8 }, (_, k) => drawn.filter((w) => w === k).length);
    counts[0] = draws - drawn.length;
    const mean = drawn.reduce((a, b) => a + b, 0) / draws;
    const variance = drawn.reduce((a, b) => a + b * b, 0) / draws - mean * mean;
    // 24,000 draws: the standard error of the mean is 1/sqrt(24000) = 0.0065.
    expect(Math.abs(mean - 1)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.06);
    for (let k = 0; k < 5; k++) {
      const p = POISSON_ONE_CDF[k]! - (k === 0 ? 0 : POISSON_ONE_CDF[k - 1]!);
      const expected = draws * p;
      expect(Math.abs(counts[k]! - expected), `count of ${k}`).toBeLessThan(5 * Math.sqrt(expected));
    }
  });

  it('tables with the same ids in another order get the same weights: paired replicates without a join', async () => {
    const a = await weights(request(base));
    const b = await weights(request(shuffled));
    expect(b).toEqual(a);
    const totals = async (csv: string) => (await duckdbRows(summaryQuery(resolveSqlSpec(request(csv)))))
      .filter((r) => r.part === 'total' && r.replicate !== null).map((r) => [Number(r.replicate), Number(r.n)]).sort((x, y) => x[0]! - y[0]!);
    expect(await totals(shuffled)).toEqual(await totals(base));
  });

  it('a null id stops the query with calib\'s message', async () => {
    await duckdbRows(`CREATE OR REPLACE TABLE null_id AS SELECT * FROM (VALUES ('a', 0, 0.2, 0.8), (NULL, 1, 0.5, 0.5)) t(id, y, p0, p1)`);
    const spec = resolveSqlSpec({ dialect: 'duckdb', table: 'null_id', label: 'y', scores: ['p0', 'p1'], kind: 'probs', binaryView: 'positive', edges: 'right',
      grid: 100, probFloor: 1e-12, replicates: 3, id: 'id' });
    await expect(duckdbRows(summaryQuery(spec))).rejects.toThrow(/calib: an id in column "id" is null: NULL/);
  });

  it('--replicates without --id (and the reverse) is exit 2', () => {
    const { id: _id, ...noId } = request(base);
    expect(() => resolveSqlSpec(noId)).toThrow(/--replicates needs --id COLUMN/);
    const { replicates: _r, ...noReplicates } = request(base);
    expect(() => resolveSqlSpec(noReplicates)).toThrow(/--id goes with --replicates/);
  });

  it('report --from-summary --bootstrap R: percentile intervals of the metrics over the replicates, each the weighted rows\' metrics', async () => {
    const dir = tempDir();
    const req = { ...request(base), replicates: 20 };
    const spec = resolveSqlSpec(req);
    const table = join(dir, 'table.csv');
    const headerFile = join(dir, 'header.json');
    writeFileSync(headerFile, JSON.stringify(summaryHeader(spec, 'test')));
    await duckdbRows(`COPY (${summaryQuery(spec)}) TO '${table}' (FORMAT csv, HEADER true)`);
    const r = await run(['report', '--from-summary', table, '--summary-header', headerFile, '--bootstrap', '20', '--bins', '10', '--confidence', '0.9', '--format', 'json', '-q']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.bootstrap).toEqual({ method: 'percentile', resamples: 20, confidence: 0.9, replicates: { engine: 'duckdb', id: 'id' } });
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(join(repoRoot, 'schemas', 'report.schema.json'), 'utf8')));
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);

    // Expected: each replicate's table from the JS reference with the weights the query drew, its metrics, their percentiles.
    const { predictions } = await readPredictions(base, { ...DEFAULT_READ_OPTIONS, kind: 'probs', label: 'label', scores: ['bird', 'cat', 'dog'] });
    const ids = (await duckdbRows(`SELECT CAST(id AS VARCHAR) AS id FROM read_csv('${base}')`)).map((row) => String(row.id));
    const drawn = await weights(req);
    const header = parseSummaryHeader({ ...JSON.parse(readFileSync(headerFile, 'utf8')), replicates: undefined }, 'h');
    const options = { grid: spec.grid, classGrid: spec.classGrid, edges: spec.edges, binaryView: spec.binaryView } as const;
    const config = { bins: 10, binning: 'width', edges: 'right', binaryView: 'positive' } as const;
    const values = METRIC_NAMES.map(() => new Float64Array(20));
    for (let rep = 0; rep < 20; rep++) {
      const rows = referenceRows(predictions, { ...options, weights: ids.map((id) => drawn.get(`${id}:${rep}`) ?? 0) })
        .map(({ slices: _s, ...row }) => row);
      const metrics = summaryEvaluation(overall(summaryFromRows(header, rows, 'reference')), header, config).metrics;
      METRIC_NAMES.forEach((name, m) => { values[m]![rep] = metrics[name]; });
    }
    for (const [m, name] of METRIC_NAMES.entries()) {
      const want = percentileInterval(values[m]!, 0.9);
      for (const side of ['lower', 'upper'] as const) {
        expect(Math.abs(doc.intervals[name][side] - want[side]), `${name} ${side}`).toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(want[side]), 1e-12));
      }
      expect(doc.intervals[name].lower).toBeLessThanOrEqual(doc.intervals[name].upper);
    }
    expect(doc.intervals.ece.lower).toBeLessThan(doc.intervals.ece.upper);

    const text = await run(['report', '--from-summary', table, '--summary-header', headerFile, '--bootstrap', '20', '--bins', '10', '--no-diagram', '-q']);
    expect(text.stdout).toContain('bootstrap over the summary\'s 20 replicates (Poisson weights by duckdb\'s hash of id)');
    const wrong = await run(['report', '--from-summary', table, '--summary-header', headerFile, '--bootstrap', '100', '--bins', '10', '-q']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--bootstrap 100, but');
    expect(wrong.stderr).toContain('carries 20 replicates');
    expect(wrong.stderr).toContain('Pass --bootstrap 20');
  });

  it('replicates from different engines or id columns do not merge', async () => {
    const dir = tempDir();
    const spec = resolveSqlSpec({ ...request(base), replicates: 3 });
    const table = join(dir, 'table.csv');
    await duckdbRows(`COPY (${summaryQuery(spec)}) TO '${table}' (FORMAT csv, HEADER true)`);
    const doc = (engine: string) => {
      const header = { ...summaryHeader(spec, 'test'), replicate_weights: { engine, id: 'id' } };
      const lines = readFileSync(table, 'utf8').trimEnd().split('\n');
      const columns = lines[0]!.split(',');
      const rows = lines.slice(1).map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i]!, v === '' ? null : Number.isNaN(Number(v)) ? v : Number(v)])));
      const path = join(dir, `${engine}.json`);
      writeFileSync(path, JSON.stringify({ ...header, rows }));
      return path;
    };
    const [a, b] = [doc('duckdb'), doc('postgres')];
    const r = await run(['report', '--from-summary', a, b, '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${a} and ${b} cannot be merged: their headers differ in replicate_weights`);
  });

  it('compare --from-summary --bootstrap R of models whose summaries carry other counts: exit 2 naming the file, before any pairing', async () => {
    const dir = tempDir();
    const docs = [3, 2].map((count) => {
      const spec = resolveSqlSpec({ ...request(base), replicates: count });
      return { spec, path: join(dir, `r${count}.summary.json`), table: join(dir, `r${count}.csv`) };
    });
    for (const { spec, path, table } of docs) {
      await duckdbRows(`COPY (${summaryQuery(spec)}) TO '${table}' (FORMAT csv, HEADER true)`);
      const lines = readFileSync(table, 'utf8').trimEnd().split('\n');
      const columns = lines[0]!.split(',');
      const rows = lines.slice(1).map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i]!, v === '' ? null : Number.isNaN(Number(v)) ? v : Number(v)])));
      writeFileSync(path, JSON.stringify({ ...summaryHeader(spec, 'test'), rows }));
    }
    const [a, b] = docs.map((d) => d.path);
    const r = await run(['compare', '--from-summary', `a=${a}`, `b=${b}`, '--bootstrap', '3', '--bins', '10', '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--bootstrap 3, but ${b} carries 2 replicates`);
    expect(r.stderr).not.toMatch(/RangeError|at .*\.js:\d+/);
  });

  it('compare --from-summary --bootstrap R: paired delta intervals from two models\' replicates drawn by one engine from one id column', async () => {
    const dir = tempDir();
    const config = { bins: 10, binning: 'width', edges: 'right', binaryView: 'positive' } as const;
    const files: string[] = [];
    const perReplicate: number[][] = [];
    for (const [m, csv] of [base, shuffled].entries()) {
      const req = { ...request(csv), replicates: 20 };
      const spec = resolveSqlSpec(req);
      const headerFile = join(dir, `model-${m}.header.json`);
      writeFileSync(headerFile, JSON.stringify(summaryHeader(spec, 'test')));
      const table = join(dir, `model-${m}.csv`);
      await duckdbRows(`COPY (${summaryQuery(spec)}) TO '${table}' (FORMAT csv, HEADER true)`);
      files.push(table);
      // ECE of each replicate from the JS reference with the weights DuckDB drew.
      const { predictions } = await readPredictions(csv, { ...DEFAULT_READ_OPTIONS, kind: 'probs', label: 'label', scores: ['bird', 'cat', 'dog'] });
      const ids = (await duckdbRows(`SELECT CAST(id AS VARCHAR) AS id FROM read_csv('${csv}')`)).map((row) => String(row.id));
      const drawn = await weights(req);
      const header = parseSummaryHeader({ ...summaryHeader(spec, 'test'), replicates: undefined }, 'h');
      const options = { grid: spec.grid, classGrid: spec.classGrid, edges: spec.edges, binaryView: spec.binaryView } as const;
      perReplicate.push(Array.from({ length: 20 }, (_, rep) => {
        const rows = referenceRows(predictions, { ...options, weights: ids.map((id) => drawn.get(`${id}:${rep}`) ?? 0) }).map(({ slices: _s, ...row }) => row);
        return summaryEvaluation(overall(summaryFromRows(header, rows, 'reference')), header, config).metrics.ece;
      }));
    }
    // One header file per table: each --from-summary run takes one header, so compare the two through JSON documents.
    const docs = files.map((table, m) => {
      const lines = readFileSync(table, 'utf8').trimEnd().split('\n');
      const columns = lines[0]!.split(',');
      const rows = lines.slice(1).map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i]!, v === '' ? null : Number.isNaN(Number(v)) ? v : Number(v)])));
      const path = join(dir, `model-${m}.summary.json`);
      writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(join(dir, `model-${m}.header.json`), 'utf8')), rows }));
      return path;
    });
    const r = await run(['compare', '--from-summary', `base=${docs[0]}`, `cand=${docs[1]}`, '--bootstrap', '20', '--bins', '10', '--confidence', '0.9', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('paired comparison: paired by the summaries\' replicates');
    const doc = JSON.parse(r.stdout);
    expect(doc.paired).toBe(true);
    expect(doc.bootstrap).toEqual({ method: 'percentile', resamples: 20, confidence: 0.9, replicates: { engine: 'duckdb', id: 'id' } });
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(join(repoRoot, 'schemas', 'compare.schema.json'), 'utf8')));
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    const delta = doc.deltas.find((d: any) => d.metric === 'ece');
    const want = percentileInterval(Float64Array.from({ length: 20 }, (_, rep) => perReplicate[1]![rep]! - perReplicate[0]![rep]!), 0.9);
    expect(Math.abs(delta.interval.lower - want.lower)).toBeLessThanOrEqual(1e-9 * Math.abs(want.lower) + 1e-15);
    expect(Math.abs(delta.interval.upper - want.upper)).toBeLessThanOrEqual(1e-9 * Math.abs(want.upper) + 1e-15);
    expect(delta.significant).toBe(want.lower > 0 || want.upper < 0);
  });
});
