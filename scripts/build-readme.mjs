#!/usr/bin/env node
// Builds README.md from docs/readme/README.template.md: every example output in the README is
// produced here by running the real binary on the bundled fixtures, so the manual cannot drift
// from what calib prints. Run `npm run readme` after changing any output (it builds first).
//
// Placeholders: {{REPORT}} / {{REPORT_ERR}} (stdout / stderr of a report), {{REPORT_JSON}},
// {{TEMP}}, {{SMOOTH}}, {{CALIBRATION_TESTS}}; {{RUN: args}} is the stdout of `calib args` and {{RUN+EXIT: args}} the
// same followed by `exit N`; {{RUN+STDERR: args}} a run that must exit 2 (stdout, stderr, `exit 2`);
// {{RUN+NOTES: args}} the stderr of a run that succeeds; {{DO: args}} runs and inserts nothing;
// {{FILE:name.md}} inserts docs/readme/name.md (which may hold
// placeholders of its own; excerpts there, such as one JSON check, are copied from real runs).
// The pictures in docs/images/ are drawn here too, by the commands the README shows beside them.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const docs = join(root, 'docs', 'readme');
const env = { ...process.env, NO_COLOR: '1', COLUMNS: '80' };

/** Runs calib; exit codes 0 and 1 (a failed check) are results, anything else is a broken example (unless `expected` lists it). */
function run(args, expected = [0, 1]) {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'calib.js'), ...args], { cwd: root, env, encoding: 'utf8' });
  if (!expected.includes(result.status)) throw new Error(`calib ${args.join(' ')} exited with ${result.status}:\n${result.stderr}`);
  return { stdout: result.stdout.replace(/\n+$/, ''), stderr: result.stderr.replace(/\n+$/, ''), status: result.status };
}

/** The README's pictures: each command is quoted next to its picture, and run here as written. */
const PICTURES = [
  'report fixtures/digits-gnb-probs.csv --plot docs/images/reliability.svg',
  'report fixtures/breast-cancer-logreg-probs.csv --diagram corp --plot docs/images/corp.svg',
  'compare gnb=fixtures/digits-gnb-probs.csv knn=fixtures/digits-knn-probs.csv forest=fixtures/digits-forest-probs.csv --plot docs/images/compare.svg',
];

const scratch = mkdtempSync(join(tmpdir(), 'calib-readme-'));
try {
  mkdirSync(join(root, 'docs', 'images'), { recursive: true });
  for (const picture of PICTURES) run([...picture.split(' '), '-q', '--format', 'json']);
  const report = run(['report', 'fixtures/digits-gnb-probs.csv']);
  const written = join(scratch, 'test.calibrated.csv');
  const temperature = run(['temperature', 'fixtures/digits-mlp-val.csv', '--apply', 'fixtures/digits-mlp-test.csv', '--write', written]);
  const smoothing = run(['smoothing', 'fixtures/digits-logreg-logits.csv', '--alpha', '0.05,0.1', '-q']);
  const json = JSON.parse(run(['report', 'fixtures/breast-cancer-logreg-probs.csv', '--format', 'json', '-q']).stdout);
  json.bins = [...json.bins.slice(0, 2), '...'];
  json.bin_intervals.intervals = [...json.bin_intervals.intervals.slice(0, 2), '...'];
  // The calibration-tests block of a table report (binary file: all three tests).
  const tests = run(['report', 'fixtures/breast-cancer-logreg-probs.csv', '--calibration-tests', '--no-diagram', '-q']).stdout;
  const testsBlock = tests.slice(tests.indexOf('Calibration tests'), tests.indexOf('\n\n', tests.indexOf('Calibration tests')));

  const values = {
    REPORT: report.stdout,
    REPORT_ERR: report.stderr,
    TEMP: temperature.stdout.replaceAll(written, 'test.calibrated.csv'),
    SMOOTH: smoothing.stdout,
    CALIBRATION_TESTS: testsBlock,
    REPORT_JSON: JSON.stringify(json, null, 2).replaceAll('"..."', '...'),
  };
  let text = readFileSync(join(docs, 'README.template.md'), 'utf8');
  for (const picture of PICTURES) {
    if (!text.includes(`calib ${picture}`)) throw new Error(`the README does not show the command of a picture: calib ${picture}`);
  }
  text = text.replace(/\{\{FILE:([\w.-]+)\}\}/g, (_, name) => readFileSync(join(docs, name), 'utf8').trim());
  text = text.replace(/\{\{(RUN|DO)(\+EXIT|\+STDERR|\+NOTES)?: ([^}]+)\}\}/g, (_, what, extra, args) => {
    // +STDERR: a run that stops with exit 2; its stdout, then what it printed on stderr.
    // +NOTES: a run that succeeds, shown by what it printed on stderr (a command that writes a file).
    // DO: a run whose output is not shown (the README shows its command, and a later example reads what it wrote).
    const result = run(args.trim().split(/\s+/), extra === '+STDERR' ? [2] : what === 'DO' || extra === '+NOTES' ? [0] : [0, 1]);
    if (what === 'DO') return '';
    if (extra === '+NOTES') return result.stderr;
    if (extra === '+STDERR') return `${result.stdout}\n${result.stderr}\nexit ${result.status}`;
    return extra ? `${result.stdout}\nexit ${result.status}` : result.stdout;
  });
  text = text.replace(/\{\{([A-Z_]+)\}\}/g, (whole, key) => {
    if (!(key in values)) throw new Error(`unknown placeholder ${whole}`);
    return values[key];
  });
  writeFileSync(join(root, 'README.md'), text.replace(/\n{3,}/g, '\n\n'));
  process.stderr.write('README.md written\n');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
