/**
 * The catalogue of bad input (README, "When the input is wrong"). Every entry writes a small file
 * into a fresh temporary directory, runs `calib report FILE` in-process, and must exit 2 with
 * exactly the first error line users see, a hint line after it, and no stack trace. The messages
 * were copied from real runs; the README's table (with the file called preds.csv) is these rows.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { run, tempDir, tempFile } from '../helpers/cli.js';

const gz = gzipSync(Buffer.from('p_a,p_b,label\n' + '0.25,0.75,1\n'.repeat(2000)));

interface Entry {
  problem: string;
  /** File content; `dir` puts a directory at the path, `missing` leaves nothing there. */
  content: string | Buffer | 'dir' | 'missing';
  /** The first line of stderr, with `F` standing for the file path as given. */
  error: string;
  extra?: string[];
  name?: string;
}

const CATALOGUE: Entry[] = [
  { problem: 'truncated last line', content: 'p_a,p_b,p_c,label\n0.2,0.3,0.5,2\n0.6,0.3',
    error: 'F:3: row has 2 fields, the header has 4.' },
  { problem: 'ragged row (too many fields)', content: 'p_a,p_b,label\n0.2,0.8,1\n0.6,0.4,0,7\n',
    error: 'F:3: row has 4 fields, the header has 3.' },
  { problem: 'NaN cell', content: 'z_a,z_b,label\n1.5,-0.5,0\nNaN,0.3,1\n',
    error: 'F:3: column "z_a": "NaN" is not a finite number.' },
  { problem: 'Inf cell', content: 'z_a,z_b,label\n1.5,-0.5,0\n0.2,Inf,1\n',
    error: 'F:3: column "z_b": "Inf" is not a finite number.' },
  { problem: 'empty cell', content: 'z_a,z_b,label\n1.5,-0.5,0\n0.2,,1\n',
    error: 'F:3: column "z_b": the cell is empty.' },
  { problem: 'decimal comma with ; delimiter', content: 'p_a;p_b;label\n0,7;0,3;1\n',
    error: 'F:2: column "p_a": "0,7" is not a number.' },
  { problem: 'thousands separator in a logit', content: 'z_a,z_b,label\n"1,234.5",0.5,0\n',
    error: 'F:2: column "z_a": "1,234.5" is not a number.' },
  { problem: 'text in a score column on row 3', content: 'z_a,z_b,label\n1.5,-0.5,0\nhigh,0.3,1\n',
    error: 'F:3: column "z_a": "high" is not a number.' },
  { problem: 'label index outside the classes', content: 'p_cat,p_dog,p_fox,label\n0.2,0.3,0.5,2\n0.6,0.3,0.1,7\n',
    error: 'F:3: column "label": label "7" is not one of the classes ("cat", "dog", "fox"; or indices 0..2).' },
  { problem: 'label name outside the classes', content: 'p_cat,p_dog,p_fox,label\n0.2,0.3,0.5,fox\n0.6,0.3,0.1,wolf\n',
    error: 'F:3: column "label": label "wolf" is not one of the classes ("cat", "dog", "fox"; or indices 0..2).' },
  { problem: 'duplicate header names', content: 'p_a,p_a,label\n0.5,0.5,0\n',
    error: 'F:1: the header names column "p_a" twice (columns 1 and 2).' },
  { problem: 'empty header name (not the first column)', content: 'p_a,,label\n0.5,0.5,0\n',
    error: 'F:1: column "#2" holds numbers but is neither one of the score columns ("p_a") nor an id or a bookkeeping column of whole numbers; calib does not guess whether it is a score.' },
  { problem: 'a numeric column outside the score family', content: 'p_a,p_b,loss,label\n0.5,0.5,0.7,0\n',
    error: 'F:1: column "loss" holds numbers but is neither one of the score columns ("p_a", "p_b") nor an id or a bookkeeping column of whole numbers; calib does not guess whether it is a score.' },
  { problem: 'two families of score columns', content: 'p_a,p_b,logit_a,logit_b,label\n0.5,0.5,0,0,0\n',
    error: 'F:1: cannot tell which numeric columns are the scores; candidates: "p_a", "p_b" (columns named "p_*"); "logit_a", "logit_b" (columns named "logit_*").' },
  { problem: 'no header line (np.savetxt)', content: '0.25,0.75,1\n0.5,0.5,0\n',
    error: 'F:1: the first line holds only numbers ("0.25", "0.75", "1"): it looks like a data row, not a header.' },
  { problem: 'no label column', content: 'p_a,p_b,p_c\n0.2,0.3,0.5\n',
    error: 'F:1: no label column found among "p_a", "p_b", "p_c".' },
  { problem: 'a single class (one score column, every label the same name)', content: 'p_a,label\n0.3,a\n0.9,a\n',
    error: 'F: column "label": every label is "a", so calib cannot tell whether it is the positive class.' },
  { problem: 'one score column, three distinct labels', content: 'p_a,label\n0.3,a\n0.9,b\n0.5,c\n',
    error: 'F:4: column "label": label "c" is a third distinct label; a single score column needs two (seen so far: "a", "b").' },
  { problem: 'header only, zero data rows', content: 'p_a,p_b,label\n',
    error: 'F:1: the file has a header but no data rows.' },
  { problem: 'empty file', content: '',
    error: 'F: the file is empty.' },
  { problem: 'probability outside [0, 1] with --kind probs', content: 'p_a,p_b,label\n0.2,0.8,1\n1.2,-0.2,0\n', extra: ['--kind', 'probs'],
    error: 'F:3: column "p_a": probability 1.2 is outside [0, 1].' },
  { problem: 'row sum off with --kind probs', content: 'p_a,p_b,label\n0.2,0.8,1\n0.5,0.3,0\n', extra: ['--kind', 'probs'],
    error: 'F:3: probabilities sum to 0.8, not 1: values written with at most 1 decimal must sum to 1 within 0.1.' },
  { problem: 'damaged probabilities in auto mode', content: 'p_a,p_b,label\n0.2,0.8,1\n0.3,0.7,0\n0.5,0.3,0\n',
    error: 'F:4: cannot tell logits from probabilities: 2 of 3 rows look like probabilities (values in [0, 1] summing to 1), but this row does not (values 0.5, 0.3; sum 0.8, allowed 1 ± 0.1).' },
  { problem: 'logits that span more than the largest double', content: 'z_a,z_b,label\n1.5,-0.5,0\n1e308,-1e308,1\n',
    error: 'F:3: the logits of this row span more than the largest double (values 1e+308, -1e+308): their log-softmax, and so the NLL, cannot be represented.' },
  { problem: 'probabilities in percent', content: 'p_a,p_b,label\n20,80,1\n30,70,0\n55,45,0\n',
    error: 'F:2: 3 of 3 rows are in [0, 100] and sum to 100: these look like probabilities in percent, not logits (this row: values 20, 80; sum 100).' },
  { problem: 'a binary probability column in percent', content: 'y_prob,label\n20,1\n0.5,0\n97.5,1\n',
    error: 'F:2: column "y_prob": binary score 20 is outside [0, 1], and every value of the column is in [0, 100] and its name says probability: these look like percentages.' },
  { problem: 'a damaged binary probability column', content: 'prob,label\n0.2,1\n1.3,0\n-0.4,1\n',
    error: 'F:3: column "prob": binary score 1.3 is outside [0, 1], but its name says it holds probabilities: the column looks like damaged probabilities, not logits.' },
  { problem: 'score columns of non-negative whole numbers', content: 'a,b,label\n3,0,1\n7,2,0\n',
    error: 'F:2: every score is a non-negative whole number (first row: 3, 0): that is a count or a predicted class, not probabilities or logits.' },
  { problem: 'binary column of whole numbers (3, 7, 12)', content: 'score,label\n3,1\n7,0\n12,1\n',
    error: 'F:2: column "score": binary score 3 is neither a probability nor a plausible logit: every value in the column is a non-negative whole number, as in a predicted class or a count.' },
  { problem: 'UTF-16 file', content: Buffer.from('\ufeffa,b,label\n', 'utf16le'),
    error: 'F: looks like UTF-16 LE text (it starts with the byte order mark FF FE); calib reads UTF-8.' },
  { problem: 'an empty directory', content: 'dir',
    error: 'F: the directory holds no prediction files (names starting with _ or . and .crc files are skipped as bookkeeping).' },
  { problem: 'a missing file', content: 'missing',
    error: 'F: cannot read the file: no such file.' },
  { problem: 'truncated gzip', content: gz.subarray(0, Math.floor(gz.length / 2)), name: 'preds.csv.gz',
    error: 'F: the gzip data is damaged or truncated (unexpected end of file).' },
];

/** A path for the entry's content (a file, a directory, or nothing). */
function place(entry: Entry): string {
  const name = entry.name ?? 'preds.csv';
  if (entry.content === 'dir') {
    const path = join(tempDir(), name);
    mkdirSync(path);
    return path;
  }
  if (entry.content === 'missing') {
    const path = tempFile(name, '');
    rmSync(path);
    return path;
  }
  return tempFile(name, entry.content);
}

const STACK = /^\s+at .+[:(]\d+:\d+\)?$/m;

describe('every catalogued input problem: exit 2, the exact error line, a hint, no stack trace', () => {
  it.each(CATALOGUE.map((entry) => [entry.problem, entry] as const))('%s', async (_problem, entry) => {
    const file = place(entry);
    const { code, stdout, stderr } = await run(['report', file, ...(entry.extra ?? [])]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.split('\n');
    const first = lines.findIndex((line) => line.startsWith('calib: error:'));
    expect(lines[first]).toBe(`calib: error: ${entry.error.replace(/^F/, file)}`);
    expect(lines[first + 1]).toMatch(/^ {2}hint: \S/);
    expect(stderr).not.toMatch(STACK);
    expect(stderr).not.toContain('internal error');
  });
});

describe('messy input that is fine: exit 0 with the right numbers', () => {
  const metricsOf = async (content: string | Buffer): Promise<{ raw: string; metrics: Record<string, number> }> => {
    const file = tempFile('preds.csv', content);
    const { code, stdout, stderr } = await run(['report', file, '--format', 'json', '-q']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    return { raw: stdout, metrics: JSON.parse(stdout).metrics };
  };
  const plain = 'p_a,p_b,p_c,label\n0.7,0.2,0.1,0\n0.1,0.6,0.3,2\n0.3,0.3,0.4,2\n';

  it('all-identical scores: uniform probabilities, so NLL = log K; the lowest index is predicted', async () => {
    // softmax(-2, -2, -2) = (1/3, 1/3, 1/3): each row's NLL is -log(1/3) = log 3. The prediction is
    // class 0 (ties go to the lowest index), right on row 1 only: accuracy 1/2.
    const { metrics } = await metricsOf('z_a,z_b,z_c,label\n-2,-2,-2,0\n-2,-2,-2,1\n');
    expect(metrics.accuracy).toBe(0.5);
    expect(metrics.nll).toBeCloseTo(Math.log(3), 14);
  });
  it('logits of 1e300 and -1e300: no overflow, no NaN in the JSON', async () => {
    // Row 1: true class has logit 1e300, the other -1e300: NLL = log(1 + e^-2e300) = 0.
    // Row 2: true class has -1e300: NLL = 2e300 + log(1 + e^-2e300) = 2e300. Mean = 1e300.
    const { raw, metrics } = await metricsOf('z_a,z_b,label\n1e300,-1e300,0\n-1e300,1e300,0\n');
    expect(raw).not.toMatch(/NaN|Infinity/);
    for (const value of Object.values(metrics)) expect(Number.isFinite(value)).toBe(true);
    expect(metrics.accuracy).toBe(0.5);
    expect(metrics.nll).toBe(1e300);
  });
  it('Windows CRLF line endings: the same metrics as the plain file', async () => {
    const expected = (await metricsOf(plain)).metrics;
    expect((await metricsOf(plain.replace(/\n/g, '\r\n'))).metrics).toEqual(expected);
  });
  it('a UTF-8 byte order mark: the same metrics as the plain file', async () => {
    const expected = (await metricsOf(plain)).metrics;
    expect((await metricsOf(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(plain)]))).metrics).toEqual(expected);
  });
});

describe('usage errors: exit 2, the exact first line', () => {
  const good = (): string => tempFile('preds.csv', 'p_a,p_b,label\n0.5,0.5,0\n');
  it('unknown flag, with the closest one suggested', async () => {
    const { code, stderr } = await run(['report', good(), '--bin', '5']);
    expect(code).toBe(2);
    expect(stderr.split('\n').slice(0, 2)).toEqual(["calib: error: unknown option '--bin'", '(Did you mean --bins?)']);
  });
  it.each([['0'], ['x']])('--bins %s', async (value) => {
    const { code, stderr } = await run(['report', good(), '--bins', value]);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe(`calib: error: option '--bins <n>' argument '${value}' is invalid. expected a whole number from 1 to 10,000, or auto.`);
  });
  it.each([['10001'], ['1e7'], ['10000000'], ['2147483648'], ['99999999999999999999']])('--bins %s: refused up front (exit 2, no stack trace)', async (value) => {
    const { code, stdout, stderr } = await run(['report', good(), '--bins', value]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')[0]).toBe(value === '1e7'
      ? `calib: error: option '--bins <n>' argument '1e7' is invalid. expected a whole number from 1 to 10,000, or auto.`
      : `calib: error: option '--bins <n>' argument '${value}' is invalid. at most 10,000 bins: with more, nearly every bin holds one row or none, and the metrics measure noise. Use 15 (the default), auto, or at most 10000.`);
  });
  it('--bins 10000, the maximum, runs', async () => {
    const { code } = await run(['report', good(), '--bins', '10000', '--format', 'json', '-q']);
    expect(code).toBe(0);
  });
  it('smoothing --alpha 1', async () => {
    const { code, stderr } = await run(['smoothing', good(), '--alpha', '1']);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe(`calib: error: option '--alpha <list>' argument '1' is invalid. "1" is not a smoothing amount in [0, 1); give a list such as 0,0.05,0.1,0.2.`);
  });
});

describe('compare', () => {
  it('two files with different class sets: exit 2, naming both files', async () => {
    const dir = tempDir();
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    writeFileSync(a, 'p_cat,p_dog,label\n0.2,0.8,1\n0.6,0.4,0\n');
    writeFileSync(b, 'p_cat,p_fox,label\n0.2,0.8,1\n0.6,0.4,0\n');
    const { code, stdout, stderr } = await run(['compare', a, b]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const line = stderr.split('\n').find((l) => l.startsWith('calib: error:'));
    expect(line).toBe(`calib: error: ${b}: the files do not have the same classes: ${b} lacks "dog"; ${b} has "fox", which ${a} does not.`);
    expect(stderr).not.toMatch(STACK);
  });
});
