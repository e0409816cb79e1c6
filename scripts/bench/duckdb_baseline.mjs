// The DuckDB baseline: accuracy, NLL and 15-bin ECE (right-closed bins, as calib's default) in
// one SQL query over the file, read with read_csv (a .csv) or read_parquet (a .parquet).
//   node duckdb_baseline.mjs FILE CLASSES    wide: a label column and one logit column per class
//                                            (logit_0 ..), log-sum-exp over the logit columns
//   node duckdb_baseline.mjs FILE binary     id, label (0/1) and P(y = 1) as p_1: the positive
//                                            view, as the pandas baseline's binary layout
import { DuckDBInstance } from '@duckdb/node-api';

const [file, layout] = [process.argv[2], process.argv[3]];
const quoted = `'${file.replace(/'/g, "''")}'`;
const from = file.endsWith('.parquet') ? `read_parquet(${quoted})` : `read_csv(${quoted}, header = true)`;
const db = await DuckDBInstance.create(':memory:');
const sql = await db.connect();
let query;
if (layout === 'binary') {
  query = `
  WITH v AS (SELECT label::INTEGER AS y, p_1::DOUBLE AS q FROM ${from}),
  b AS (SELECT greatest(ceil(q * 15)::INTEGER - 1, 0) AS bin, count(*) AS n, avg(y) AS pos, avg(q) AS c FROM v GROUP BY bin)
  SELECT (SELECT avg(((q > 0.5) = (y = 1))::DOUBLE) FROM v) AS accuracy,
         (SELECT avg(CASE WHEN y = 1 THEN -ln(greatest(q, 1e-12)) ELSE -ln(greatest(1 - q, 1e-12)) END) FROM v) AS nll,
         (SELECT sum(n * abs(pos - c)) / sum(n) FROM b) AS ece`;
} else {
  const classes = Number(layout);
  const z = `list_value(${Array.from({ length: classes }, (_, k) => `logit_${k}`).join(', ')})`;
  query = `
  WITH s AS (SELECT label::INTEGER AS y, ${z} AS z FROM ${from}),
  t AS (SELECT y, z, list_max(z) AS m FROM s),
  u AS (SELECT y, list_position(z, m) - 1 AS pred, z[y + 1] AS zy, m + ln(list_sum(list_transform(z, x -> exp(x - m)))) AS lse, m FROM t),
  v AS (SELECT (pred = y)::DOUBLE AS correct, exp(m - lse) AS conf, lse - zy AS nll FROM u),
  b AS (SELECT greatest(ceil(conf * 15)::INTEGER - 1, 0) AS bin, count(*) AS n, avg(correct) AS acc, avg(conf) AS c FROM v GROUP BY bin)
  SELECT (SELECT avg(correct) FROM v) AS accuracy, (SELECT avg(nll) FROM v) AS nll,
         (SELECT sum(n * abs(acc - c)) / sum(n) FROM b) AS ece`;
}
const reader = await sql.runAndReadAll(query);
console.log(JSON.stringify(reader.getRowObjectsJson()[0]));
sql.closeSync();
