/**
 * Files and flags a hostile tester found giving exit 0 with a wrong number, or refusing an
 * ordinary export: each must now give the right numbers or exit 2 with the flag that resolves it.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { binPath, run, tempFile } from '../helpers/cli.js';

const json = async (argv: string[]): Promise<{ code: number; doc: any; stderr: string }> => {
  const { code, stdout, stderr } = await run([...argv, '--format', 'json']);
  return { code, doc: code === 0 ? JSON.parse(stdout) : undefined, stderr };
};

describe('--percent is a claim that is checked, never a reason to read logits', () => {
  it('rows of ordinary probabilities with --percent: exit 2 (they sum to 1, not 100)', async () => {
    const file = tempFile('p.csv', 'p_a,p_b,label\n0.2,0.8,1\n0.7,0.3,0\n');
    const { code, stderr } = await json(['report', file, '--percent', '-q']);
    expect(code).toBe(2);
    expect(stderr).toContain('percentages sum to 1, not 100');
  });
  it('a binary column of probabilities with --percent: exit 2 (every value is in [0, 1])', async () => {
    const { code, stderr } = await json(['report', tempFile('b.csv', 'y_prob,label\n0.2,0\n0.9,1\n'), '--percent', '-q']);
    expect(code).toBe(2);
    expect(stderr).toContain('probabilities already');
  });
  it('--percent with --kind logits: a usage error', async () => {
    const { code } = await json(['report', tempFile('b.csv', 'y_prob,label\n20,0\n90,1\n'), '--percent', '--kind', 'logits', '-q']);
    expect(code).toBe(2);
  });
  it('real percentages with --percent: the probabilities divided by 100', async () => {
    const { code, doc } = await json(['report', tempFile('b.csv', 'y_prob,label\n20,0\n90,1\n'), '--percent', '-q']);
    expect(code).toBe(0);
    expect(doc.metrics.accuracy).toBe(1);
    expect(doc.metrics.mean_confidence).toBeCloseTo(0.55, 15);
  });
});

describe('binary labels that are numbers', () => {
  it('2 and 10 sort by value: 10 is the positive class (scikit-learn classes_ = [2, 10])', async () => {
    const { code, doc, stderr } = await json(['report', tempFile('n.csv', 'label,y_prob\n10,0.9\n2,0.2\n10,0.8\n2,0.3\n10,0.6\n')]);
    expect(code).toBe(0);
    expect(doc.class_names).toEqual(['2', '10']);
    expect(doc.metrics.accuracy).toBe(1);
    expect(stderr).toContain('the larger number');
  });
  it('p_1 beside labels 1 and 2 is class "1" by name and class 2 by position: exit 2, --classes settles it', async () => {
    const file = tempFile('p1.csv', 'label,p_1\n2,0.9\n1,0.2\n2,0.7\n1,0.4\n');
    const refused = await json(['report', file, '-q']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--classes 2');
    const asIndex = await json(['report', file, '--classes', '2', '-q']);
    expect(asIndex.code).toBe(0);
    expect(asIndex.doc.metrics.accuracy).toBe(1);
    const asName = await json(['report', file, '--classes', '1', '-q']);
    expect(asName.doc.metrics.accuracy).toBe(0);
  });
});

describe('--classes', () => {
  it('a name given twice: exit 2', async () => {
    const { code, stderr } = await json(['report', tempFile('c.csv', '0,1,2,label\n0.2,0.3,0.5,a\n0.6,0.3,0.1,b\n'), '--classes', 'a,a,b', '-q']);
    expect(code).toBe(2);
    expect(stderr).toContain('names class "a" twice');
  });
});

describe('ordinary exports that were refused', () => {
  it('prob_0..prob_2 and proba_0,proba_1 are score families', async () => {
    const three = await json(['report', tempFile('p.csv', 'prob_0,prob_1,prob_2,label\n0.2,0.3,0.5,2\n0.6,0.3,0.1,0\n'), '-q']);
    expect(three.code).toBe(0);
    expect(three.doc.classes).toBe(3);
    const two = await json(['report', tempFile('q.csv', 'proba_0,proba_1,y\n0.2,0.8,1\n0.7,0.3,0\n'), '-q']);
    expect(two.code).toBe(0);
    expect(two.doc.metrics.accuracy).toBe(1);
  });
  it("a file saved by pandas three times (',Unnamed: 0,Unnamed: 0.1,...'): every index column dropped", async () => {
    const { code, doc } = await json(['report', tempFile('u.csv', ',Unnamed: 0,Unnamed: 0.1,p_0,p_1,label\n0,0,0,0.2,0.8,1\n1,1,1,0.7,0.3,0\n'), '-q']);
    expect(code).toBe(0);
    expect(doc.classes).toBe(2);
  });
  it('y_test is a label name; whole-number time, batch and group columns are bookkeeping', async () => {
    const { code, doc } = await json(['report', tempFile('t.csv', 'time,batch,group,p_0,p_1,y_test\n1,0,3,0.2,0.8,1\n2,0,4,0.7,0.3,0\n'), '-q']);
    expect(code).toBe(0);
    expect(doc.config.label_column).toBe('y_test');
    expect(doc.classes).toBe(2);
  });
});

describe('flags', () => {
  it('--bootstrap 1 is refused when parsed (an interval needs 2 resamples or more)', async () => {
    const { code, stderr } = await run(['report', tempFile('b.csv', 'p_a,p_b,label\n0.2,0.8,1\n'), '--bootstrap', '1']);
    expect(code).toBe(2);
    expect(stderr).toContain('from 2 to 1,000,000');
  });
});

describe('an output through /dev/stdout when stdout is a pipe', () => {
  it('is written through the pipe (the link ends in pipe:[N], which names no path)', () => {
    const file = tempFile('s.csv', 'p_a,p_b,label\n0.2,0.8,1\n0.7,0.3,0\n');
    // A shell pipe (node's own child pipes are sockets, which no path opens).
    const result = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${binPath}" check "${file}" --max-ece 0.9 --output /dev/stdout --format json -q | cat`],
      { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('"passed"');
  });
});

describe('a column named like a confidence, never below 0.5', () => {
  it('label,score of a pipeline (no predicted label beside it): exit 2, --scores score confirms P(y = 1)', async () => {
    const file = tempFile('hf.csv', 'label,score\nPOSITIVE,0.98\nNEGATIVE,0.91\nPOSITIVE,0.7\nNEGATIVE,0.88\n');
    const refused = await json(['report', file, '-q']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('named like a confidence');
    expect((await json(['report', file, '--scores', 'score', '-q'])).code).toBe(0);
  });
});

describe('an output in a directory that does not exist', () => {
  it('is refused before any work, naming the directory', async () => {
    const file = tempFile('d.csv', 'p_a,p_b,label\n0.2,0.8,1\n0.7,0.3,0\n');
    for (const argv of [['report', file, '--plot', '/nonexistent-dir/x.svg'], ['temperature', file, '--in-sample', '--write', '/nonexistent-dir/c.csv']]) {
      const { code, stderr } = await run([...argv, '-q']);
      expect(code).toBe(2);
      expect(stderr).toContain('the directory /nonexistent-dir does not exist');
    }
  });
});
