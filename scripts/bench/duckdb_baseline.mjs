// The Parquet baseline: DuckDB computing accuracy, NLL and 15-bin ECE (right-closed bins, as
// calib's default) in one SQL query over the file, with log-sum-exp over the logit columns.
// Usage: node duckdb_baseline.mjs FILE.parquet CLASSES
import { DuckDBInstance } from '@duckdb/node-api';

const [file, classes] = [process.argv[2], Number(process.argv[3])];
const z = `list_value(${Array.from({ length: classes }, (_, k) => `logit_${k}`).join(', ')})`;
const db = await DuckDBInstance.create(':memory:');
const sql = await db.connect();
const reader = await sql.runAndReadAll(`
  WITH s AS (SELECT label::INTEGER AS y, ${z} AS z FROM read_parquet('${file.replace(/'/g, "''")}')),
  t AS (SELECT y, z, list_max(z) AS m FROM s),
  u AS (SELECT y, list_position(z, m) - 1 AS pred, z[y + 1] AS zy, m + ln(list_sum(list_transform(z, x -> exp(x - m)))) AS lse, m FROM t),
  v AS (SELECT (pred = y)::DOUBLE AS correct, exp(m - lse) AS conf, lse - zy AS nll FROM u),
  b AS (SELECT greatest(ceil(conf * 15)::INTEGER - 1, 0) AS bin, count(*) AS n, avg(correct) AS acc, avg(conf) AS c FROM v GROUP BY bin)
  SELECT (SELECT avg(correct) FROM v) AS accuracy, (SELECT avg(nll) FROM v) AS nll,
         (SELECT sum(n * abs(acc - c)) / sum(n) FROM b) AS ece`);
console.log(JSON.stringify(reader.getRowObjectsJson()[0]));
sql.closeSync();
