import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalibError } from '../../src/core/errors.js';
import { OKABE_ITO, renderReliabilitySvg, type DiagramInput } from '../../src/report/diagram/index.js';
import {
  calibrated, compareInput, makeBins, overconfident, series, singleInput, sparse, temperatureInput, underconfident,
} from './samples.js';
import { byClass, byName, descendants, parseXml, textOf, type XmlElement } from './xml-tree.js';

const num = (el: XmlElement | undefined, attr: string): number => Number(el?.attrs[attr]);
const filledCount = (bins: typeof overconfident) => bins.filter((b) => b.count > 0).length;
const texts = (root: XmlElement) => byName(root, 'text').map(textOf);

/** Plot geometry read back from the diagonal: it runs from (0, 0) to (1, 1) in data units. */
function plotOf(root: XmlElement) {
  const d = byClass(root, 'diagonal')[0];
  const x0 = num(d, 'x1');
  const y0 = num(d, 'y1');
  const size = num(d, 'x2') - x0;
  return { x0, y0, size, x: (v: number) => x0 + v * size, y: (v: number) => y0 - v * size };
}

describe('renderReliabilitySvg, one series', () => {
  const svg = renderReliabilitySvg(singleInput);
  const root = parseXml(svg);

  it('is a standalone SVG document with a title', () => {
    expect(root.name).toBe('svg');
    expect(root.attrs.xmlns).toBe('http://www.w3.org/2000/svg');
    const [w, h] = [num(root, 'width'), num(root, 'height')];
    expect(w).toBeGreaterThan(0);
    expect(h).toBeGreaterThan(0);
    expect(root.attrs.viewBox).toBe(`0 0 ${w} ${h}`);
    const first = root.children[0];
    expect(typeof first !== 'string' && first?.name).toBe('title');
    expect(textOf(byName(root, 'title')[0] as XmlElement)).toBe('resnet110 on CIFAR-100');
  });

  it('labels the axes and the 0, 0.2, ..., 1 ticks', () => {
    const all = texts(root);
    for (const label of ['Confidence', 'Accuracy', 'Count']) expect(all).toContain(label);
    for (const tick of ['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']) {
      // Twice: the accuracy axis and the shared confidence axis under the histogram.
      expect(all.filter((t) => t === tick)).toHaveLength(2);
    }
  });

  it('draws a square plot with the diagonal from (0, 0) to (1, 1)', () => {
    const d = byClass(root, 'diagonal')[0];
    expect(d).toBeDefined();
    expect(num(d, 'x2') - num(d, 'x1')).toBeCloseTo(num(d, 'y1') - num(d, 'y2'), 6);
  });

  it('draws one bar per non-empty bin, spanning the bin, as tall as its accuracy', () => {
    const bars = byClass(root, 'bar');
    expect(bars).toHaveLength(filledCount(overconfident)); // 11: bins 1-4 of 15 are empty
    const p = plotOf(root);
    const filled = overconfident.filter((b) => b.count > 0);
    bars.forEach((bar, i) => {
      const bin = filled[i];
      if (!bin || bin.accuracy === null) throw new Error('sample bins changed');
      // Bars are inset by under a pixel on each side so that neighbours stay apart.
      expect(Math.abs(num(bar, 'x') - p.x(bin.lower))).toBeLessThan(1);
      expect(Math.abs(num(bar, 'x') + num(bar, 'width') - p.x(bin.upper))).toBeLessThan(1);
      expect(num(bar, 'y') + num(bar, 'height')).toBeCloseTo(p.y(0), 1);
      expect(num(bar, 'height')).toBeCloseTo(bin.accuracy * p.size, 1);
    });
  });

  it('marks every over-confident gap, from the bar top to the mean confidence', () => {
    const gaps = byClass(root, 'gap-over');
    expect(gaps).toHaveLength(11); // accuracy = c^2 < c in every non-empty bin
    expect(byClass(root, 'gap-under')).toHaveLength(0);
    const p = plotOf(root);
    const last = overconfident[14];
    // Bin 15: confidence 29/30 = 0.96667, accuracy 0.93444; the gap is 0.03222 of the plot tall.
    expect(num(gaps[10], 'height')).toBeCloseTo((29 / 30 - (29 / 30) ** 2) * p.size, 1);
    expect(num(gaps[10], 'y')).toBeCloseTo(p.y(last?.mean_confidence ?? NaN), 1);
  });

  it('marks under-confident gaps in their own class', () => {
    const root2 = parseXml(renderReliabilitySvg({ panels: [{ title: 'u', series: [series('u', underconfident, 0.1)] }] }));
    // accuracy 0.15 + 0.8c is above c for c < 0.75: midpoints 0.05, 0.15, 0.25, 0.45, 0.55, 0.65
    // (0.35 is empty); equal at 0.75 (no gap drawn); below at 0.85 and 0.95.
    expect(byClass(root2, 'gap-under')).toHaveLength(6);
    expect(byClass(root2, 'gap-over')).toHaveLength(2);
  });

  it('puts ECE (four decimals) and N in the legend', () => {
    const legend = byClass(root, 'legend-text').map(textOf);
    expect(legend.some((t) => t.includes('ECE = 0.1234') && t.includes('N = 10,010'))).toBe(true);
  });

  it('draws the count histogram: one bar per non-empty bin, the tallest for the largest count', () => {
    const hist = byClass(root, 'hist-bar');
    expect(hist).toHaveLength(11);
    const heights = hist.map((h) => num(h, 'height'));
    // Counts are 10 m^2, so the histogram bars grow; bin 15 (1960) is the tallest.
    expect([...heights].sort((a, b) => a - b)).toEqual(heights);
    // Bin 5 holds 160 and bin 15 holds 1960 rows.
    expect((heights[0] ?? 0) / (heights[10] ?? 1)).toBeCloseTo(160 / 1960, 2);
  });

  it('draws a whisker for every bin with an interval', () => {
    expect(byClass(root, 'whisker')).toHaveLength(11);
  });

  it('escapes titles and names', () => {
    const nasty = 'a <b> & "c" \'d\'';
    const out = renderReliabilitySvg({ panels: [{ title: nasty, series: [series('<&>', sparse, 0)] }] });
    expect(out).not.toContain('<b>');
    expect(out).not.toContain('<&>');
    const parsed = parseXml(out);
    expect(textOf(byName(parsed, 'title')[0] as XmlElement)).toBe(nasty);
    expect(texts(parsed)).toContain(nasty);
    expect(byClass(parsed, 'legend-text').map(textOf).some((t) => t.startsWith('<&>: ECE'))).toBe(true);
  });

  it('replaces characters XML cannot hold', () => {
    const out = renderReliabilitySvg({ panels: [{ title: 'bell\u0007 and \uD800 lone surrogate', series: [series('s', sparse, 0)] }] });
    expect(() => parseXml(out)).not.toThrow();
    expect(out).toContain('bell\uFFFD and \uFFFD lone surrogate');
  });

  it('is deterministic', () => {
    expect(renderReliabilitySvg(singleInput)).toBe(svg);
  });

  it('can omit xmlns for inlining in HTML', () => {
    expect(renderReliabilitySvg(singleInput, { inline: true })).not.toContain('xmlns');
  });
});

describe('renderReliabilitySvg, several panels and series', () => {
  it('puts panels side by side with the same plot geometry', () => {
    const one = parseXml(renderReliabilitySvg({ panels: [temperatureInput.panels[0] as never] }));
    const root = parseXml(renderReliabilitySvg(temperatureInput));
    const panels = byClass(root, 'panel');
    expect(panels).toHaveLength(2);
    expect(num(root, 'width')).toBe(2 * num(one, 'width'));
    expect(panels[1]?.attrs.transform).toBe(`translate(${num(one, 'width')} 0)`);
    expect(byClass(root, 'diagonal')).toHaveLength(2);
    expect(byClass(panels[0] as XmlElement, 'bar')).toHaveLength(11);
    expect(byClass(panels[1] as XmlElement, 'bar')).toHaveLength(filledCount(calibrated)); // 12
    const titles = byClass(root, 'panel-title').map(textOf);
    expect(titles).toEqual(['Before temperature scaling', 'After (T = 2.31)']);
  });

  it('overlays several series as Okabe-Ito lines with one marker per non-empty bin', () => {
    const root = parseXml(renderReliabilitySvg(compareInput));
    expect(byClass(root, 'bar')).toHaveLength(0);
    const lines = byClass(root, 'series-line');
    expect(lines).toHaveLength(3);
    const colours = lines.map((l) => l.attrs.stroke);
    expect(new Set(colours).size).toBe(3);
    for (const c of colours) expect(OKABE_ITO).toContain(c);
    const groups = byClass(root, 'series');
    expect(groups.map((g) => byClass(g, 'point').length)).toEqual([11, 12, 9]);
    expect(byClass(root, 'hist-step')).toHaveLength(3);
    expect(byClass(root, 'whisker')).toHaveLength(11); // only the first series has intervals
  });

  it('names every series with its ECE in the legend', () => {
    const root = parseXml(renderReliabilitySvg(compareInput));
    const legend = byClass(root, 'legend-text').map(textOf);
    for (const name of ['resnet110 (uncalibrated)', 'resnet110 + temperature', 'densenet40']) expect(legend).toContain(name);
    expect(byClass(root, 'legend-ece').map(textOf)).toEqual(['ECE 0.1234', 'ECE 0.0121', 'ECE 0.0987']);
    expect(textOf(byName(root, 'title')[0] as XmlElement)).toBe('Model comparison');
  });

  it('shortens a long series name instead of overlapping the ECE column', () => {
    const long = 'a'.repeat(200);
    const root = parseXml(renderReliabilitySvg({ panels: [{ title: 't', series: [series(long, sparse, 0.1), series('b', sparse, 0.2)] }] }));
    const label = byClass(root, 'legend-text').map(textOf).find((t) => t.startsWith('aaa'));
    expect(label).toMatch(/^a+…a+$/); // cut in the middle: names differ at either end
    expect(label?.length).toBeLessThan(60);
  });

  it('shortens a long panel title in the middle, keeping its end', () => {
    const title = 'experiments-2024-06-resnet50-imagenet-finetune-lr0.01-wd5e-4-seed3.csv';
    const root = parseXml(renderReliabilitySvg({ panels: [{ title, series: [series('m', sparse, 0.1)] }] }));
    const shown = byClass(root, 'panel-title').map(textOf)[0] ?? '';
    expect(shown).toMatch(/^experiments-2024.*….*seed3\.csv$/);
    expect(shown.length).toBeLessThan(title.length);
  });
});

describe('renderReliabilitySvg, edge cases', () => {
  it('draws nothing for a series whose bins are all empty', () => {
    const empty = makeBins(10, (c) => c, () => 0);
    const root = parseXml(renderReliabilitySvg({ panels: [{ title: 'empty', series: [series('e', empty, 0)] }] }));
    expect(byClass(root, 'bar')).toHaveLength(0);
    expect(byClass(root, 'hist-bar')).toHaveLength(0);
    expect(byClass(root, 'diagonal')).toHaveLength(1);
  });

  it('rejects NaN and out-of-range values with an internal CalibError naming the bin', () => {
    const bad = makeBins(5, (c) => c, () => 10);
    const broken = bad.map((b, i) => (i === 2 ? { ...b, accuracy: NaN } : b));
    const input: DiagramInput = { panels: [{ title: 'p', series: [series('s', broken, 0)] }] };
    expect(() => renderReliabilitySvg(input)).toThrow(CalibError);
    expect(() => renderReliabilitySvg(input)).toThrow(/bin 3: accuracy must be a number in \[0, 1\], got NaN/);
    expect(() => renderReliabilitySvg({ panels: [] })).toThrow(/no panels/);
    const wrongIntervals = { ...series('s', bad, 0), intervals: [null] };
    expect(() => renderReliabilitySvg({ panels: [{ title: 'p', series: [wrongIntervals] }] })).toThrow(/1 intervals for 5 bins/);
  });

  it('draws a smooth curve with its band when given', () => {
    const curve = Array.from({ length: 21 }, (_, i) => ({ x: i / 20, y: (i / 20) ** 2, lower: Math.max(0, (i / 20) ** 2 - 0.05), upper: Math.min(1, (i / 20) ** 2 + 0.05) }));
    const root = parseXml(renderReliabilitySvg({ panels: [{ title: 'c', series: [{ ...series('s', overconfident, 0.1), curve }] }] }));
    expect(byClass(root, 'curve')).toHaveLength(1);
    expect(byClass(root, 'curve-band')).toHaveLength(1);
    expect(byClass(root, 'legend-text').map(textOf)).toContain('Smoothed curve');
  });

  it('always parses, with one bar per non-empty bin and no NaN, for any valid bins', () => {
    const binArb = fc.integer({ min: 1, max: 40 }).chain((M) => fc.array(
      fc.record({ count: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1e6 })), acc: fc.double({ min: 0, max: 1, noNaN: true }), conf: fc.double({ min: 0, max: 1, noNaN: true }) }),
      { minLength: M, maxLength: M },
    ).map((rows) => rows.map((r, m) => ({
      lower: m / M, upper: (m + 1) / M, count: r.count,
      mean_confidence: r.count ? r.conf : null, accuracy: r.count ? r.acc : null, gap: r.count ? r.conf - r.acc : null,
    }))));
    fc.assert(fc.property(binArb, fc.integer({ min: 1, max: 3 }), (bins, k) => {
      const s = Array.from({ length: k }, (_, i) => series(`s${i}`, bins, 0.5));
      const out = renderReliabilitySvg({ panels: [{ title: 'p', series: s }] });
      expect(out).not.toMatch(/NaN|Infinity|undefined/);
      const root = parseXml(out);
      const nonEmpty = bins.filter((b) => b.count > 0).length;
      if (k === 1) expect(byClass(root, 'bar')).toHaveLength(nonEmpty);
      else expect(byClass(root, 'point')).toHaveLength(k * nonEmpty);
      expect(descendants(root).length).toBeGreaterThan(10);
    }), { numRuns: 60 });
  });
});
