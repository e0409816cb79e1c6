/**
 * The PostgreSQL dialect executed against a real PostgreSQL server (test/sql/postgres.ts starts
 * one on a unix socket in a temporary directory): the fixtures loaded with COPY, the summary
 * query's result compared with calib's own table (test/sql/reference-summary.ts), counts exactly
 * and sums within 1e-12 relative. Skipped, saying why, where no server can start, unless
 * CALIB_REQUIRE_POSTGRES=1 (as .ci/run sets) makes that a failure.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_READ_OPTIONS, readPredictions, type ReadOptions } from '../../src/io/read-predictions.js';
import { resolveSqlSpec, type SqlRequest } from '../../src/sql/resolve.js';
import { QueryWriter, summaryQuery } from '../../src/sql/summary-query.js';
import { temperatureQuery } from '../../src/sql/temperature-query.js';
import { allRows, prepareScaleRows, scaleObjective } from '../../src/fit/scale-objective.js';
import type { Predictions } from '../../src/core/predictions.js';
import { fromLogits } from '../helpers/make-predictions.js';
import { repoRoot } from '../helpers/cli.js';
import { asSummaryRow, builderRows } from './engines.js';
import { PgServer, pgUnavailable } from './postgres.js';
import { compareTables, referenceRows } from './reference-summary.js';

const unavailable = pgUnavailable();
const required = process.env.CALIB_REQUIRE_POSTGRES === '1';

describe('PostgreSQL availability', () => {
  it.skipIf(!required)('a PostgreSQL server can start here (CALIB_REQUIRE_POSTGRES=1)', () => {
    expect(unavailable).toBeUndefined();
  });
});

const base = { dialect: 'postgres', binaryView: 'positive', edges: 'right', grid: 10000, probFloor: 1e-12 } as const;

/** A table named `name` holding a CSV fixture: numeric columns as double precision (whole-number labels as bigint), the rest text. */
function load(server: PgServer, name: string, path: string, label: string): void {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
  const header = lines[0]!.split(',');
  const cells = lines.slice(1).map((l) => l.split(','));
  const columns = header.map((column, i) => {
    const values = cells.map((row) => row[i]!);
    const numeric = values.every((v) => v !== '' && Number.isFinite(Number(v)));
    const whole = numeric && values.every((v) => /^-?\d+$/.test(v));
    const type = column === label && whole ? 'bigint' : numeric ? 'double precision' : 'text';
    return `"${column.replace(/"/g, '""')}" ${type}`;
  });
  server.psql(`DROP TABLE IF EXISTS "${name}";\nCREATE TABLE "${name}" (${columns.join(', ')});\n\\copy "${name}" FROM '${path}' WITH (FORMAT csv, HEADER true)\n`);
}

/** Probability rows as the reader keeps them: the values as given, and their logs with the floor (1e-12) for an exact 0. */
function fromProbabilities(rows: readonly (readonly number[])[], labels: readonly number[]): Predictions {
  return { ...fromLogits(rows.map((r) => r.map((p) => (p === 0 ? Math.log(1e-12) : Math.log(p)))), labels), kind: 'probs',
    probabilities: Float64Array.from(rows.flat()) };
}

/** psql's CSV writes a null as an empty field. */
const nulls = (row: Record<string, string>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === '' ? null : v]));

interface Case { readonly file: string; readonly read: Partial<ReadOptions>; readonly sql: Partial<SqlRequest> & Pick<SqlRequest, 'kind'> & { label: string; scores: string[] } }

const CASES: readonly Case[] = [
  { file: 'digits-logreg-logits.csv', read: { kind: 'logits' }, sql: { label: 'label', scores: ['logit_*'], kind: 'logits', classes: ['10'] } },
  { file: 'digits-forest-probs.csv', read: { kind: 'probs' }, sql: { label: 'label', scores: ['p_*'], kind: 'probs', classes: ['10'], edges: 'left' } },
  { file: 'wine-logreg-probs.csv', read: { kind: 'probs' }, sql: { label: 'y_true', scores: ['class_0', 'class_1', 'class_2'], kind: 'probs', classes: ['class_0', 'class_1', 'class_2'] } },
  { file: 'breast-cancer-logreg-probs.csv', read: { kind: 'probs' }, sql: { label: 'label', scores: ['p_malignant'], kind: 'probs' } },
  { file: 'breast-cancer-logreg-logits.csv', read: { kind: 'logits' }, sql: { label: 'diagnosis', scores: ['score'], kind: 'logits', classes: ['benign', 'malignant'], binaryView: 'top-label' } },
];

describe.skipIf(unavailable !== undefined)(`calib sql --dialect postgres${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let server: PgServer;
  beforeAll(() => { server = PgServer.start(); }, 120_000);
  afterAll(() => server?.stop());

  for (const [i, c] of CASES.entries()) {
    it(`${c.file} (${c.sql.kind}): the query gives calib's table`, async () => {
      const path = join(repoRoot, 'fixtures', c.file);
      load(server, `t${i}`, path, c.sql.label);
      const { predictions } = await readPredictions(path, { ...DEFAULT_READ_OPTIONS, ...c.read });
      const req = { ...base, ...c.sql, table: `t${i}` };
      const spec = resolveSqlSpec(req);
      const expected = builderRows(predictions, spec);
      const actual = server.rows(summaryQuery(spec)).map((r) => asSummaryRow(nulls(r)));
      expect(compareTables(actual, expected)).toEqual([]);
    }, 60_000);
  }

  it('slices and a hostile schema-qualified name', async () => {
    const path = join(repoRoot, 'fixtures', 'slices/sites.csv');
    server.psql('CREATE SCHEMA IF NOT EXISTS "we.ird ""schema""";');
    load(server, 'sites', path, 'label');
    server.psql('DROP TABLE IF EXISTS "we.ird ""schema"""."it\'s; --"; CREATE TABLE "we.ird ""schema"""."it\'s; --" AS SELECT * FROM sites;');
    const { predictions } = await readPredictions(path, { ...DEFAULT_READ_OPTIONS, kind: 'probs', label: 'label', scores: ['bird', 'cat', 'dog'] });
    const sites = server.rows('SELECT site FROM sites').map((r) => r.site!);
    const spec = resolveSqlSpec({ ...base, table: '"we.ird ""schema""".it\'s; --', label: 'label', scores: ['bird', 'cat', 'dog'], kind: 'probs',
      classes: ['bird', 'cat', 'dog'], groupBy: ['site'] });
    const expected = builderRows(predictions, spec, { columns: ['site'], cells: [sites] });
    const actual = server.rows(summaryQuery(spec)).map((r) => asSummaryRow(nulls(r), ['site']));
    expect(compareTables(actual, expected)).toEqual([]);
  }, 60_000);

  it('extreme rows do not trip PostgreSQL\'s float underflow errors (exp and products of tiny doubles)', async () => {
    // Logits 800 apart (exp underflows), 700 apart (e^2 and e * d underflow), tiny probabilities.
    const logits = [[800, 0, -1], [0, 700, 1e-200], [1, 1, 1], [-300, 400, -5]];
    const labels = [1, 1, 0, 1];
    server.psql(`DROP TABLE IF EXISTS ext; CREATE TABLE ext (y bigint, a double precision, b double precision, c double precision);
      INSERT INTO ext VALUES ${logits.map((r, i) => `(${labels[i]}, ${r.join(', ')})`).join(', ')};`);
    const spec = resolveSqlSpec({ ...base, table: 'ext', label: 'y', scores: ['a', 'b', 'c'], kind: 'logits' });
    const expected = builderRows(fromLogits(logits, labels), spec);
    expect(compareTables(server.rows(summaryQuery(spec)).map((r) => asSummaryRow(nulls(r))), expected)).toEqual([]);
    const t = server.rows(temperatureQuery(spec, [0.5, 1, 2]));
    expect(t.map((r) => Number(r.n))).toEqual([4, 4, 4]);

    const probs = [[1e-200, 1 - 1e-200, 0], [0.5, 0.5, 0], [1e-170, 0, 1]];
    const probLabels = [1, 2, 0];
    server.psql(`DROP TABLE IF EXISTS tiny; CREATE TABLE tiny (y bigint, a double precision, b double precision, c double precision);
      INSERT INTO tiny VALUES ${probs.map((r, i) => `(${probLabels[i]}, ${r.join(', ')})`).join(', ')};`);
    const probSpec = resolveSqlSpec({ ...base, table: 'tiny', label: 'y', scores: ['a', 'b', 'c'], kind: 'probs' });
    const probExpected = builderRows(fromProbabilities(probs, probLabels), probSpec);
    expect(compareTables(server.rows(summaryQuery(probSpec)).map((r) => asSummaryRow(nulls(r))), probExpected)).toEqual([]);
  }, 60_000);

  it('--objective temperature gives calib\'s objective to 1e-10', async () => {
    const path = join(repoRoot, 'fixtures', 'digits-logreg-logits.csv');
    load(server, 'digits', path, 'label');
    const { predictions: p } = await readPredictions(path, { ...DEFAULT_READ_OPTIONS, kind: 'logits' });
    const rows = prepareScaleRows(p.scores, p.classes, allRows(p.rows));
    const targets = Float64Array.from({ length: p.rows }, (_, i) => p.scores[i * p.classes + p.labels[i]!]! - rows.max[i]!);
    const result = server.rows(temperatureQuery(resolveSqlSpec({ ...base, table: 'digits', label: 'label', scores: ['logit_*'], kind: 'logits', classes: ['10'] }), [0.7, 1.3]));
    for (const t of [0.7, 1.3]) {
      const want = scaleObjective(rows, targets, 1 / t);
      const got = result.find((r) => Number(r.b) === 1 / t)!;
      expect(Math.abs(Number(got.nll) - want.loss)).toBeLessThanOrEqual(1e-10 * want.loss);
      expect(Math.abs(Number(got.dnll_db) - want.slope)).toBeLessThanOrEqual(1e-10 * Math.max(Math.abs(want.slope), want.loss));
      expect(Math.abs(Number(got.d2nll_db2) - want.curvature)).toBeLessThanOrEqual(1e-10 * want.curvature);
    }
  }, 60_000);

  it('--replicates: PostgreSQL\'s weights (hashtextextended) give each replicate calib\'s weighted table', async () => {
    const path = join(repoRoot, 'fixtures', 'slices/base.csv');
    load(server, 'base', path, 'label');
    const req = { ...base, table: 'base', label: 'label', scores: ['bird', 'cat', 'dog'], kind: 'probs', classes: ['bird', 'cat', 'dog'], replicates: 5, id: 'id' } as const;
    const q = new QueryWriter(resolveSqlSpec(req));
    const drawn = new Map(server.rows(`WITH\n${[...q.rowCtes(), q.classCte(), ...q.replicateCtes()].join(',\n')}\nSELECT rid, replicate, w FROM wt`)
      .map((r) => [`${r.rid}:${r.replicate}`, Number(r.w)]));
    const ids = server.rows('SELECT id FROM base').map((r) => r.id!);
    const { predictions } = await readPredictions(path, { ...DEFAULT_READ_OPTIONS, kind: 'probs', label: 'label', scores: ['bird', 'cat', 'dog'] });
    const options = { grid: 10000, classGrid: 300, edges: 'right', binaryView: 'positive' } as const;
    const expected = builderRows(predictions, resolveSqlSpec(req)).map((r) => ({ ...r, slices: { replicate: 'null' } }));
    for (let r = 0; r < 5; r++) {
      const w = ids.map((id) => drawn.get(`${id}:${r}`) ?? 0);
      expected.push(...referenceRows(predictions, { ...options, weights: w }).map((row) => ({ ...row, slices: { replicate: String(r) } })));
    }
    const actual = server.rows(summaryQuery(resolveSqlSpec(req))).map((r) => asSummaryRow({ ...nulls(r), replicate: r.replicate === '' ? 'null' : r.replicate }, ['replicate']));
    expect(compareTables(actual, expected)).toEqual([]);
    const mean = [...drawn.values()].reduce((a, b) => a + b, 0) / (600 * 5);
    expect(Math.abs(mean - 1)).toBeLessThan(0.08);
  }, 60_000);

  it('a label that is not a class stops the query with calib\'s message', () => {
    server.psql('DROP TABLE IF EXISTS bad; CREATE TABLE bad (y text, a double precision, b double precision); INSERT INTO bad VALUES (\'cat\', 0.5, 0.5), (\'emu\', 0.5, 0.5);');
    const spec = resolveSqlSpec({ ...base, table: 'bad', label: 'y', scores: ['a', 'b'], kind: 'probs', classes: ['cat', 'dog'] });
    expect(() => server.rows(summaryQuery(spec))).toThrow(/calib: a label in column "y" is not one of --classes: emu/);
  });
});
