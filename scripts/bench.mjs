#!/usr/bin/env node
// calib's benchmark: wall time, throughput and peak memory of `calib report` and
// `calib temperature` on seeded synthetic logits files, next to the pandas + numpy (+ scipy)
// baseline when Debian's python3-pandas and python3-scipy are installed.
//
//   npm run bench                         # the default sizes below
//   npm run bench -- --sizes 50000x1000   # one size (rows x classes); several: comma-separated
//   npm run bench -- --binary 0           # leave out the 50,000,000-row binary file (about 1 GB)
//   npm run bench -- --file preds.csv     # an existing file (label column named "label")
//   npm run bench -- --large 1            # add the 10,000,000 x 10 file (about 1 GB; its pandas
//                                         # temperature alone takes one to two minutes here)
//   npm run bench -- --scaling 0          # leave out the thread-scaling runs (--threads 1 vs default)
//
// Tasks: `report` and `temperature --in-sample` through the real binary, each timed next to its
// pandas baseline, `report` also next to DuckDB's (read_csv and one SQL query: accuracy, NLL,
// 15-bin ECE), and `report --calibration-tests` on the 1,000,000-row file (no baseline). The
// ratio columns are calib's time over pandas' and over the faster of the two baselines.
// Thread scaling: `report` and `temperature --in-sample` on 1,000,000 x 10 and 50,000 x 1,000
// with `--threads 1` and with the default (every core), run in turn, and the speed-up.
// Each logits file is also written as .npy (numpy) and Parquet (DuckDB), and `report` on those
// is timed next to numpy (np.load + the metrics) and to DuckDB (one SQL query over the file).
//
//   npm run bench -- --shards 100        # the summary case (below) instead of the rest
//
// The summary case (`--shards N`, opt-in): N Parquet shards of `--shard-rows` rows each (default
// 1,000,000) of binary (`--shard-kind binary`, the default) or 10-class logits (`multiclass`) under
// .bench/shards-<kind>-<rows>/, then `calib summarize` over them by P parallel processes
// (`--processes 1,2`: each takes a contiguous run of shards and writes one summary) plus the merge
// (`calib report --from-summary`), against one `calib report` over the whole directory. The shards
// are written once and reused; check the free disk first (100 x 1,000,000 binary rows is ~1.3 GB).
//
// Files are written once to .bench/ (gitignored) and reused. Peak memory is the child's maximum
// resident set size, from /usr/bin/time when present, else by polling /proc/PID/status.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, statSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, '.bench');
const args = process.argv.slice(2);
const option = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const large = option('--large', '0') !== '0';
const sizes = option('--sizes', `100000x100,1000000x10,50000x1000${large ? ',10000000x10' : ''}`).split(',').map((s) => s.split('x').map(Number));
const given = option('--file');
const binaryRows = Number(option('--binary', given ? '0' : '50000000'));
const shardCount = option('--shards') === undefined ? undefined : Number(option('--shards'));

/** Seeded synthetic logits, 6 decimals, label first (the shape of the issue's measurements). */
async function generate(rows, classes) {
  mkdirSync(benchDir, { recursive: true });
  const path = join(benchDir, `logits-${rows}x${classes}.csv`);
  if (existsSync(path)) return path;
  process.stderr.write(`bench: writing ${path}...\n`);
  let s = 12345;
  const random = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const out = createWriteStream(path);
  const write = (text) => new Promise((resolve) => (out.write(text) ? resolve() : out.once('drain', resolve)));
  await write(['label', ...Array.from({ length: classes }, (_, k) => `logit_${k}`)].join(',') + '\n');
  let chunk = [];
  for (let i = 0; i < rows; i++) {
    const label = Math.floor(random() * classes);
    const z = new Array(classes);
    for (let k = 0; k < classes; k++) z[k] = ((random() - 0.5) * 8 + (k === label && random() < 0.8 ? 6 : 0)).toFixed(6);
    chunk.push(`${label},${z.join(',')}`);
    if (chunk.length === 1000) { await write(chunk.join('\n') + '\n'); chunk = []; }
  }
  if (chunk.length) await write(chunk.join('\n') + '\n');
  await new Promise((resolve) => out.end(resolve));
  return path;
}

/**
 * A binary file: `id,label,p_1` (an index column, 0/1 labels, P(y = 1) with 8 decimals), about
 * 22 bytes a row. Written in large blocks: 50 million rows take a minute or two.
 */
async function generateBinary(rows) {
  mkdirSync(benchDir, { recursive: true });
  const path = join(benchDir, `binary-${rows}.csv`);
  if (existsSync(path)) return path;
  process.stderr.write(`bench: writing ${path}...\n`);
  let s = 777;
  const random = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const out = createWriteStream(path);
  const write = (text) => new Promise((resolve) => (out.write(text) ? resolve() : out.once('drain', resolve)));
  await write('id,label,p_1\n');
  let block = '';
  for (let i = 0; i < rows; i++) {
    const q = random();
    block += `${i},${random() < q ? 1 : 0},${q.toFixed(8)}\n`;
    if (block.length > 1 << 20) { await write(block); block = ''; }
  }
  await write(block);
  await new Promise((resolve) => out.end(resolve));
  return path;
}

/** A 100-row file for the start-up time. */
async function generateSmall() {
  return generate(100, 10);
}

const hasGnuTime = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status === 0;

/** Runs a command; returns wall seconds and peak RSS in MB. */
function measure(command, commandArgs) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const argv = hasGnuTime ? ['/usr/bin/time', ['-f', '__maxrss_kb=%M', command, ...commandArgs]] : [command, commandArgs];
    const child = spawn(argv[0], argv[1], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let peakKb = 0;
    child.stderr.on('data', (d) => { stderr += d; });
    const poll = hasGnuTime ? undefined : setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch { /* the process has ended */ }
    }, 20);
    child.on('close', (code) => {
      if (poll) clearInterval(poll);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const m = /__maxrss_kb=(\d+)/.exec(stderr);
      if (m) peakKb = Number(m[1]);
      if (code !== 0) reject(new Error(`${command} ${commandArgs.join(' ')} exited ${code}:\n${stderr}`));
      else resolve({ seconds, peakMb: peakKb / 1024 });
    });
  });
}

const python = '/usr/bin/python3';
const hasPandas = existsSync(python) && spawnSync(python, ['-c', 'import pandas, scipy']).status === 0;
const calib = join(root, 'bin', 'calib.js');
const baseline = join(root, 'scripts', 'bench', 'pandas_baseline.py');

const files = given ? [given] : [];
if (!given && shardCount === undefined) for (const [rows, classes] of sizes) files.push(await generate(rows, classes));
if (binaryRows > 0 && shardCount === undefined) files.push(await generateBinary(binaryRows));

const hasNumpy = existsSync(python) && spawnSync(python, ['-c', 'import numpy, pandas']).status === 0;
const hasDuckdb = existsSync(join(root, 'node_modules', '@duckdb', 'node-api'));
const duckdbBaseline = join(root, 'scripts', 'bench', 'duckdb_baseline.mjs');
const ratio = (ours, theirs) => (theirs ? (ours.seconds / theirs.seconds).toFixed(2) : '–');
/** calib's time over the faster of the baselines that ran. */
const ratioToFaster = (ours, ...baselines) => {
  const times = baselines.filter(Boolean).map((b) => b.seconds);
  return times.length ? (ours.seconds / Math.min(...times)).toFixed(2) : '–';
};

/**
 * The .npy (logits and labels, float64 C order, written by numpy) and Parquet (snappy, scalar
 * columns, written by DuckDB) versions of a bench CSV, in .bench/ beside it; undefined for a
 * format whose writer is missing.
 */
async function otherFormats(csv) {
  const base = csv.replace(/\.csv$/, '');
  const npy = { logits: `${base}.npy`, labels: `${base}-labels.npy` };
  const parquet = `${base}.parquet`;
  if (hasNumpy && !existsSync(npy.logits)) {
    process.stderr.write(`bench: writing ${npy.logits}...\n`);
    spawnSync(python, [join(root, 'scripts', 'bench', 'write_npy.py'), csv, npy.logits, npy.labels], { stdio: 'inherit' });
  }
  if (hasDuckdb && !existsSync(parquet)) {
    process.stderr.write(`bench: writing ${parquet}...\n`);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const sql = await db.connect();
    await sql.run(`COPY (SELECT * FROM read_csv('${csv}', header = true)) TO '${parquet}' (FORMAT parquet, COMPRESSION snappy)`);
    sql.closeSync();
  }
  return { npy: existsSync(npy.logits) ? npy : undefined, parquet: existsSync(parquet) ? parquet : undefined };
}


/** Seeded shards as Parquet (hyparquet-writer): binary `label,p_1` or 10-class `label,logit_0..9`. */
async function writeShards(count, rows, kind) {
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  const { writeFileSync } = await import('node:fs');
  const dir = join(benchDir, `shards-${kind}-${rows}`);
  mkdirSync(dir, { recursive: true });
  const classes = kind === 'binary' ? 1 : 10;
  for (let shard = 0; shard < count; shard++) {
    const path = join(dir, `part-${String(shard).padStart(5, '0')}.parquet`);
    if (existsSync(path)) continue;
    let s = 1000 + shard;
    const random = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
    const label = new Int32Array(rows);
    const scores = Array.from({ length: classes }, () => new Float64Array(rows));
    for (let i = 0; i < rows; i++) {
      if (kind === 'binary') {
        const q = Math.round(random() * 1e8) / 1e8;
        scores[0][i] = q;
        label[i] = random() < q ? 1 : 0;
      } else {
        const y = Math.floor(random() * 10);
        label[i] = y;
        for (let k = 0; k < 10; k++) scores[k][i] = (random() - 0.5) * 8 + (k === y && random() < 0.8 ? 6 : 0);
      }
    }
    const names = kind === 'binary' ? ['p_1'] : Array.from({ length: 10 }, (_, k) => `logit_${k}`);
    const buffer = parquetWriteBuffer({
      columnData: [{ name: 'label', data: label, type: 'INT32', nullable: false },
        ...names.map((name, k) => ({ name, data: scores[k], type: 'DOUBLE', nullable: false }))],
    });
    writeFileSync(path, new Uint8Array(buffer));
    if (shard % 10 === 9) process.stderr.write(`bench: wrote ${shard + 1} of ${count} shards to ${dir}\n`);
  }
  return { dir, files: Array.from({ length: count }, (_, shard) => join(dir, `part-${String(shard).padStart(5, '0')}.parquet`)) };
}

/** The summary case: P processes summarizing the shards + the merge, against one report over all. */
async function shardBench(count) {
  const rows = Number(option('--shard-rows', '1000000'));
  const kind = option('--shard-kind', 'binary');
  const processes = option('--processes', '1,2').split(',').map(Number);
  const { dir, files } = await writeShards(count, rows, kind);
  const out = join(benchDir, `summaries-${kind}-${rows}-${count}`);
  mkdirSync(out, { recursive: true });
  const lines = [];
  const say = (line) => { lines.push(line); process.stderr.write(`bench: ${line}\n`); };
  const mb = files.reduce((n, f) => n + statSync(f).size, 0) / 1e6;
  say(`${count} shards x ${rows.toLocaleString('en-US')} ${kind} rows (${(count * rows).toLocaleString('en-US')} rows, ${mb.toFixed(0)} MB Parquet) in ${dir.replace(`${root}/`, '')}`);
  const results = {};
  for (const p of processes) {
    const start = process.hrtime.bigint();
    const runs = Array.from({ length: p }, (_, i) => {
      const mine = files.slice(Math.floor((i * count) / p), Math.floor(((i + 1) * count) / p));
      return measure(process.execPath, [calib, 'summarize', ...mine, '--threads', '1', '-o', join(out, `p${p}-${i}.summary.json`), '-q']);
    });
    const measured = await Promise.all(runs);
    const summarizeSeconds = Number(process.hrtime.bigint() - start) / 1e9;
    const merge = await measure(process.execPath, [calib, 'report', '--from-summary', ...Array.from({ length: p }, (_, i) => join(out, `p${p}-${i}.summary.json`)), '--format', 'json', '-q']);
    results[p] = summarizeSeconds + merge.seconds;
    say(`summarize by ${p} process${p === 1 ? '' : 'es'}: ${summarizeSeconds.toFixed(1)} s (peak ${Math.max(...measured.map((m) => m.peakMb)).toFixed(0)} MB a process) + merge and report ${merge.seconds.toFixed(2)} s = ${results[p].toFixed(1)} s`);
  }
  const whole = await measure(process.execPath, [calib, 'report', dir, '--format', 'json', '-q']);
  say(`one calib report over the directory: ${whole.seconds.toFixed(1)} s (peak ${whole.peakMb.toFixed(0)} MB)`);
  for (const p of processes) say(`P = ${p}: ${(whole.seconds / results[p]).toFixed(2)}x the single report's speed`);
  console.log(lines.join('\n'));
}

if (shardCount !== undefined) {
  await shardBench(shardCount);
  process.exit(0);
}

const table = [['file', 'MB', 'task', 'calib s', 'calib MB/s', 'calib peak MB', 'pandas s', 'pandas peak MB', 'duckdb s', 'duckdb peak MB',
  'vs pandas', 'vs faster']];
const cells = (theirs) => [theirs ? theirs.seconds.toFixed(2) : '–', theirs ? theirs.peakMb.toFixed(0) : '–'];
for (const file of files) {
  const mb = statSync(file).size / 1e6;
  const binary = file.includes('binary-');
  // The binary file's first column is a row id: --ignore it, as a user would (it is numeric, so
  // calib would otherwise read it as a second score column, with a warning).
  const layout = binary ? ['--ignore', 'id'] : [];
  // Every estimator with the calibration tests (issue: "a few seconds on a million rows"): on the
  // file with the most rows, without a pandas counterpart.
  const tasks = binary ? ['report'] : ['report', 'temperature', ...(file.includes('1000000x') ? ['report --calibration-tests'] : [])];
  for (const task of tasks) {
    const calibArgs = task === 'report' ? [calib, 'report', file, ...layout, '--format', 'json', '-q']
      : task === 'temperature' ? [calib, 'temperature', file, ...layout, '--in-sample', '--format', 'json', '-q']
        : [calib, 'report', file, ...layout, '--calibration-tests', '--format', 'json', '-q'];
    const ours = await measure(process.execPath, calibArgs);
    const theirs = hasPandas && !task.includes('--calibration-tests')
      ? await measure(python, [baseline, task === 'temperature' ? task : 'report', file, binary ? 'binary' : 'wide']) : undefined;
    // DuckDB has no one-query temperature fit: `report` only.
    const duckLayout = binary ? 'binary' : String(/x(\d+)\.csv$/.exec(file)?.[1] ?? '');
    const duck = hasDuckdb && task === 'report' && duckLayout !== '' ? await measure(process.execPath, [duckdbBaseline, file, duckLayout]) : undefined;
    table.push([
      file.replace(`${root}/`, ''), mb.toFixed(0), task, ours.seconds.toFixed(2), (mb / ours.seconds).toFixed(0), ours.peakMb.toFixed(0),
      ...cells(theirs), ...cells(duck), ratio(ours, theirs), ratioToFaster(ours, theirs, duck),
    ]);
    process.stderr.write(`bench: ${table.at(-1).join('  ')}\n`);
  }
  // The same data as .npy (baseline: numpy, np.load and the metrics) and as Parquet (baseline:
  // DuckDB's one SQL query); the baseline columns say which.
  if (binary || given) continue;
  const classes = Number(/x(\d+)\.csv$/.exec(file)?.[1]);
  const { npy, parquet } = await otherFormats(file);
  const row = async (path, calibArgs, baselineCommand, baselineArgs, what) => {
    const size = statSync(path).size / 1e6;
    const ours = await measure(process.execPath, calibArgs);
    const theirs = baselineCommand ? await measure(baselineCommand, baselineArgs) : undefined;
    // The baseline's time goes in the column of what it is: numpy under pandas, DuckDB under duckdb.
    const numpy = what === 'vs numpy';
    table.push([
      path.replace(`${root}/`, ''), size.toFixed(0), `report (${what})`, ours.seconds.toFixed(2), (size / ours.seconds).toFixed(0), ours.peakMb.toFixed(0),
      ...cells(numpy ? theirs : undefined), ...cells(numpy ? undefined : theirs), numpy ? ratio(ours, theirs) : '–', ratioToFaster(ours, theirs),
    ]);
    process.stderr.write(`bench: ${table.at(-1).join('  ')}\n`);
  };
  if (npy) {
    await row(npy.logits, [calib, 'report', npy.logits, '--labels', npy.labels, '--format', 'json', '-q'],
      python, [join(root, 'scripts', 'bench', 'numpy_baseline.py'), npy.logits, npy.labels], 'vs numpy');
  }
  if (parquet) {
    await row(parquet, [calib, 'report', parquet, '--format', 'json', '-q'],
      process.execPath, [duckdbBaseline, parquet, classes], 'vs DuckDB');
  }
}

/**
 * Thread scaling: each task with `--threads 1` and with the default (every core), in turn, three
 * times; medians. Only on the sizes the run has.
 */
const scaling = [];
if (option('--scaling', '1') !== '0' && !given) {
  const threads = (await import('node:os')).availableParallelism();
  for (const file of files.filter((f) => /logits-(1000000x10|50000x1000)\.csv$/.test(f))) {
    for (const task of ['report', 'temperature']) {
      const taskArgs = task === 'report' ? ['report', file] : ['temperature', file, '--in-sample'];
      const one = [];
      const all = [];
      for (let i = 0; i < 3; i++) {
        one.push((await measure(process.execPath, [calib, ...taskArgs, '--threads', '1', '--format', 'json', '-q'])).seconds);
        all.push((await measure(process.execPath, [calib, ...taskArgs, '--format', 'json', '-q'])).seconds);
      }
      const median = (xs) => xs.sort((a, b) => a - b)[1];
      scaling.push(`${file.replace(`${root}/`, '')} ${task}: --threads 1 ${median(one).toFixed(2)} s, ${threads} threads (default) ${median(all).toFixed(2)} s, speed-up ${(median(one) / median(all)).toFixed(2)}x`);
      process.stderr.write(`bench: ${scaling.at(-1)}\n`);
    }
  }
}
/**
 * Start-up: medians of 11 runs of each command, taken in turn (node -e 0, --help, a 100-row
 * report, again), so that a busy moment of a shared machine falls on all three alike.
 */
async function startupMedians(commands) {
  const runs = commands.map(() => []);
  for (let i = 0; i < 11; i++) {
    for (const [c, [command, commandArgs]] of commands.entries()) runs[c].push((await measure(command, commandArgs)).seconds);
  }
  return runs.map((r) => r.sort((a, b) => a - b)[5]);
}
const smallFile = await generateSmall();
const [nodeStartup, startup, small] = await startupMedians([
  [process.execPath, ['-e', '0']], [process.execPath, [calib, '--help']], [process.execPath, [calib, 'report', smallFile, '-q']],
]);
const ms = (seconds) => (seconds * 1000).toFixed(0);
const widths = table[0].map((_, c) => Math.max(...table.map((r) => String(r[c]).length)));
console.log(table.map((r) => r.map((v, c) => String(v).padStart(widths[c])).join('  ')).join('\n'));
if (scaling.length) console.log(`\nthread scaling (medians of 3, in turn):\n${scaling.join('\n')}`);
console.log(`\ncalib --help: ${ms(startup)} ms (node -e 0 + ${ms(startup - nodeStartup)}), calib report on 100 rows: ${ms(small)} ms (node -e 0 + ${ms(small - nodeStartup)}, ${(small / nodeStartup).toFixed(2)}x; goal: + 100), node -e 0 alone: ${ms(nodeStartup)} ms (wall, medians of 11 in turn); node ${process.version}; ${hasPandas ? 'pandas baseline: Debian python3' : 'pandas baseline skipped (no python3-pandas/python3-scipy)'}`);
