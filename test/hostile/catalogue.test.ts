/**
 * The catalogue of bad input (README, "When the input is wrong"): every entry is run through the
 * real binary in a temporary directory, and must exit 2 with exactly the message users see, a
 * hint, and no stack trace. The same cases, with these messages, are the README's table.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { binPath } from '../helpers/cli.js';

const gz = gzipSync(Buffer.from('p_a,p_b,label\n' + '0.25,0.75,1\n'.repeat(2000)));

type Case = [name: string, content: string | Buffer | null | undefined, extra?: string[], fileName?: string];
const CATALOGUE: Array<{ case: Case; error: string; hint: string }> = [
  { case: ['truncated last line', 'p_a,p_b,p_c,label\n0.2,0.3,0.5,2\n0.6,0.3'], error: "calib: error: preds.csv:3: row has 2 fields, the header has 4.", hint: "  hint: The line may be truncated; re-export the file or remove the line." },
  { case: ['ragged row (extra field)', 'p_a,p_b,label\n0.2,0.8,1\n0.6,0.4,0,7\n'], error: "calib: error: preds.csv:3: row has 4 fields, the header has 3.", hint: "  hint: A field may contain an unquoted delimiter; quote it or remove the extra field." },
  { case: ['NaN score', 'z_a,z_b,label\n1.5,-0.5,0\nNaN,0.3,1\n'], error: "calib: error: preds.csv:3: column \"z_a\": \"NaN\" is not a finite number.", hint: "  hint: NaN or infinite scores usually come from a diverged model; fix the export or drop those rows." },
  { case: ['infinite score', 'z_a,z_b,label\n1.5,-0.5,0\n0.2,-inf,1\n'], error: "calib: error: preds.csv:3: column \"z_b\": \"-inf\" is not a finite number.", hint: "  hint: NaN or infinite scores usually come from a diverged model; fix the export or drop those rows." },
  { case: ['empty cell', 'z_a,z_b,label\n1.5,-0.5,0\n0.2,,1\n'], error: "calib: error: preds.csv:3: column \"z_b\": the cell is empty.", hint: "  hint: Every score and label must be filled in." },
  { case: ['decimal comma', 'p_a;p_b;label\n0,25;0,75;1\n'], error: "calib: error: preds.csv:2: column \"p_a\": \"0,25\" is not a number.", hint: "  hint: This looks like a decimal comma: export numbers with a decimal point." },
  { case: ['thousands separator', 'z_a,z_b,label\n"1,234.5",0.5,0\n'], error: "calib: error: preds.csv:2: column \"z_a\": \"1,234.5\" is not a number.", hint: "  hint: This looks like a thousands separator: export plain numbers." },
  { case: ['text in a score column', 'z_a,z_b,label\n1.5,-0.5,0\n0.1,0.2,1\nhigh,0.3,1\n'], error: "calib: error: preds.csv:4: column \"z_a\": \"high\" is not a number.", hint: "  hint: Every score must be a plain decimal number; fix or drop the row." },
  { case: ['label index outside the classes', 'p_cat,p_dog,p_fox,label\n0.2,0.3,0.5,2\n0.6,0.3,0.1,7\n'], error: "calib: error: preds.csv:3: column \"label\": label \"7\" is not one of the classes (\"cat\", \"dog\", \"fox\"; or indices 0..2).", hint: "  hint: Labels must be class indices 0..K-1 or class names matching the score columns." },
  { case: ['label name outside the classes', 'p_cat,p_dog,p_fox,label\n0.2,0.3,0.5,fox\n0.6,0.3,0.1,wolf\n'], error: "calib: error: preds.csv:3: column \"label\": label \"wolf\" is not one of the classes (\"cat\", \"dog\", \"fox\"; or indices 0..2).", hint: "  hint: Labels must be class indices 0..K-1 or class names matching the score columns." },
  { case: ['duplicate header name', 'p_a,p_a,label\n0.5,0.5,0\n'], error: "calib: error: preds.csv:1: the header names column \"p_a\" twice (columns 1 and 2).", hint: "  hint: Rename one of the columns so every name is unique." },
  { case: ['empty header name', 'p_a,,label\n0.5,0.5,0\n'], error: "calib: error: preds.csv:1: column 2 has an empty name.", hint: "  hint: Give every column a header name, or remove the unnamed column (pandas writes one for its index unless to_csv gets index=False)." },
  { case: ['no label column', 'p_a,p_b,p_c\n0.2,0.3,0.5\n'], error: "calib: error: preds.csv:1: no label column found among \"p_a\", \"p_b\", \"p_c\".", hint: "  hint: Name it label, y, y_true, target, true_label, class or ground_truth, or pass --label COLUMN." },
  { case: ['a single class', 'score,label\n0.3,cat\n0.9,cat\n'], error: "calib: error: preds.csv: column \"label\": every label is \"cat\", so calib cannot tell whether it is the positive class.", hint: "  hint: Pass --positive \"cat\" if it is the class the score column predicts, or --positive with the other class name." },
  { case: ['header but no rows', 'p_a,p_b,label\n'], error: "calib: error: preds.csv:1: the file has a header but no data rows.", hint: "  hint: Export at least one prediction row below the header." },
  { case: ['empty file', ''], error: "calib: error: preds.csv: the file is empty.", hint: "  hint: Export a header line and one row per example." },
  { case: ['probability outside [0, 1] (--kind probs)', 'p_a,p_b,label\n0.2,0.8,1\n1.2,-0.2,0\n', ['--kind', 'probs']], error: "calib: error: preds.csv:3: column \"p_a\": probability 1.2 is outside [0, 1].", hint: "  hint: If these are logits, pass --kind logits." },
  { case: ['row sum off (--kind probs)', 'p_a,p_b,label\n0.2,0.8,1\n0.5,0.3,0\n', ['--kind', 'probs']], error: "calib: error: preds.csv:3: probabilities sum to 0.8, not 1 (tolerance 1e-3).", hint: "  hint: Pass --renormalize to divide each row by its sum, or --kind logits if these are logits." },
  { case: ['damaged probabilities (auto)', 'p_a,p_b,label\n0.2,0.8,1\n0.3,0.7,0\n0.5,0.3,0\n'], error: "calib: error: preds.csv:4: cannot tell logits from probabilities: 2 of 3 rows look like probabilities, but this row does not (values 0.5, 0.3, sum 0.8).", hint: "  hint: Pass --kind probs (with --renormalize) or --kind logits to say which." },
  { case: ['binary column neither probabilities nor logits', 'predicted,label\n3,1\n7,0\n12,1\n'], error: "calib: error: preds.csv:2: column \"predicted\": binary score 3 is neither a probability nor a plausible logit: every value in the column is a whole number, as in a predicted class or a count.", hint: "  hint: A single score column must hold P(y=1) in [0, 1] or its logit; pass --scores to pick the right column, or --kind logits if these really are logits." },
  { case: ['UTF-16 file', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('p_a,p_b,label\n0.5,0.5,0\n', 'utf16le')])], error: "calib: error: preds.csv: looks like UTF-16 text; calib reads UTF-8.", hint: "  hint: Re-save the file as UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8 in.csv > out.csv`)." },
  { case: ['truncated gzip', gz.subarray(0, Math.floor(gz.length / 2)), [], 'preds.csv.gz'], error: "calib: error: preds.csv.gz: the gzip data is damaged or truncated (unexpected end of file).", hint: "  hint: Re-export or re-download the file; `gzip -t FILE` confirms the damage." },
  { case: ['a directory', null], error: "calib: error: preds.csv: is a directory, not a CSV file.", hint: "  hint: Name a CSV file (or - for stdin)." },
  { case: ['a missing file', undefined], error: "calib: error: preds.csv: cannot read the file: no such file.", hint: "  hint: Check the path and its permissions." },
];

/** Runs `calib <command> <file>` with the file in a fresh directory (null: a directory there; undefined: nothing). */
function runCase([, content, extra = [], fileName = 'preds.csv']: Case, command = 'report'): { code: number; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'calib-catalogue-'));
  if (content === null) mkdirSync(join(dir, fileName));
  else if (content !== undefined) writeFileSync(join(dir, fileName), content);
  const result = spawnSync(process.execPath, [binPath, command, fileName, ...extra], {
    cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1' },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

describe('every catalogued input problem: exit 2, the exact message, a hint, no stack trace', () => {
  it.each(CATALOGUE.map((entry) => [entry.case[0], entry] as const))('%s', (_name, entry) => {
    const { code, stdout, stderr } = runCase(entry.case);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.split('\n');
    expect(lines).toContain(entry.error);
    expect(lines[lines.indexOf(entry.error) + 1]).toBe(entry.hint);
    expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});

describe('messy input that is fine: read right, not refused', () => {
  const plain = 'p_a,p_b,p_c,label\n0.7,0.2,0.1,0\n0.1,0.6,0.3,2\n0.3,0.3,0.4,2\n';
  const metricsOf = (content: string | Buffer): Record<string, number> => {
    const { code, stdout } = runCase(['', content, ['--format', 'json', '-q']]);
    expect(code).toBe(0);
    return JSON.parse(stdout).metrics;
  };
  it('Windows line endings and a UTF-8 byte order mark give the same numbers as the plain file', () => {
    const expected = metricsOf(plain);
    expect(metricsOf(plain.replace(/\n/g, '\r\n'))).toEqual(expected);
    expect(metricsOf(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(plain)]))).toEqual(expected);
  });
  it('all-identical scores: uniform probabilities, lowest index predicted, NLL = log K', () => {
    const m = metricsOf('z_a,z_b,z_c,label\n2,2,2,0\n2,2,2,1\n');
    expect(m.accuracy).toBe(0.5);
    expect(m.nll).toBeCloseTo(Math.log(3), 15);
  });
  it('logits of 1e300 and -1e300: no overflow, no NaN, exact NLL', () => {
    const m = metricsOf('z_a,z_b,label\n1e300,-1e300,0\n-1e300,1e300,0\n');
    for (const value of Object.values(m)) expect(Number.isFinite(value)).toBe(true);
    expect(m.nll).toBe(1e300); // (0 + 2e300) / 2
  });
});

describe('usage errors: exit 2, one line, the closest flag suggested', () => {
  const good = 'p_a,p_b,label\n0.5,0.5,0\n';
  it('unknown flag', () => {
    const { code, stderr } = runCase(['', good, ['--bin', '5']]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^calib: error: unknown option '--bin'\n\(Did you mean --bins\?\)/);
  });
  it.each([['--bins', '0'], ['--bins', 'many'], ['--prob-floor', '-1'], ['--kind', 'odds']])('%s %s', (flag, value) => {
    const { code, stderr } = runCase(['', good, [flag, value]]);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toMatch(new RegExp(`^calib: error: option '${flag}`));
  });
  it('smoothing --alpha 1', () => {
    const { code, stderr } = runCase(['', good, ['--alpha', '1']], 'smoothing');
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toMatch(/--alpha.*"1" is not a smoothing amount in \[0, 1\)/);
  });
});
