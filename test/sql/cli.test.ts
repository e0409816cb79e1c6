/**
 * `calib sql` as a command: the query on stdout (run here in DuckDB), the header written with
 * --header-out (validated against schemas/summary-header.schema.json), and exit 2 naming the flag
 * for everything a query cannot find out by itself.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { repoRoot, run, tempDir } from '../helpers/cli.js';
import { duckdbRows } from './engines.js';

const digits = join(repoRoot, 'fixtures', 'digits-logreg-logits.csv');
const base = ['sql', '--dialect', 'duckdb', '--csv', digits, '--label', 'label', '--scores', 'logit_*', '--classes', '10', '--kind', 'logits'];

describe('calib sql', () => {
  it('prints one query; --header-out writes the header --from-summary pairs with its result', async () => {
    const dir = tempDir();
    const header = join(dir, 'header.json');
    const result = await run([...base, '--group-by', 'label', '--grid', '1000', '--class-grid', '60', '--header-out', header]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('calib: duckdb query over logits in 10 columns (10 classes), labels in "label" as class indices');
    expect(result.stderr).toContain(`wrote the summary header to ${header}`);
    const rows = await duckdbRows(result.stdout);
    const totals = rows.filter((r) => r.part === 'total');
    expect(totals.map((r) => r.label).sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(totals.reduce((n, r) => n + Number(r.n), 0)).toBe(899);
    const written = JSON.parse(readFileSync(header, 'utf8'));
    expect(written).toEqual({
      format: 'calib-summary', version: 1, grid: 1000, class_grid: 60, edges: 'right', classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      kinds: ['logits'], binary: false, binary_view: null, prob_floor: 1e-12, slice_columns: ['label'],
      sources: [`sql:duckdb:csv:${digits}`], calib_version: VERSION,
    });
    const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'summary-header.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    expect(validate(written), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...written, extra: 1 })).toBe(false);

    // The exported result and the header read back: report --from-summary gives calib report's exact metrics.
    const table = join(dir, 'table.csv');
    await duckdbRows(`COPY (${result.stdout.replace(/;\s*$/, '')}) TO '${table}' (FORMAT csv, HEADER true)`);
    const fromSql = await run(['report', '--from-summary', table, '--summary-header', header, '--bins', '10', '--format', 'json', '-q']);
    expect(fromSql.code, fromSql.stderr).toBe(0);
    const direct = await run(['report', digits, '--kind', 'logits', '--bins', '10', '--format', 'json', '-q']);
    const [a, b] = [JSON.parse(fromSql.stdout).metrics, JSON.parse(direct.stdout).metrics];
    for (const metric of ['accuracy', 'ece', 'classwise_ece', 'nll', 'brier']) expect(Math.abs(a[metric] - b[metric]), metric).toBeLessThanOrEqual(1e-12 * Math.abs(b[metric]));
    // Classwise ECE needs --bins to divide the class grid: 25 divides 1000 but not 60.
    const refused = await run(['report', '--from-summary', table, '--summary-header', header, '--bins', '25', '-q']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--bins 25 does not divide the summary\'s class grid of 60');
    expect(refused.stderr).toContain('--bins 20 or --bins 30');
  });

  it('--objective temperature --at prints the objective query', async () => {
    const result = await run([...base, '--objective', 'temperature', '--at', '0.5,1,2']);
    expect(result.code).toBe(0);
    const rows = await duckdbRows(result.stdout);
    expect(rows.map((r) => Number(r.b))).toEqual([0.5, 1, 2]);
    expect(rows.every((r) => Number(r.n) === 899 && Number(r.d2nll_db2) > 0)).toBe(true);
  });

  const usage: ReadonlyArray<[string, string[], RegExp]> = [
    ['no --kind', base.filter((a, i) => a !== '--kind' && base[i - 1] !== '--kind'), /pass --kind logits or --kind probs/],
    ['no --label', base.filter((a, i) => a !== '--label' && base[i - 1] !== '--label'), /pass --label COLUMN/],
    ['no --scores', base.filter((a, i) => a !== '--scores' && base[i - 1] !== '--scores'), /pass --scores/],
    ['a pattern without --classes', base.filter((a, i) => a !== '--classes' && base[i - 1] !== '--classes'), /--scores logit_\* is a pattern[\s\S]*--classes/],
    ['no table', ['sql', '--dialect', 'postgres', '--label', 'y', '--scores', 'a,b', '--kind', 'probs'], /needs --table NAME/],
    ['--parquet for postgres', ['sql', '--dialect', 'postgres', '--parquet', 'x.parquet', '--label', 'y', '--scores', 'a,b', '--kind', 'probs'], /only the DuckDB dialect/],
    ['scores and classes disagree', ['sql', '--dialect', 'spark', '--table', 't', '--label', 'y', '--scores', 'a,b,c', '--classes', 'x,y', '--kind', 'probs'], /3 columns but --classes gives 2/],
    ['a slice column named like a summary column', [...base, '--group-by', 'bin'], /summary's own columns/],
    ['--positive not a class', ['sql', '--dialect', 'spark', '--table', 't', '--label', 'y', '--scores', 'q', '--classes', 'a,b', '--positive', 'c', '--kind', 'probs'], /not one of the two classes/],
    ['--at without temperature', [...base, '--at', '1'], /--at goes with --objective temperature/],
    ['temperature without --at', [...base, '--objective', 'temperature'], /needs the temperatures/],
    ['SQL in --table', ['sql', '--dialect', 'duckdb', '--table', "read_parquet('x/*.parquet')", '--label', 'y', '--scores', 'a,b', '--kind', 'probs'], /pass --parquet PATH/],
    ['a bad table name', ['sql', '--dialect', 'duckdb', '--table', 'a..b', '--label', 'y', '--scores', 'a,b', '--kind', 'probs'], /a part is empty/],
  ];
  for (const [name, argv, message] of usage) {
    it(`exit 2 with the flag that resolves it: ${name}`, async () => {
      const result = await run(argv);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    });
  }

  it('--grid and --class-grid out of range: calib sql and calib summarize refuse the same value with the same message', async () => {
    for (const [flag, value, fallback] of [['--grid', '1000001', '30,000'], ['--class-grid', '2000000', '300']] as const) {
      const sql = await run([...base, flag, value]);
      const summarize = await run(['summarize', digits, '-q', flag, value]);
      expect(sql.code).toBe(2);
      expect(summarize.code).toBe(2);
      expect(sql.stdout).toBe('');
      expect(sql.stderr).toBe(`calib: error: ${flag} "${value}": expected a whole number of fine bins from 1 to 1,000,000.\n  hint: Leave ${flag} out for the default ${fallback}.\n`);
      expect(summarize.stderr).toBe(sql.stderr);
    }
  });

  it('--header-out never replaces the file the query reads', async () => {
    const dir = tempDir();
    const csv = join(dir, 'preds.csv');
    writeFileSync(csv, readFileSync(digits));
    const result = await run(['sql', '--dialect', 'duckdb', '--csv', csv, '--label', 'label', '--scores', 'logit_*', '--classes', '10', '--kind', 'logits', '--header-out', csv]);
    expect(result.code).toBe(2);
    expect(readFileSync(csv, 'utf8')).toBe(readFileSync(digits, 'utf8'));
  });

  it('--header-out is not written when the flags are refused', async () => {
    const header = join(tempDir(), 'h.json');
    const result = await run([...base.filter((a, i) => a !== '--kind' && base[i - 1] !== '--kind'), '--header-out', header]);
    expect(result.code).toBe(2);
    expect(existsSync(header)).toBe(false);
  });
});

describe('the README\'s calib sql section (docs/readme/sql.md)', () => {
  const doc = readFileSync(join(repoRoot, 'docs', 'readme', 'sql.md'), 'utf8');

  it('every calib sql command it shows runs as written (exit 0)', async () => {
    // The commands of the sh blocks, their continuation lines joined, up to the redirection.
    const blocks = [...doc.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.replace(/\\\n\s*/g, ''));
    const commands = blocks.flatMap((b) => b.split('\n')).map((l) => l.trim()).filter((l) => l.startsWith('calib sql '));
    expect(commands.length).toBeGreaterThanOrEqual(5);
    const dir = tempDir();
    for (const line of commands) {
      const words = [...line.replace(/\s*>.*$/, '').matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!).slice(1);
      const argv = words.map((w) => (w === 'summary.header.json' ? join(dir, w) : w === '$T' ? '1' : w));
      const result = await run(argv);
      expect(result.code, `${line}\n${result.stderr}`).toBe(0);
      expect(result.stdout).toMatch(/^-- calib /);
    }
  });

  it('its Newton loop on the temperature objective converges to the temperature calib fits', async () => {
    const file = join(repoRoot, 'fixtures', 'digits-mlp-val.csv');
    const fitted = await run(['temperature', file, '--in-sample', '--format', 'json', '-q']);
    const want = JSON.parse(fitted.stdout).temperature as number;
    let t = 1;
    for (let step = 0; step < 10; step++) {
      const objective = await run(['sql', '--dialect', 'duckdb', '--csv', file, '--label', 'label', '--scores', 'logit_*', '--classes', '10',
        '--kind', 'logits', '--objective', 'temperature', '--at', String(t), '-q']);
      // The step of the README's loop, as it is written there.
      const step = doc.match(/-c "(SELECT CASE WHEN b - dnll_db[^"]*) FROM \(\$\(cat objective\.sql\)\)"/)![1]!;
      const [row] = await duckdbRows(`${step.replace(/ END$/, ' END AS t')} FROM (${objective.stdout})`);
      t = Number(row!.t);
    }
    expect(Math.abs(t - want)).toBeLessThanOrEqual(1e-9 * want);
  });
});
