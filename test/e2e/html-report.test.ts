/**
 * The HTML report and the standalone SVGs in a real browser (Debian's chromium, driven by
 * playwright-core): no console or page errors, the diagrams render with a size, the SVG parses
 * as XML, and no two labels overlap. Screenshots go to a temp dir (or CALIB_SCREENSHOT_DIR).
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport, renderReliabilitySvg, type DiagramInput } from '../../src/report/diagram/index.js';
import { compareInput, reportInput, singleInput, temperatureInput } from '../diagram/samples.js';

const executablePath = process.env.CALIB_CHROMIUM ?? '/usr/bin/chromium';
const shots = process.env.CALIB_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'calib-e2e-'));
/**
 * Without a Chromium the browser tests are skipped, and say why. CI installs one (.ci/run) and
 * sets CALIB_REQUIRE_BROWSER, so there a missing browser fails instead of skipping.
 */
const haveBrowser = existsSync(executablePath);
if (!haveBrowser) {
  const why = `No Chromium at ${executablePath}: the browser tests are skipped. Install Debian's chromium `
    + '(`apt-get install chromium`) or point CALIB_CHROMIUM at a Chromium binary.';
  if (process.env.CALIB_REQUIRE_BROWSER === '1') throw new Error(why);
  process.stderr.write(`calib tests: ${why}\n`);
}
const describeInBrowser = haveBrowser ? describe : describe.skip;

let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  if (!haveBrowser) return;
  mkdirSync(shots, { recursive: true });
  browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  page = await browser.newPage({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1.5 });
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`request: ${r.url()}`); });
});

afterAll(async () => {
  await browser?.close();
});

interface Box { text: string; left: number; top: number; right: number; bottom: number }

/**
 * The few browser globals the in-page functions use. The project compiles without the DOM lib
 * (nothing in src may touch a DOM), so page code reaches them through this typed view.
 */
interface PageElement {
  textContent: string | null;
  getBoundingClientRect(): { left: number; top: number; right: number; bottom: number };
  querySelectorAll(selector: string): ArrayLike<PageElement>;
}
interface PageGlobals {
  document: { querySelectorAll(selector: string): ArrayLike<PageElement> };
  DOMParser: new () => {
    parseFromString(source: string, type: string): {
      getElementsByTagName(name: string): ArrayLike<unknown>;
      documentElement: { localName: string; namespaceURI: string | null };
      querySelector(selector: string): PageElement | null;
    };
  };
}

/** Every <text> of every SVG on the page, as rendered boxes, per SVG. */
async function textBoxes(p: Page): Promise<{ svg: Box; texts: Box[] }[]> {
  return p.evaluate(() => Array.from((globalThis as unknown as PageGlobals).document.querySelectorAll('svg')).map((svg) => {
    const box = (el: PageElement, text: string) => {
      const r = el.getBoundingClientRect();
      return { text, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    return { svg: box(svg, 'svg'), texts: Array.from(svg.querySelectorAll('text')).map((t) => box(t, t.textContent ?? '')) };
  }));
}

function overlaps(boxes: Box[]): string[] {
  const found: string[] = [];
  const slack = 0.5;
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
    if (a.left < b.right - slack && b.left < a.right - slack && a.top < b.bottom - slack && b.top < a.bottom - slack) {
      found.push(`"${a.text}" overlaps "${b.text}"`);
    }
  }));
  return found;
}

function outside(svg: Box, boxes: Box[]): string[] {
  return boxes.filter((b) => b.left < svg.left || b.right > svg.right || b.top < svg.top || b.bottom > svg.bottom)
    .map((b) => `"${b.text}" sticks out of the SVG`);
}

describeInBrowser('HTML report in Chromium', () => {
  it('opens from a file without errors and renders every diagram', async () => {
    const file = join(shots, 'report.html');
    writeFileSync(file, renderHtmlReport(reportInput));
    problems.length = 0;
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const svgs = page.locator('svg');
    expect(await svgs.count()).toBe(2);
    for (let i = 0; i < 2; i++) {
      const box = await svgs.nth(i).boundingBox();
      expect(box?.width).toBeGreaterThan(300);
      expect(box?.height).toBeGreaterThan(300);
    }
    expect(await page.locator('table').count()).toBe(3); // the summary is a list of metric tiles
    expect(await page.locator('dl.summary dt').count()).toBe(6);
    expect(await page.locator('footer').textContent()).toContain('calib');
    for (const { svg, texts } of await textBoxes(page)) {
      expect(overlaps(texts)).toEqual([]);
      expect(outside(svg, texts)).toEqual([]);
    }
    await page.screenshot({ path: join(shots, 'report.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(shots, 'report-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
    expect(problems).toEqual([]);
  });
});

describeInBrowser('standalone SVG in Chromium', () => {
  const cases: Array<[string, DiagramInput]> = [
    ['single', singleInput], ['temperature', temperatureInput], ['compare', compareInput],
  ];

  it.each(cases)('%s: DOMParser reads it as SVG without a parsererror', async (_, input) => {
    const svg = renderReliabilitySvg(input);
    const result = await page.evaluate((source) => {
      const { DOMParser } = globalThis as unknown as PageGlobals;
      const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
      return {
        errors: doc.getElementsByTagName('parsererror').length,
        root: doc.documentElement.localName,
        ns: doc.documentElement.namespaceURI,
        title: doc.querySelector('svg > title')?.textContent ?? null,
      };
    }, svg);
    expect(result).toEqual({ errors: 0, root: 'svg', ns: 'http://www.w3.org/2000/svg', title: expect.any(String) });
  });

  it.each(cases)('%s: opens as an .svg file, renders, and no two labels overlap', async (name, input) => {
    const file = join(shots, `${name}.svg`);
    writeFileSync(file, renderReliabilitySvg(input));
    problems.length = 0;
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const box = await page.locator('svg').boundingBox();
    expect(box?.width).toBeGreaterThan(0);
    expect(box?.height).toBeGreaterThan(0);
    const [rendered] = await textBoxes(page);
    if (!rendered) throw new Error('no svg element rendered');
    expect(rendered.texts.length).toBeGreaterThan(20);
    expect(overlaps(rendered.texts)).toEqual([]);
    expect(outside(rendered.svg, rendered.texts)).toEqual([]);
    await page.locator('svg').screenshot({ path: join(shots, `${name}-svg.png`) });
    expect(problems).toEqual([]);
  });
});
