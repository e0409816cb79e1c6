/**
 * `--threads N` and the runtime the CLI wires in (src/cli/runtime.ts): every command prints the
 * same result, bit for bit, on one thread and on several, here in-process with a runtime that
 * shares out work of any size, so that these small files take the worker paths (the per-row
 * pass, the sort, smooth ECE, the fit passes, the resampling, the split read, the scan while
 * reading, a binary column's logs).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createRuntime } from '../../src/parallel/runtime.js';
import { threadCount } from '../../src/cli/runtime.js';
import { repoRoot, run, tempDir } from '../helpers/cli.js';
import { eagerRuntime } from '../helpers/threads.js';

const fixture = (name: string): string => `${repoRoot}fixtures/${name}`;

// The logits fixture as Parquet in row groups of 100 rows (snappy), so that its column chunks
// are decoded as several jobs on the threads (io/formats/parquet-direct.ts DecodeTask).
const parquet = join(tempDir(), 'digits-logreg-logits.parquet');
beforeAll(async () => {
  const db = await DuckDBInstance.create(':memory:');
  const sql = await db.connect();
  await sql.run(`COPY (SELECT * FROM read_csv('${fixture('digits-logreg-logits.csv')}', header = true)) TO '${parquet}' (FORMAT parquet, ROW_GROUP_SIZE 100)`);
  sql.closeSync();
});
const withoutTime = (json: string): unknown => {
  const doc = JSON.parse(json) as Record<string, unknown>;
  delete doc.generated_at;
  return doc;
};

describe('--threads', () => {
  it.each(['0', '-1', 'two', '1.5', ''])('refuses %j with exit 2, naming the flag', async (value) => {
    const result = await run(['report', fixture('digits-logreg-logits.csv'), '--threads', value]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--threads/);
    expect(result.stdout).toBe('');
  });

  it('is taken before or after the command, and never asks for more threads than the machine has', async () => {
    const file = fixture('digits-logreg-logits.csv');
    const before = await run(['--threads', '1', 'report', file, '--format', 'json']);
    const after = await run(['report', file, '--format', 'json', '--threads', '64']);
    expect(before.code).toBe(0);
    expect(withoutTime(after.stdout)).toEqual(withoutTime(before.stdout));
    expect(threadCount(64)).toBeLessThanOrEqual(threadCount(undefined));
    expect(threadCount(1)).toBe(1);
  });
});

describe('the same output on 1, 2 and 3 threads (in-process, the worker paths taken)', () => {
  const cases: [string, string[]][] = [
    ['report, multiclass logits', ['report', fixture('digits-logreg-logits.csv'), '--format', 'json']],
    ['report, binary probabilities, with the calibration tests', ['report', fixture('breast-cancer-logreg-probs.csv'), '--format', 'json', '--calibration-tests', '--resamples', '50']],
    ['report, Parquet (its chunks decoded on the threads)', ['report', parquet, '--format', 'json']],
    ['temperature, Parquet', ['temperature', parquet, '--format', 'json', '--in-sample']],
    ['report, --bins auto', ['report', fixture('digits-forest-probs.csv'), '--format', 'json', '--bins', 'auto']],
    ['temperature (cross-fit)', ['temperature', fixture('digits-logreg-logits.csv'), '--format', 'json']],
    ['temperature --in-sample, binary logits', ['temperature', fixture('breast-cancer-logreg-logits.csv'), '--format', 'json', '--in-sample']],
    ['temperature --apply', ['temperature', fixture('digits-mlp-val.csv'), '--apply', fixture('digits-mlp-test.csv'), '--format', 'json']],
    ['smoothing', ['smoothing', fixture('digits-logreg-logits.csv'), '--format', 'json']],
    ['compare --temperature', ['compare', fixture('digits-logreg-logits.csv'), fixture('digits-mlp-test.csv'), '--format', 'json', '--temperature']],
    ['check', ['check', fixture('digits-logreg-logits.csv'), '--max-ece', '0.5', '--format', 'json']],
  ];
  it.each(cases)('%s', async (_name, argv) => {
    const one = await run(argv, { runtime: createRuntime({ threads: 1 }) });
    expect(one.code, one.stderr).toBe(0);
    for (const threads of [2, 3]) {
      const many = await run(argv, { runtime: eagerRuntime(threads) });
      expect(many.code, many.stderr).toBe(0);
      expect(withoutTime(many.stdout), `${threads} threads`).toEqual(withoutTime(one.stdout));
      expect(many.stderr).toBe(one.stderr);
    }
  });
});
