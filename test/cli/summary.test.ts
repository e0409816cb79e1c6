import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { METRIC_NAMES } from '../../src/metrics/types.js';
import { repoRoot, run, tempDir } from '../helpers/cli.js';

// calib summarize and --from-summary on report, check and compare, against calib report on the
// same rows: the exact metrics to 1e-12 relative, the approximate ones listed with their bounds.

const fixture = (name: string): string => join(repoRoot, 'fixtures', name);
const SITES = fixture('slices/sites.csv');
const EXACT = ['accuracy', 'mean_confidence', 'overconfidence_gap', 'ece', 'mce', 'rmsce', 'classwise_ece', 'nll', 'brier', 'entropy'];

function close(actual: number, expected: number, what: string): void {
  if (Math.abs(actual - expected) > 1e-12 * Math.abs(expected) + 1e-15) expect(actual, what).toBe(expected);
}

async function json(argv: string[]): Promise<any> {
  const r = await run([...argv, '--format', 'json', '-q']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

async function summarize(files: string[], out: string, extra: string[] = []): Promise<string> {
  const r = await run(['summarize', ...files, '-o', out, '-q', ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return out;
}

/** CSV rows of `sites.csv` split into `parts` shard files (every line of the header kept). */
function shards(dir: string, parts: number): string[] {
  const [head, ...lines] = readFileSync(SITES, 'utf8').trimEnd().split('\n');
  return Array.from({ length: parts }, (_, p) => {
    const path = join(dir, `part-${p}.csv`);
    writeFileSync(path, [head, ...lines.filter((_, i) => (i * 7 + 3) % parts === p)].join('\n') + '\n');
    return path;
  });
}

describe('calib summarize, report --from-summary', () => {
  const cases: Array<{ file: string; flags: string[] }> = [
    { file: 'digits-logreg-logits.csv', flags: [] },
    { file: 'digits-forest-probs.csv', flags: ['--bin-edges', 'left'] },
    { file: 'breast-cancer-logreg-probs.csv', flags: [] },
    { file: 'breast-cancer-logreg-probs.csv', flags: ['--binary-view', 'top-label', '--bin-edges', 'left'] },
    { file: 'slices/sites.csv', flags: ['--group-by', 'site'] },
  ];
  for (const { file, flags } of cases) {
    it(`gives report's exact metrics for ${file} ${flags.join(' ')}`, async () => {
      const dir = tempDir();
      const summarizeFlags = flags.filter((f, i) => f !== '--bins' && flags[i - 1] !== '--bins');
      const summary = await summarize([fixture(file)], join(dir, 's.summary.json'), summarizeFlags);
      const groupBy = flags.includes('--group-by') ? ['--group-by', 'site'] : [];
      for (const bins of ['15', '10']) {
        const rows = await json(['report', fixture(file), ...flags, '--bins', bins]);
        const from = await json(['report', '--from-summary', summary, ...groupBy, '--bins', bins]);
        expect(from.rows).toBe(rows.rows);
        expect(from.format).toBe('summary');
        expect(from.view).toBe(rows.view);
        expect(from.config.bin_edges).toBe(rows.config.bin_edges);
        for (const m of EXACT) close(from.metrics[m], rows.metrics[m], m);
        if (rows.config.bin_edges === 'right') close(from.metrics.ece_debiased, rows.metrics.ece_debiased, 'ece_debiased');
        expect(from.bins).toHaveLength(rows.bins.length);
        from.bins.forEach((b: any, i: number) => {
          expect(b.count).toBe(rows.bins[i].count);
          if (b.count > 0) close(b.mean_confidence, rows.bins[i].mean_confidence, `bin ${i}`);
        });
        expect(from.floor_hits).toBe(rows.floor_hits);
        expect(from.bin_intervals).toEqual(rows.bin_intervals);
        const listed = from.approximate.map((a: any) => a.metric);
        expect(listed).toEqual(expect.arrayContaining(['ace', 'ece_sweep']));
        for (const m of EXACT) expect(listed).not.toContain(m);
        for (const a of from.approximate) if (a.bound !== null) expect(Math.abs(from.metrics[a.metric] - rows.metrics[a.metric])).toBeLessThanOrEqual(a.bound);
        if (groupBy.length > 0) {
          expect(from.groups.groups.map((g: any) => g.key)).toEqual(rows.groups.groups.map((g: any) => g.key));
          from.groups.groups.forEach((g: any, i: number) => {
            expect(g.rows).toBe(rows.groups.groups[i].rows);
            for (const [m, v] of Object.entries(g.metrics)) close(v as number, rows.groups.groups[i].metrics[m], `group ${i} ${m}`);
          });
          expect(from.groups.worst.key).toEqual(rows.groups.worst.key);
          close(from.groups.worst.value, rows.groups.worst.value, 'worst');
        }
      }
    }, 60_000);
  }

  it('merges shards summarized apart (a glob, any order) into the numbers of the whole file', async () => {
    const dir = tempDir();
    const parts = shards(dir, 3);
    for (const [i, part] of parts.entries()) await summarize([part], join(dir, `part-${i}.summary.json`), ['--group-by', 'site']);
    const rows = await json(['report', SITES, '--group-by', 'site']);
    const from = await json(['report', '--from-summary', join(dir, 'part-*.summary.json'), '--group-by', 'site']);
    const reversed = await json(['report', '--from-summary', join(dir, 'part-2.summary.json'), join(dir, 'part-0.summary.json'), join(dir, 'part-1.summary.json'), '--group-by', 'site']);
    expect(from.from_summary.files).toHaveLength(3);
    expect(from.from_summary.sources.map((s: any) => s.rows)).toEqual([1000, 1000, 1000]);
    for (const m of EXACT) {
      close(from.metrics[m], rows.metrics[m], m);
      close(reversed.metrics[m], rows.metrics[m], m);
    }
    // One summarize over several files merges them too, and a group-by on fewer columns regroups.
    const once = await summarize(parts, join(dir, 'once.summary.parquet'), ['--group-by', 'site,label']);
    const regrouped = await json(['report', '--from-summary', once, '--group-by', 'site']);
    regrouped.groups.groups.forEach((g: any, i: number) => close(g.metrics.ece, rows.groups.groups[i].metrics.ece, 'regrouped ece'));
  }, 60_000);

  it('reads the long table as CSV, JSON rows, JSON Lines and Parquet with --summary-header', async () => {
    const dir = tempDir();
    const doc = JSON.parse(readFileSync(await summarize([SITES], join(dir, 'a.summary.json'), ['--group-by', 'site']), 'utf8'));
    const { rows: table, ...header } = doc;
    const headerFile = join(dir, 'header.json');
    writeFileSync(headerFile, JSON.stringify(header));
    const columns = Object.keys(table[0]);
    const cell = (v: unknown): string => (v === null ? '' : String(v));
    writeFileSync(join(dir, 't.csv'), [columns.join(','), ...table.map((r: any) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n');
    writeFileSync(join(dir, 't.jsonl'), table.map((r: any) => JSON.stringify(r)).join('\n') + '\n');
    writeFileSync(join(dir, 't.json'), JSON.stringify(table));
    const whole = await json(['report', '--from-summary', join(dir, 'a.summary.json')]);
    for (const name of ['t.csv', 't.jsonl', 't.json']) {
      const got = await json(['report', '--from-summary', join(dir, name), '--summary-header', headerFile]);
      for (const m of METRIC_NAMES) expect(got.metrics[m], `${name} ${m}`).toBe(whole.metrics[m]);
    }
    const parquet = await summarize([SITES], join(dir, 'a.summary.parquet'), ['--group-by', 'site']);
    const fromParquet = await json(['report', '--from-summary', parquet]);
    for (const m of METRIC_NAMES) expect(fromParquet.metrics[m], m).toBe(whole.metrics[m]);
    const noHeader = await run(['report', '--from-summary', join(dir, 't.csv'), '-q']);
    expect(noHeader.code).toBe(2);
    expect(noHeader.stderr).toContain('--summary-header');
  }, 60_000);

  it('reads the long table as DuckDB exports it (Parquet with BIGINT counts, CSV), with the header beside it', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const dir = tempDir();
    const doc = JSON.parse(readFileSync(await summarize([SITES], join(dir, 'a.summary.json'), ['--group-by', 'site']), 'utf8'));
    const { rows: table, ...header } = doc;
    writeFileSync(join(dir, 'rows.jsonl'), table.map((r: any) => JSON.stringify(r)).join('\n') + '\n');
    writeFileSync(join(dir, 'header.json'), JSON.stringify(header));
    const db = await DuckDBInstance.create(':memory:');
    const sql = await db.connect();
    const columns = Object.keys(table[0]).map((c) => (['n', 'class', 'bin', 'floor_hits', 'label_count'].includes(c) ? `CAST(${c} AS BIGINT) AS ${c}` : c)).join(', ');
    await sql.run(`CREATE TABLE t AS SELECT ${columns} FROM read_json_auto('${join(dir, 'rows.jsonl')}')`);
    await sql.run(`COPY t TO '${join(dir, 'duck.parquet')}' (FORMAT parquet)`);
    await sql.run(`COPY t TO '${join(dir, 'duck.csv')}' (FORMAT csv, HEADER true)`);
    sql.closeSync();
    const whole = await json(['report', '--from-summary', join(dir, 'a.summary.json'), '--group-by', 'site']);
    for (const name of ['duck.parquet', 'duck.csv']) {
      const got = await json(['report', '--from-summary', join(dir, name), '--summary-header', join(dir, 'header.json'), '--group-by', 'site']);
      for (const m of METRIC_NAMES) close(got.metrics[m], whole.metrics[m], `${name} ${m}`);
      expect(got.groups.groups.map((g: any) => g.rows)).toEqual(whole.groups.groups.map((g: any) => g.rows));
    }
  }, 60_000);

  it('writes a summary document that validates against schemas/summary.schema.json', async () => {
    const out = await run(['summarize', SITES, '--group-by', 'site', '--grid', '300', '-q']);
    expect(out.code, out.stderr).toBe(0);
    const doc = JSON.parse(out.stdout);
    const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'summary.schema.json'), 'utf8'));
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...doc, version: 2 })).toBe(false);
    expect(doc.grid).toBe(300);
    expect(doc.class_grid).toBe(300);
    expect(doc.slice_columns).toEqual(['site']);
    expect(doc.sources[0]).toMatchObject({ name: SITES, format: 'csv', rows: 3000, kind: 'probs', label_column: 'label' });
    // A row's bins are in -1..G, and the totals add up to the file.
    expect(doc.rows.every((r: any) => r.bin === null || (r.bin >= -1 && r.bin <= 300))).toBe(true);
    expect(doc.rows.filter((r: any) => r.part === 'total').reduce((n: number, r: any) => n + r.n, 0)).toBe(3000);
  });
});

describe('--from-summary refuses what it cannot do, naming the option', () => {
  const summaryFile = async (extra: string[] = [], name = 's.summary.json'): Promise<string> => summarize([SITES], join(tempDir(), name), extra);

  it('--bins that does not divide the grid: exit 2 naming the nearest divisors', async () => {
    const r = await run(['report', '--from-summary', await summaryFile(), '--bins', '7', '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--bins 7 does not divide');
    expect(r.stderr).toContain('--bins 6 or --bins 8');
  });

  it('--bins that divides the grid but not the class grid: exit 2 naming the class grid\'s divisors', async () => {
    const s = await summaryFile(['--class-grid', '100']);
    const r = await run(['report', '--from-summary', s, '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--bins 15 does not divide the summary\'s class grid of 100 fine bins');
    expect(r.stderr).toContain('--bins 10 or --bins 20');
    expect(r.stderr).toContain('--class-grid');
    const ok = await run(['report', '--from-summary', s, '--bins', '20', '-q']);
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('options that need rows', async () => {
    const s = await summaryFile();
    for (const [argv, flag] of [
      [['report', '--from-summary', s, '--calibration-tests'], '--calibration-tests'],
      [['report', '--from-summary', s, '--plot', join(tempDir(), 'x.svg')], '--plot'],
      [['report', '--from-summary', s, '--where', 'site=A'], '--where'],
      [['report', '--from-summary', s, '--kind', 'logits'], '--kind'],
      [['check', '--from-summary', s, '--max-ece', '0.1', '--bootstrap', '100'], '--bootstrap'],
      [['check', '--from-summary', s, '--max-ece-increase', '0.1', '--baseline', SITES], '--baseline'],
      [['compare', '--from-summary', s, s, '--temperature'], '--temperature'],
    ] as const) {
      const r = await run([...argv, '-q']);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toContain(`${flag} cannot go with --from-summary`);
    }
    // --bootstrap on report takes its resamples from a summary's replicates, and this one has none.
    const boot = await run(['report', '--from-summary', s, '--bootstrap', '100', '-q']);
    expect(boot.code).toBe(2);
    expect(boot.stderr).toContain(`--bootstrap needs resamples, and ${s} carries no replicates`);
    expect(boot.stderr).toContain('calib sql --replicates R --id COL');
    const compareBoot = await run(['compare', '--from-summary', s, s, '--bootstrap', '100', '-q']);
    expect(compareBoot.code).toBe(2);
    expect(compareBoot.stderr).toContain(`--bootstrap needs resamples, and ${s} carries no replicates`);
    const both = await run(['report', SITES, '--from-summary', s, '-q']);
    expect(both.code).toBe(2);
  });

  it('headers that disagree: exit 2 naming both files and the field', async () => {
    const a = await summaryFile();
    const b = await summaryFile(['--grid', '300']);
    const c = await summaryFile(['--bin-edges', 'left']);
    const d = await summaryFile(['--group-by', 'site']);
    const e = await summaryFile(['--class-grid', '150']);
    for (const [other, field] of [[b, 'grid'], [c, 'edges'], [d, 'slice_columns'], [e, 'class_grid']] as const) {
      const r = await run(['report', '--from-summary', a, other, '-q']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${a} and ${other} cannot be merged: their headers differ in ${field}`);
    }
    const edges = await run(['report', '--from-summary', a, '--bin-edges', 'left', '-q']);
    expect(edges.code).toBe(2);
    expect(edges.stderr).toContain('summarized with edges right');
    const group = await run(['report', '--from-summary', a, '--group-by', 'site', '-q']);
    expect(group.code).toBe(2);
    expect(group.stderr).toContain('no slice column "site"');
  });

  it('a malformed table: exit 2 with the file, row and column', async () => {
    const dir = tempDir();
    const doc = JSON.parse(readFileSync(await summaryFile(['--grid', '300']), 'utf8'));
    const top = doc.rows.findIndex((r: any) => r.part === 'top');
    const cls = doc.rows.findIndex((r: any) => r.part === 'class' && r.bin !== null);
    const damage = (name: string, change: (rows: any[]) => void): string => {
      const rows = structuredClone(doc.rows);
      change(rows);
      const path = join(dir, name);
      writeFileSync(path, JSON.stringify({ ...doc, rows }));
      return path;
    };
    const cases = [
      [damage('negative.json', (r) => { r[top].n = -1; }), `row ${top + 1}`, 'n is -1, a negative count'],
      [damage('bin.json', (r) => { r[top].bin = 301; }), `row ${top + 1}`, 'out of the grid\'s range -1 to 300'],
      [damage('class-bin.json', (r) => { r[cls].bin = 301; }), `row ${cls + 1}`, 'out of the class grid\'s range -1 to 300'],
      [damage('nan.json', (r) => { r[top].sum_conf = 'NaN'; }), `row ${top + 1}`, 'not a finite number'],
      [damage('missing.json', (r) => { for (const row of r) delete row.sum_brier; }), '', 'no column "sum_brier"'],
      [damage('part.json', (r) => { r[0].part = 'sum'; }), 'row 1', 'not total, top or class'],
    ] as const;
    for (const [path, row, what] of cases) {
      const r = await run(['report', '--from-summary', path, '-q']);
      expect(r.code, path).toBe(2);
      expect(r.stderr).toContain(path);
      expect(r.stderr).toContain(row);
      expect(r.stderr).toContain(what);
      expect(r.stderr).not.toContain('    at ');
    }
  });

  it('--binning mass marks the binned metrics approximate, with bounds', async () => {
    const from = await json(['report', '--from-summary', await summaryFile(), '--binning', 'mass']);
    const rows = await json(['report', SITES, '--binning', 'mass']);
    const approximate = Object.fromEntries(from.approximate.map((a: any) => [a.metric, a.bound]));
    for (const m of ['ece', 'rmsce', 'ace', 'ece_debiased', 'bins']) expect(approximate).toHaveProperty(m);
    expect(Math.abs(from.metrics.ece - rows.metrics.ece)).toBeLessThanOrEqual(approximate.ece);
    close(from.metrics.nll, rows.metrics.nll, 'nll');
  });
});

describe('check and compare --from-summary', () => {
  it('check gates the same thresholds (exit 1 on a failure) and says which checked metric is approximate', async () => {
    const s = await summarize([SITES], join(tempDir(), 's.summary.json'), ['--group-by', 'site']);
    const rows = await run(['check', SITES, '--max-ece', '0.02', '--max-ace', '0.5', '-q']);
    const from = await run(['check', '--from-summary', s, '--max-ece', '0.02', '--max-ace', '0.5', '-q']);
    expect(from.code).toBe(rows.code);
    expect(from.stdout).toContain('approximate: ace');
    expect(from.stdout).not.toContain('approximate: ece ');
    const doc = JSON.parse((await run(['check', '--from-summary', s, '--max-ece', '0.5', '--group-by', 'site', '--format', 'json', '-q'])).stdout);
    expect(doc.passed).toBe(true);
    expect(doc.format).toBe('summary');
    expect(doc.group_checks.checks.length).toBeGreaterThan(0);
    expect(doc.from_summary.slice_columns).toEqual(['site']);
  });

  it('compare puts models side by side, unpaired, with the deltas of the row-based compare', async () => {
    const dir = tempDir();
    const a = await summarize([fixture('digits-logreg-logits.csv')], join(dir, 'a.summary.json'));
    const b = await summarize([fixture('digits-gnb-probs.csv')], join(dir, 'b.summary.json'));
    const rows = await json(['compare', fixture('digits-logreg-logits.csv'), fixture('digits-gnb-probs.csv')]);
    const from = await json(['compare', '--from-summary', `lr=${a}`, `gnb=${b}`]);
    expect(from.models.map((m: any) => m.name)).toEqual(['lr', 'gnb']);
    expect(from.paired).toBe(false);
    for (const m of EXACT) close(from.models[1].metrics[m], rows.models[1].metrics[m], m);
    const delta = (doc: any, m: string): number => doc.deltas.find((d: any) => d.metric === m).delta;
    for (const m of EXACT) close(delta(from, m), delta(rows, m), `delta ${m}`);
    expect(from.deltas.every((d: any) => d.interval === null)).toBe(true);
  });
});
