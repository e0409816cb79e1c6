/**
 * The Spark and BigQuery dialects, which no test here can run: their queries are kept as golden
 * files (fixtures/sql/), regenerated and compared here (CALIB_UPDATE_GOLDEN=1 rewrites them after
 * a deliberate change; review the diff), and checked for the constructs in which those engines
 * differ from DuckDB and PostgreSQL (docs/readme/sql.md lists them).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIALECTS, type DialectName } from '../../src/sql/dialect.js';
import { resolveSqlSpec, type SqlRequest } from '../../src/sql/resolve.js';
import { summaryQuery } from '../../src/sql/summary-query.js';
import { temperatureQuery } from '../../src/sql/temperature-query.js';
import { repoRoot } from '../helpers/cli.js';

const golden = (name: string) => join(repoRoot, 'fixtures', 'sql', name);

/** A 3-class table with class-name labels, a slice column and names that need quoting. */
const request = (dialect: DialectName): SqlRequest => ({
  dialect, table: 'my-project.eval.preds', label: 'true label', scores: ['logit_*'], kind: 'logits', classes: ['cat', "o'possum", 'back\\slash'],
  groupBy: ['site`id'], binaryView: 'positive', edges: 'right', grid: 10000, probFloor: 1e-12,
});

const binaryRequest = (dialect: DialectName): SqlRequest => ({
  dialect, table: 'eval.binary', label: 'y', scores: ['p_1'], kind: 'probs', binaryView: 'positive', edges: 'left', grid: 1000, probFloor: 1e-12,
});

const QUERIES: ReadonlyArray<{ file: string; make: () => string }> = (['spark', 'bigquery'] as const).flatMap((dialect) => [
  { file: `${dialect}-summary-logits.sql`, make: () => summaryQuery(resolveSqlSpec(request(dialect))) },
  { file: `${dialect}-summary-binary-probs.sql`, make: () => summaryQuery(resolveSqlSpec(binaryRequest(dialect))) },
  { file: `${dialect}-summary-replicates.sql`, make: () => summaryQuery(resolveSqlSpec({ ...binaryRequest(dialect), replicates: 200, id: 'example id' })) },
  { file: `${dialect}-temperature.sql`, make: () => temperatureQuery(resolveSqlSpec(request(dialect)), [0.5, 1, 2]) },
]);

describe('golden queries for the dialects no test runs', () => {
  for (const { file, make } of QUERIES) {
    it(`${file} is what calib sql prints`, () => {
      const query = make();
      if (process.env.CALIB_UPDATE_GOLDEN === '1') writeFileSync(golden(file), query);
      expect(query).toBe(readFileSync(golden(file), 'utf8'));
    });
  }

  it('Spark: backquoted names, backslash-escaped strings, posexplode, raise_error; nothing of DuckDB or PostgreSQL', () => {
    const query = summaryQuery(resolveSqlSpec(request('spark')));
    expect(query).toContain('`my-project`.`eval`.`preds`');
    expect(query).toContain('`site``id`');
    expect(query).toContain("WHEN 'o\\'possum' THEN 1 WHEN 'back\\\\slash' THEN 2");
    expect(query).toContain('LATERAL VIEW posexplode(array(');
    expect(query).toContain('raise_error(');
    expect(query).toContain('CAST(NULL AS BIGINT)');
    expect(query).not.toMatch(/AS "|FROM "|::|WITH ORDINALITY|MATERIALIZED|\berror\(|double precision/);
  });

  it('BigQuery: backquoted names with backslash escapes, FLOAT64 and INT64, UNNEST WITH OFFSET, ERROR', () => {
    const query = summaryQuery(resolveSqlSpec(request('bigquery')));
    expect(query).toContain('`my-project`.`eval`.`preds`');
    expect(query).toContain('`site\\`id`');
    expect(query).toContain("WHEN 'o\\'possum' THEN 1");
    expect(query).toContain('CROSS JOIN UNNEST([');
    expect(query).toContain('WITH OFFSET AS k');
    expect(query).toContain('ERROR(CONCAT(');
    expect(query).toMatch(/CAST\(NULL AS INT64\)/);
    expect(query).toMatch(/AS FLOAT64\)/);
    expect(query).not.toMatch(/AS "|FROM "|::|WITH ORDINALITY|MATERIALIZED|\bDOUBLE\b|\bBIGINT\b|LATERAL/);
  });

  it('replicate weights: each engine\'s own 64-bit hash of id:replicate', () => {
    const query = (dialect: DialectName) => summaryQuery(resolveSqlSpec({ ...binaryRequest(dialect), replicates: 200, id: 'example id' }));
    expect(query('spark')).toContain('shiftrightunsigned(xxhash64(CONCAT(rid, \':\', CAST(r AS STRING))), 11)');
    expect(query('spark')).toContain('explode(sequence(0, 199))');
    expect(query('bigquery')).toContain('FARM_FINGERPRINT(CONCAT(rid, \':\', CAST(r AS STRING)))');
    expect(query('bigquery')).toContain('UNNEST(GENERATE_ARRAY(0, 199))');
    expect(query('duckdb')).toContain('hash(CONCAT(rid, \':\', CAST(r AS VARCHAR))) >> 11');
    expect(query('postgres')).toContain('hashtextextended(CONCAT(rid, \':\', CAST(r AS text)), 0)');
  });

  it('string literals hold any text: quotes, backslashes, newlines and control characters', () => {
    const text = "a'b\\c\nd\u0001e\"f`g";
    expect(DIALECTS.duckdb.string(text)).toBe("'a''b\\c\nd\u0001e\"f`g'");
    expect(DIALECTS.postgres.string(text)).toBe("'a''b\\c\nd\u0001e\"f`g'");
    expect(DIALECTS.spark.string(text)).toBe("'a\\'b\\\\c\\u000ad\\u0001e\"f`g'");
    expect(DIALECTS.bigquery.string(text)).toBe("'a\\'b\\\\c\\u000ad\\u0001e\"f`g'");
    expect(DIALECTS.duckdb.identifier('a"b')).toBe('"a""b"');
    expect(DIALECTS.spark.identifier('a`b')).toBe('`a``b`');
    expect(DIALECTS.bigquery.identifier('a`b\\c')).toBe('`a\\`b\\\\c`');
  });
});
