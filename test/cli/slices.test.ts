import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../check/xml.js';
import { repoRoot, run, tempDir, tempFile } from '../helpers/cli.js';

// fixtures/slices (make_slices.py): sites.csv has overall ECE 0.0391 (passes --max-ece 0.05),
// site C (388 rows) ECE 0.2243, site D (12 rows) the worst but under 30 rows. base.csv and the
// candidates hold the same 600 examples: candidate-noise is worse only within the noise,
// candidate-worse clearly worse, candidate-shuffled is candidate-worse with its rows shuffled.
const slices = (name: string): string => join(repoRoot, 'fixtures', 'slices', name);
const SITES = slices('sites.csv');
const BASE = slices('base.csv');

type Json = Record<string, any>;
const json = async (argv: string[]): Promise<{ code: number; doc: Json; stderr: string }> => {
  const { code, stdout, stderr } = await run([...argv, '--format', 'json', '-q']);
  return { code, doc: stdout === '' ? {} : JSON.parse(stdout) as Json, stderr };
};

describe('report --group-by and --where', () => {
  it('JSON: every group, the worst gated group, the spread, the small group not gated', async () => {
    const { code, doc } = await json(['report', SITES, '--group-by', 'site']);
    expect(code).toBe(0);
    const g = doc.groups;
    expect(g.by).toEqual(['site']);
    expect(g.groups.map((x: Json) => [x.key.site, x.rows, x.gated])).toEqual([['A', 1300, true], ['B', 1300, true], ['C', 388, true], ['D', 12, false]]);
    expect(g.worst.key).toEqual({ site: 'C' });
    expect(g.worst.value).toBeCloseTo(0.2243, 4);
    expect(g.ungated).toBe(1);
    expect(doc.metrics.ece).toBeCloseTo(0.0391, 4);
    // D has the largest ECE, but 12 rows are not enough to name it the worst.
    expect(g.groups[3].metrics.ece).toBeGreaterThan(g.worst.value);
  });

  it('table, Markdown and CSV show the groups, the overall row and say which are not gated', async () => {
    const table = (await run(['report', SITES, '--group-by', 'site', '--no-diagram', '-q'])).stdout;
    expect(table).toMatch(/By site\n/);
    expect(table).toMatch(/^C\s+388\s+12\.9%\s+0\.6727\s+0\.8854\s+\+0\.2127\s+0\.2243\s+1\.2594$/m);
    expect(table).toMatch(/^all\s+3,000\s+100\.0%/m);
    expect(table).toMatch(/Worst group by ECE: site=C \(0\.2243\).*1 group has fewer than 30 rows: reported, not gated/);
    const markdown = (await run(['report', SITES, '--group-by', 'site', '--format', 'markdown', '-q'])).stdout;
    expect(markdown).toContain('| **C** | **388** |');
    expect(markdown).toContain('| _D_ | _12_ |');
    const csv = (await run(['report', SITES, '--group-by', 'site', '--format', 'csv', '-q'])).stdout.trim().split('\n');
    expect(csv[0]).toBe('site,rows,share,gated,worst,accuracy,mean_confidence,overconfidence_gap,ece,nll');
    expect(csv[3]!.startsWith('C,388,')).toBe(true);
    expect(csv[3]).toContain(',true,true,');
    expect(csv[5]!.startsWith('all,3000,1,,,')).toBe(true);
  });

  it('--bootstrap gives each group its intervals; the HTML report has the table', async () => {
    const html = join(tempDir(), 'report.html');
    const { code, doc } = await json(['report', SITES, '--group-by', 'site', '--bootstrap', '100', '--html', html]);
    expect(code).toBe(0);
    const c = doc.groups.groups[2];
    expect(c.intervals.ece.lower).toBeLessThan(c.metrics.ece);
    expect(c.intervals.ece.upper).toBeGreaterThan(c.metrics.ece);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('By site: Worst group by ECE: site=C');
    expect(page).toContain('D (not gated)');
  });

  it('--where keeps rows by value, and every number is of those rows', async () => {
    const { doc } = await json(['report', SITES, '--where', 'site in A,B', '--group-by', 'site']);
    expect(doc.where).toEqual({ expressions: ['site in A,B'], rows_before: 3000, rows_after: 2600 });
    expect(doc.rows).toBe(2600);
    expect(doc.groups.groups.map((g: Json) => g.key.site)).toEqual(['A', 'B']);
    const notC = await json(['report', SITES, '--where', 'site!=C', '--where', 'site!=D']);
    expect(notC.doc.rows).toBe(2600);
    expect(notC.doc.metrics.ece).toBeCloseTo(doc.metrics.ece, 12);
  });

  it('an unknown column or value is an error naming it (exit 2)', async () => {
    const column = await run(['report', SITES, '--where', 'lang=en']);
    expect(column.code).toBe(2);
    expect(column.stderr).toMatch(/--where/);
    expect(column.stderr).toMatch(/lang/);
    const value = await run(['report', SITES, '--where', 'site=E']);
    expect(value.code).toBe(2);
    expect(value.stderr).toContain('"E" occurs in no row of column "site"');
    const group = await run(['report', SITES, '--group-by', 'region']);
    expect(group.code).toBe(2);
    expect(group.stderr).toMatch(/--group-by/);
  });
});

describe('slices: what a grouping column may hold', () => {
  it('rows with no value form a group shown as (empty), with a warning in the JSON; --where can leave them out', async () => {
    const file = tempFile('empty-site.csv', 'site,label,p_0,p_1\nA,0,0.2,0.8\n,1,0.3,0.7\nA,1,0.4,0.6\n,0,0.9,0.1\n');
    const { code, doc, stderr } = await json(['report', file, '--group-by', 'site', '--min-group-rows', '1']);
    expect(code).toBe(0);
    expect(doc.groups.groups.map((g: Json) => [g.key.site, g.rows])).toEqual([['', 2], ['A', 2]]);
    expect(doc.warning_records.map((w: Json) => [w.code, w.data.rows])).toEqual([['empty-group-cells', 2]]);
    expect(stderr).toContain(`${file}: 2 row(s) have no value in "site"`);
    const table = await run(['report', file, '--group-by', 'site', '--min-group-rows', '1', '--no-diagram', '-q']);
    expect(table.stdout).toMatch(/^\(empty\) +2 /m);
    const kept = await json(['report', file, '--group-by', 'site', '--where', 'site!=""']);
    expect(kept.doc.rows).toBe(2);
    expect(kept.doc.warning_records).toEqual([]);
  });

  it('a score column is refused as a group, naming the class', async () => {
    const { code, stderr } = await run(['report', SITES, '--group-by', 'bird']);
    expect(code).toBe(2);
    expect(stderr).toContain('--group-by "bird" names a score column');
  });
});

describe('slices of the other formats', () => {
  it('a JSON Lines file groups and filters as its CSV does', async () => {
    // The same rows as sites.csv, one object a line, each number written as the CSV wrote it.
    const [header, ...lines] = readFileSync(SITES, 'utf8').trim().split('\n');
    const names = header!.split(',');
    const text = lines.map((line) => `{${line.split(',').map((cell, i) => `${JSON.stringify(names[i])}:${/^[a-zA-Z]/.test(cell) ? JSON.stringify(cell) : cell}`).join(',')}}`).join('\n') + '\n';
    const jsonl = tempFile('sites.jsonl', text);
    for (const flags of [['--group-by', 'site'], ['--where', 'site!=D', '--group-by', 'site']]) {
      const a = await json(['report', SITES, ...flags]);
      const b = await json(['report', jsonl, ...flags]);
      expect(b.code).toBe(0);
      expect(b.doc.groups).toEqual(a.doc.groups);
      expect(b.doc.metrics).toEqual(a.doc.metrics);
    }
  });
});

describe('check --group-by', () => {
  it('the overall ECE passes and site C fails: exit 1, one check per gated group', async () => {
    const { code, doc } = await json(['check', SITES, '--max-ece', '0.05', '--group-by', 'site']);
    expect(code).toBe(1);
    expect(doc.checks[0].passed).toBe(true);
    expect(doc.group_checks.mode).toBe('per-group');
    expect(doc.group_checks.checks.map((c: Json) => [c.group.site, c.passed])).toEqual([['C', false], ['A', true], ['B', true]]);
    expect(doc.group_checks.ungated).toEqual([{ group: { site: 'D' }, rows: 12 }]);
  });

  it('a small group is not gated unless --min-group-rows lets it; --worst-group gates the worst one per threshold', async () => {
    expect((await run(['check', SITES, '--max-ece', '0.05', '--group-by', 'site', '--where', 'site!=C', '-q'])).code).toBe(0);
    const small = await json(['check', SITES, '--max-ece', '0.05', '--group-by', 'site', '--where', 'site!=C', '--min-group-rows', '10']);
    expect(small.code).toBe(1);
    expect(small.doc.group_checks.checks[0].group).toEqual({ site: 'D' });
    const worst = await json(['check', SITES, '--max-ece', '0.05', '--min-accuracy', '0.6', '--group-by', 'site', '--worst-group']);
    expect(worst.doc.group_checks.checks.map((c: Json) => [c.metric, c.group.site, c.passed])).toEqual([['ece', 'C', false], ['accuracy', 'C', true]]);
  });

  it('JUnit: one test case per group and threshold, the small group skipped', async () => {
    const { code, stdout } = await run(['check', SITES, '--max-ece', '0.05', '--group-by', 'site', '--format', 'junit', '-q']);
    expect(code).toBe(1);
    const suite = parseXml(stdout).children[0]!;
    expect(suite.attributes).toMatchObject({ tests: '5', failures: '1', skipped: '1' });
    const cases = suite.children.filter((c) => c.name === 'testcase');
    expect(cases.map((c) => c.attributes.name)).toEqual(['ece <= 0.05', 'ece <= 0.05 [site=C]', 'ece <= 0.05 [site=A]', 'ece <= 0.05 [site=B]', 'ece <= 0.05 [site=D]']);
    expect(cases[1]!.children[0]!.attributes.message).toBe('site=C (388 rows): ece = 0.2243 is above the maximum 0.05');
    expect(cases[4]!.children[0]!.name).toBe('skipped');
  });

  it('GitHub: one error annotation per failing group, notices for the rest', async () => {
    const { stdout } = await run(['check', SITES, '--max-ece', '0.05', '--group-by', 'site', '--format', 'github', '-q']);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.every((l) => /^::(error|notice|warning) title=[^:]*::/.test(l))).toBe(true);
    expect(lines.filter((l) => l.startsWith('::error'))).toEqual([`::error title=calib check%3A site=C::site=C (388 rows): ece = 0.2243 is above the maximum 0.05 (${SITES})`]);
    expect(lines.some((l) => l.includes('site=D (12 rows) has fewer than 30 rows'))).toBe(true);
  });

  it('the thresholds file gives group_by, where, min_group_rows and group_gate; flags override it', async () => {
    const config = tempFile('slices.config.json', JSON.stringify({ ece: { max: 0.05 }, group_by: 'site', where: 'site!=C', min_group_rows: 10 }));
    const { code, doc } = await json(['check', SITES, '--config', config]);
    expect(code).toBe(1);
    expect(doc.group_checks.checks.find((c: Json) => !c.passed).group).toEqual({ site: 'D' });
    expect((await run(['check', SITES, '--config', config, '--min-group-rows', '30', '-q'])).code).toBe(0);
    const bad = tempFile('bad.config.json', JSON.stringify({ ece: { max: 0.05 }, group_gate: 'worst' }));
    const refused = await run(['check', SITES, '--config', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('"group_gate" must be "per-group" or "worst-group"');
  });
});

describe('check --baseline', () => {
  const gate = (candidate: string, ...rest: string[]) =>
    json(['check', slices(candidate), '--baseline', BASE, '--max-ece-increase', '0.01', '--bootstrap', '500', ...rest]);

  it('worse only within the noise: passes with --fail-on lenient, fails with strict', async () => {
    const lenient = await gate('candidate-noise.csv', '--fail-on', 'lenient');
    expect(lenient.code).toBe(0);
    const change = lenient.doc.baseline.checks[0];
    expect(change.base).toBeCloseTo(0.0488, 4);
    expect(change.candidate).toBeCloseTo(0.0526, 4);
    expect(change.interval.lower).toBeLessThan(0.01);
    expect(change.interval.upper).toBeGreaterThan(0.01);
    expect(lenient.doc.baseline.paired).toBe(true);
    expect((await gate('candidate-noise.csv', '--fail-on', 'strict')).code).toBe(1);
    // The point estimate (+0.0037) is within 0.01.
    expect((await gate('candidate-noise.csv')).code).toBe(0);
  });

  it('clearly worse: fails either way', async () => {
    expect((await gate('candidate-worse.csv', '--fail-on', 'lenient')).code).toBe(1);
    expect((await gate('candidate-worse.csv', '--fail-on', 'strict')).code).toBe(1);
  });

  it('shuffled rows are paired by the id column: the same numbers as in order', async () => {
    const inOrder = await gate('candidate-worse.csv');
    const shuffled = await gate('candidate-shuffled.csv');
    expect(shuffled.doc.baseline.pairing_by_id).toMatchObject({ column: 'id', found: 'name', mode: 'exact', matched: 600 });
    expect(shuffled.doc.baseline.checks[0].delta).toBeCloseTo(inOrder.doc.baseline.checks[0].delta, 12);
    expect(shuffled.doc.baseline.checks[0].interval).toEqual(inOrder.doc.baseline.checks[0].interval);
  });

  it('relative bounds and minimum changes; every format shows base, candidate, change and interval', async () => {
    const { doc } = await json(['check', slices('candidate-worse.csv'), '--baseline', BASE, '--max-ece-increase', '10%', '--min-accuracy-change', '-0.005']);
    const ece = doc.baseline.checks.find((c: Json) => c.metric === 'ece');
    expect(ece.relative).toBe(true);
    expect(ece.allowed).toBeCloseTo(0.1 * ece.base, 12);
    expect(ece.passed).toBe(false);
    expect(doc.baseline.checks.find((c: Json) => c.metric === 'accuracy').passed).toBe(true);
    const argv = ['check', slices('candidate-noise.csv'), '--baseline', BASE, '--max-ece-increase', '0.01', '--bootstrap', '200', '-q'];
    const table = (await run(argv)).stdout;
    expect(table).toMatch(/^ece\s+0\.0488\s+0\.0526\s+\+0\.0037\s+\[[-+]0\.\d{4}, \+0\.\d{4}\]\s+<= \+0\.0100\s+PASS$/m);
    const junit = parseXml((await run([...argv, '--format', 'junit'])).stdout).children[0]!;
    expect(junit.children.filter((c) => c.name === 'testcase').map((c) => [c.attributes.name, c.attributes.classname])).toEqual([['ece change <= +0.01', 'calib.check.baseline']]);
    const github = (await run([...argv, '--format', 'github', '--fail-on', 'strict'])).stdout;
    expect(github).toMatch(/^::error title=calib check%3A baseline::ece: baseline 0\.0488 -> candidate 0\.0526, change \+0\.0037, upper end of the 95%25 interval \+0\.\d{4}, is above the allowed increase \+0\.01/m);
    const markdown = (await run([...argv, '--format', 'markdown'])).stdout;
    expect(markdown).toMatch(/\| `ece` \| 0\.0488 \| 0\.0526 \| \+0\.0037 \| \[/);
  });

  it('ids in one file only are an error, or dropped and counted with --pair inner; labels that disagree name both files', async () => {
    const lines = readFileSync(BASE, 'utf8').trim().split('\n');
    const fewer = tempFile('fewer.csv', [lines[0], ...lines.slice(1, 501).reverse()].join('\n') + '\n');
    const exact = await run(['check', fewer, '--baseline', BASE, '--id', 'id', '--max-ece-increase', '0.01']);
    expect(exact.code).toBe(2);
    expect(exact.stderr).toMatch(/100 ids of .*base\.csv .* are not in .*fewer\.csv/);
    expect(exact.stderr).toContain('--pair inner');
    const inner = await json(['check', fewer, '--baseline', BASE, '--id', 'id', '--pair', 'inner', '--max-ece-increase', '0.01']);
    expect(inner.doc.baseline.pairing_by_id).toMatchObject({ matched: 500, dropped: [100, 0], found: 'flag', mode: 'inner' });
    const [header, first, ...rest] = lines;
    const cells = first!.split(',');
    cells[1] = cells[1] === 'cat' ? 'dog' : 'cat';
    const relabelled = tempFile('relabelled.csv', [header, cells.join(','), ...rest].join('\n') + '\n');
    const disagree = await run(['check', relabelled, '--baseline', BASE, '--max-ece-increase', '0.01']);
    expect(disagree.code).toBe(2);
    expect(disagree.stderr).toMatch(/id "row-0000" has label "cat" in .*base\.csv but "dog" in .*relabelled\.csv|id "row-0000" has label "dog" in .*base\.csv but "cat" in .*relabelled\.csv/);
  });

  it('a change threshold needs a baseline (exit 2)', async () => {
    const { code, stderr } = await run(['check', BASE, '--max-ece-increase', '0.01']);
    expect(code).toBe(2);
    expect(stderr).toContain('--baseline');
  });
});

describe('compare --id and --group-by', () => {
  it('shuffled files are paired by id: the same deltas as the files in order', async () => {
    const inOrder = await json(['compare', BASE, slices('candidate-worse.csv'), '--bootstrap', '100']);
    const shuffled = await json(['compare', BASE, slices('candidate-shuffled.csv'), '--bootstrap', '100', '--id', 'id']);
    expect(shuffled.doc.paired).toBe(true);
    expect(shuffled.doc.pairing_by_id).toMatchObject({ column: 'id', found: 'flag', matched: 600 });
    const ece = (doc: Json) => doc.deltas.find((d: Json) => d.metric === 'ece');
    expect(ece(shuffled.doc).delta).toBeCloseTo(ece(inOrder.doc).delta, 12);
    expect(ece(shuffled.doc).interval).toEqual(ece(inOrder.doc).interval);
    // Without --id, the column named like an id pairs them too.
    expect((await json(['compare', BASE, slices('candidate-shuffled.csv')])).doc.paired).toBe(true);
  });

  it('--group-by gives each model its groups', async () => {
    const { doc } = await json(['compare', BASE, slices('candidate-worse.csv'), '--group-by', 'label']);
    expect(doc.models.map((m: Json) => m.groups.groups.length)).toEqual([3, 3]);
    const table = (await run(['compare', BASE, slices('candidate-worse.csv'), '--group-by', 'label', '-q'])).stdout;
    expect(table).toMatch(/candidate-worse: By label/);
  });
});

describe('temperature --group-by', () => {
  it('the global T leaves site C miscalibrated; --fit-per-group fits it its own', async () => {
    const global = await json(['temperature', SITES, '--group-by', 'site']);
    const own = await json(['temperature', SITES, '--group-by', 'site', '--fit-per-group']);
    const ece = (doc: Json, site: string) => doc.groups.after.groups.find((g: Json) => g.key.site === site).metrics.ece;
    expect(global.doc.groups.fit).toBe('global');
    expect(own.doc.groups.fit).toBe('per-group');
    expect(ece(own.doc, 'C')).toBeLessThan(ece(global.doc, 'C') / 2);
    const d = own.doc.groups.temperatures.find((t: Json) => t.key.site === 'D');
    expect(d).toEqual({ key: { site: 'D' }, temperature: own.doc.temperature, fit_rows: null });
    expect((await run(['temperature', SITES, '--fit-per-group'])).code).toBe(2);
  });

  it('--fit-per-group --write scales each row by its group\'s T (the global T for a small group)', async () => {
    const out = join(tempDir(), 'calibrated.csv');
    const { code, doc } = await json(['temperature', SITES, '--group-by', 'site', '--fit-per-group', '--write', out]);
    expect(code).toBe(0);
    const tOf = new Map<string, number>(doc.groups.temperatures.map((t: Json) => [t.key.site, t.temperature]));
    expect(tOf.get('C')).not.toBeCloseTo(doc.temperature, 2);
    const input = readFileSync(SITES, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const written = readFileSync(out, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(written).toHaveLength(input.length);
    const seen = new Set<string>();
    input.forEach((cells, i) => {
      const site = cells[1]!;
      if (seen.has(site)) return;
      seen.add(site);
      const logs = cells.slice(3).map((v) => Math.log(Number(v)) / tOf.get(site)!);
      const m = Math.max(...logs);
      const e = logs.map((v) => Math.exp(v - m));
      const sum = e.reduce((a, b) => a + b, 0);
      const got = written[i]!.slice(-3).map(Number);
      e.forEach((v, k) => expect(got[k]).toBeCloseTo(v / sum, 12));
    });
    expect([...seen].sort()).toEqual(['A', 'B', 'C', 'D']);
  });
});
