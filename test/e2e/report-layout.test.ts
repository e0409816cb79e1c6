/**
 * The HTML pages the commands write, in Chromium: at 1280 px the main diagram is large, at 800 px
 * the page does not scroll sideways, no text is cut off (no element but a table's scroll box is
 * wider than its room; every SVG label inside its SVG), and every warning of the run (as the
 * JSON output lists them) is on the page.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, tempDir } from '../helpers/cli.js';

const executablePath = process.env.CALIB_CHROMIUM ?? '/usr/bin/chromium';
const haveBrowser = existsSync(executablePath);
if (!haveBrowser && process.env.CALIB_REQUIRE_BROWSER === '1') throw new Error(`No Chromium at ${executablePath}.`);
const describeInBrowser = haveBrowser ? describe : describe.skip;

let browser: Browser;
let page: Page;
const problems: string[] = [];
const dir = tempDir();

beforeAll(async () => {
  if (!haveBrowser) return;
  browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`request: ${r.url()}`); });
});

afterAll(async () => {
  await browser?.close();
});

/** The browser globals the page functions touch (the project compiles without the DOM lib). */
interface El {
  tagName: string;
  className: string | { baseVal: string };
  textContent: string | null;
  scrollWidth: number;
  clientWidth: number;
  closest(selector: string): El | null;
  getBoundingClientRect(): { left: number; top: number; right: number; bottom: number; width: number };
  querySelectorAll(selector: string): ArrayLike<El>;
}
interface G {
  document: { documentElement: El; body: El; querySelectorAll(selector: string): ArrayLike<El> };
  innerWidth: number;
}

interface Facts {
  pageScroll: number;
  viewport: number;
  cut: string[];
  svgWidths: number[];
  outside: string[];
  text: string;
}

async function facts(p: Page): Promise<Facts> {
  return p.evaluate(() => {
    const { document, innerWidth } = globalThis as unknown as G;
    const cut = Array.from(document.querySelectorAll('h1, h2, h3, p, li, th, td, dt, dd, caption, code, .table-wrap, .aside, figure'))
      .filter((el) => el.scrollWidth > el.clientWidth + 1 && !(typeof el.className === 'string' && el.className.includes('table-wrap')) && el.closest('.table-wrap') === null)
      .map((el) => `${el.tagName} "${(el.textContent ?? '').slice(0, 40)}" ${el.scrollWidth} > ${el.clientWidth}`);
    const svgs = Array.from(document.querySelectorAll('svg'));
    const outside = svgs.flatMap((svg) => {
      const box = svg.getBoundingClientRect();
      return Array.from(svg.querySelectorAll('text')).filter((t) => {
        const r = t.getBoundingClientRect();
        return r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5;
      }).map((t) => `"${t.textContent ?? ''}" sticks out of its SVG`);
    });
    return {
      pageScroll: document.documentElement.scrollWidth,
      viewport: innerWidth,
      cut,
      svgWidths: svgs.map((s) => s.getBoundingClientRect().width),
      outside,
      text: document.body.textContent ?? '',
    };
  });
}

/** Runs calib twice, for the HTML file and for the JSON (whose `warnings` the page must show). */
async function make(name: string, args: string[]): Promise<{ file: string; warnings: string[] }> {
  const file = join(dir, `${name}.html`);
  const html = await run([...args, '--html', file, '-q']);
  expect(html.code, html.stderr).toBeLessThan(2);
  const json = await run([...args, '--format', 'json', '-q']);
  const warnings = JSON.parse(json.stdout).warnings as string[];
  return { file, warnings };
}

const pages: Array<[string, string[], number]> = [
  // [name, arguments, smallest width (px) of the first diagram at 1280 px]
  ['report', ['report', 'fixtures/digits-gnb-probs.csv'], 600],
  ['report-corp', ['report', 'fixtures/breast-cancer-logreg-probs.csv', '--diagram', 'corp', '--title', 'Breast cancer, logistic regression'], 600],
  ['compare', ['compare', 'gnb=fixtures/digits-gnb-probs.csv', 'knn=fixtures/digits-knn-probs.csv', 'fixtures/digits-forest-probs.csv', '--bootstrap', '50'], 600],
  ['temperature', ['temperature', 'fixtures/digits-mlp-val.csv', '--apply', 'fixtures/digits-mlp-test.csv'], 900],
];

describeInBrowser('HTML pages of the commands in Chromium', () => {
  it.each(pages)('%s: large diagram at 1280 px, no sideways scroll at 800 px, nothing cut off, every warning', async (name, args, minWidth) => {
    const { file, warnings } = await make(name, args);
    problems.length = 0;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const wide = await facts(page);
    expect(wide.svgWidths[0]).toBeGreaterThanOrEqual(minWidth);
    expect(wide.pageScroll).toBeLessThanOrEqual(wide.viewport);
    expect(wide.cut).toEqual([]);
    expect(wide.outside).toEqual([]);
    for (const warning of warnings) expect(wide.text).toContain(warning);
    expect(wide.text).toMatch(/Generated by calib \d+\.\d+\.\d+/);
    expect(wide.text).toContain(`calib ${args[0]}`);

    await page.setViewportSize({ width: 800, height: 900 });
    const narrow = await facts(page);
    expect(narrow.pageScroll).toBeLessThanOrEqual(narrow.viewport);
    expect(narrow.cut).toEqual([]);
    expect(narrow.outside).toEqual([]);
    expect(narrow.svgWidths.every((w) => w <= 800)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('the report with the probability-floor warning shows it in the warning box, apart from the notes', async () => {
    const { file, warnings } = await make('floor', ['report', 'fixtures/digits-gnb-probs.csv']);
    expect(warnings.some((w) => w.includes('--prob-floor'))).toBe(true);
    expect(readFileSync(file, 'utf8')).toMatch(/<div class="warnings" role="alert"><h3>Warnings? ?(\(\d+\))?<\/h3><ul><li class="warning">[^<]*--prob-floor/);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const [warnBg, noteBg] = await page.evaluate(() => {
      const g = globalThis as unknown as { document: { querySelector(s: string): unknown }; getComputedStyle(e: unknown): { backgroundColor: string } };
      return ['.warnings', '.notes'].map((s) => g.getComputedStyle(g.document.querySelector(s)).backgroundColor);
    });
    expect(warnBg).not.toBe(noteBg);
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await page.evaluate(() => {
      const g = globalThis as unknown as { document: { body: unknown }; getComputedStyle(e: unknown): { backgroundColor: string } };
      return g.getComputedStyle(g.document.body).backgroundColor;
    });
    expect(dark).toBe('rgb(13, 17, 23)');
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
