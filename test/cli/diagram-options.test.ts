/** The diagram flags: --per-class, --title, compare's name=path and --names, the HTML footer. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, run, tempDir, tempFile } from '../helpers/cli.js';
import { byClass, byName, parseXml, textOf } from '../diagram/xml-tree.js';

const gnb = `${repoRoot}fixtures/digits-gnb-probs.csv`;
const knn = `${repoRoot}fixtures/digits-knn-probs.csv`;
const breast = `${repoRoot}fixtures/breast-cancer-logreg-probs.csv`;

describe('report --per-class', () => {
  it('draws one one-vs-rest panel per class, four to a row', async () => {
    const svg = join(tempDir(), 'grid.svg');
    const result = await run(['report', gnb, '--per-class', '--plot', svg, '-q']);
    expect(result.code, result.stderr).toBe(0);
    const root = parseXml(readFileSync(svg, 'utf8'));
    const titles = byClass(root, 'panel-title').map(textOf);
    expect(titles).toHaveLength(10);
    expect(titles[0]).toBe('0 vs rest (89 of 899)');
    expect(Number(root.attrs.width)).toBe(4 * 400);
    // Three rows of panels: ceil(10 / 4).
    expect(byClass(root, 'panel').map((p) => p.attrs.transform ?? '')).toContain('translate(400 ' + String(Number(root.attrs.height) / 3 * 2) + ')');
  });

  it('draws the classes named, in that order; an unknown class is a usage error naming the classes', async () => {
    const svg = join(tempDir(), 'two.svg');
    expect((await run(['report', gnb, '--per-class', '7,3', '--plot', svg, '-q'])).code).toBe(0);
    expect(byClass(parseXml(readFileSync(svg, 'utf8')), 'panel-title').map(textOf)).toEqual(['7 vs rest (89 of 899)', '3 vs rest (92 of 899)']);
    const bad = await run(['report', gnb, '--per-class', 'cat', '--plot', svg]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--per-class names the class "cat"');
    expect(bad.stderr).toContain('0, 1, 2, 3');
  });

  it('over 20 classes: the 20 worst by one-vs-rest ECE, with a note', async () => {
    const k = 25;
    const rows = Array.from({ length: 200 }, (_, i) => {
      const label = i % k;
      const p = Array.from({ length: k }, (_, j) => (j === (i * 7) % k ? 0.52 : 0.02));
      return [...p.map((v) => v.toFixed(2)), String(label)].join(',');
    });
    const file = tempFile('many.csv', [...Array.from({ length: k }, (_, j) => `p_${j}`), 'label'].join(',') + '\n' + rows.join('\n') + '\n');
    const svg = join(tempDir(), 'many.svg');
    const result = await run(['report', file, '--per-class', '--plot', svg]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('the 20 with the largest one-vs-rest ECE are drawn');
    expect(byClass(parseXml(readFileSync(svg, 'utf8')), 'panel-title')).toHaveLength(20);
  });

  it('needs a --plot or --html to draw into', async () => {
    const result = await run(['report', gnb, '--per-class']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--per-class draws diagrams');
  });

  it('--plot with an image extension calib does not write: exit 2 before any work, nothing written', async () => {
    const dir = tempDir();
    for (const [command, name] of [['report', 'r.jpg'], ['temperature', 'diagram.PDF']] as const) {
      const target = join(dir, name);
      const result = await run([command, breast, '--plot', target]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--plot writes SVG or PNG');
      expect(result.stderr).toContain(`--plot ${target.slice(0, target.lastIndexOf('.'))}.svg`);
      expect(existsSync(target)).toBe(false);
    }
  });

  it('--html adds the grid as its own section', async () => {
    const html = join(tempDir(), 'r.html');
    expect((await run(['report', breast, '--per-class', '--html', html, '-q'])).code).toBe(0);
    const root = parseXml(readFileSync(html, 'utf8'), { html: true });
    expect(byName(root, 'h2').map(textOf)).toContain('Per class (one-vs-rest)');
    expect(byName(root, 'svg')).toHaveLength(2);
  });
});

describe('report --diagram', () => {
  it('corp adds the decomposition to the table; --no-diagram still only drops the terminal diagram', async () => {
    const both = (await run(['report', breast, '--diagram', 'corp', '--resamples', '20', '-q'])).stdout;
    expect(both).toMatch(/^CORP \(P\(y=1\), PAV fit in \d+ steps?\): score 0\.0294 = MCB 0\.\d{4} - DSC 0\.\d{4} \+ UNC 0\.\d{4}/m);
    expect(both).toMatch(/^Reliability diagram/m);
    for (const argv of [['--diagram', 'corp', '--no-diagram'], ['--no-diagram', '--diagram', 'corp']]) {
      const out = (await run(['report', breast, ...argv, '--resamples', '20', '-q'])).stdout;
      expect(out).toMatch(/^CORP /m);
      expect(out).not.toMatch(/^Reliability diagram/m);
    }
    const md = (await run(['report', breast, '--diagram', 'corp', '--resamples', '20', '-q', '--format', 'markdown'])).stdout;
    expect(md).toContain('CORP (P(y=1)');
  });

  it('corp --html: the CORP diagram and a table of the decomposition', async () => {
    const html = join(tempDir(), 'corp.html');
    expect((await run(['report', breast, '--diagram', 'corp', '--resamples', '20', '--html', html, '-q'])).code).toBe(0);
    const root = parseXml(readFileSync(html, 'utf8'), { html: true });
    expect(byClass(root, 'corp-curve')).toHaveLength(1);
    expect(byName(root, 'caption').map(textOf)).toContain('CORP score decomposition (score = MCB - DSC + UNC)');
  });
});

describe('titles and labels', () => {
  it('--title titles the diagram and the page; the panel names the file by its base name', async () => {
    const dir = tempDir();
    const [svg, html, plain] = [join(dir, 't.svg'), join(dir, 't.html'), join(dir, 'p.svg')] as const;
    await run(['report', gnb, '--title', 'Naive Bayes on digits', '--plot', svg, '--html', html, '-q']);
    expect(byClass(parseXml(readFileSync(svg, 'utf8')), 'panel-title').map(textOf)).toEqual(['Naive Bayes on digits']);
    const page = parseXml(readFileSync(html, 'utf8'), { html: true });
    expect(textOf(byName(page, 'h1')[0]!)).toBe('Naive Bayes on digits');
    expect(textOf(byName(page, 'footer')[0]!)).toMatch(/^Generated by calib \d+\.\d+\.\d+ at .*Command: calib report .*digits-gnb-probs\.csv --title 'Naive Bayes on digits' --plot/);
    await run(['report', gnb, '--plot', plain, '-q']);
    const root = parseXml(readFileSync(plain, 'utf8'));
    expect(byClass(root, 'panel-title').map(textOf)).toEqual(['digits-gnb-probs.csv']);
    expect(textOf(byName(root, 'title')[0]!)).toBe(`Reliability diagram: ${gnb}`);
  });

  it('compare: name=path arguments and --names name the models', async () => {
    const a = JSON.parse((await run(['compare', `bayes=${gnb}`, `neighbours=${knn}`, '--format', 'json', '-q'])).stdout);
    expect(a.models.map((m: any) => m.name)).toEqual(['bayes', 'neighbours']);
    expect(a.models.map((m: any) => m.file)).toEqual([gnb, knn]);
    const b = JSON.parse((await run(['compare', gnb, knn, '--names', 'x,y', '--format', 'json', '-q'])).stdout);
    expect(b.models.map((m: any) => m.name)).toEqual(['x', 'y']);
    // Unnamed arguments keep their file-derived names beside named ones.
    const c = JSON.parse((await run(['compare', `bayes=${gnb}`, knn, '--format', 'json', '-q'])).stdout);
    expect(c.models.map((m: any) => m.name)).toEqual(['bayes', 'digits-knn-probs']);
    const both = await run(['compare', `bayes=${gnb}`, knn, '--names', 'x,y']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('name=path arguments both name the models');
  });

  it('compare: a file whose name holds "=" is read as a file', async () => {
    const file = tempFile('a=b.csv', readFileSync(gnb, 'utf8'));
    const doc = JSON.parse((await run(['compare', file, knn, '--format', 'json', '-q'])).stdout);
    expect(doc.models[0].file).toBe(file);
  });

  it('compare --html: the overlay, each model on its own, and the delta table with intervals', async () => {
    const html = join(tempDir(), 'c.html');
    expect((await run(['compare', `bayes=${gnb}`, `neighbours=${knn}`, '--bootstrap', '30', '--html', html, '-q'])).code).toBe(0);
    const root = parseXml(readFileSync(html, 'utf8'), { html: true });
    const svgs = byName(root, 'svg');
    expect(svgs).toHaveLength(2);
    expect(byClass(svgs[1]!, 'panel-title').map(textOf)).toEqual(['bayes', 'neighbours']);
    const captions = byName(root, 'caption').map(textOf);
    expect(captions.some((c) => c.startsWith('Difference to the baseline bayes (95% paired percentile bootstrap interval'))).toBe(true);
    const text = textOf(root);
    expect(text).toMatch(/\[[-+]0\.\d{4}, [-+]0\.\d{4}\]( sig)?/);
    expect(text).toContain('--prob-floor'); // the inputs' warnings are on the page
  });
});
