import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
const inst = await DuckDBInstance.create(':memory:', { threads: process.argv[3] ?? '2' });
const con = await inst.connect();
const q = readFileSync(process.argv[2], 'utf8');
const t0 = performance.now();
const r = await con.runAndReadAll(q);
const t1 = performance.now();
console.log(JSON.stringify({ rows: r.getRowObjectsJS().length, seconds: ((t1 - t0) / 1000).toFixed(2) }));
