/** Honest small bins: faint bins with their counts, a count axis where every bin shows, the curve only where rows are. */
import { describe, expect, it } from 'vitest';
import { renderReliabilitySvg, type DiagramInput } from '../../src/report/diagram/index.js';
import { histogramScaleFor } from '../../src/report/diagram/svg-panel.js';
import { makeBins, series } from './samples.js';
import { byClass, byName, parseXml, textOf } from './xml-tree.js';

/** 450 rows, 436 of them in the last bin (the example): bins 7 to 14 hold 1 to 3 rows. */
const skewed = makeBins(15, (c) => c * 0.9, (m) => (m === 14 ? 436 : m >= 7 ? [2, 1, 3, 2, 1, 2, 1][m - 7]! : 0));
const single = (bins = skewed, extra: Partial<DiagramInput> = {}): DiagramInput => ({ panels: [{ title: 't', series: [series('m', bins, 0.05)] }], ...extra });

describe('bins with few rows', () => {
  const root = parseXml(renderReliabilitySvg(single()));

  it('are drawn faint, with their row count over them; full bins are not', () => {
    const faint = byClass(root, 'bar-faint');
    expect(faint).toHaveLength(7);
    expect(faint.every((b) => Number(b.attrs['fill-opacity']) < 0.5)).toBe(true);
    expect(byClass(root, 'bar')).toHaveLength(8);
    expect(byClass(root, 'bin-count').map(textOf)).toEqual(['2', '1', '3', '2', '1', '2', '1']);
    expect(byName(root, 'text').map(textOf)).toContain('Under 10 rows: n shown');
  });

  it('follow the threshold given', () => {
    const none = parseXml(renderReliabilitySvg(single(skewed, { faintBelow: 0 })));
    expect(byClass(none, 'bar-faint')).toHaveLength(0);
    expect(byClass(none, 'bin-count')).toHaveLength(0);
    const more = parseXml(renderReliabilitySvg(single(skewed, { faintBelow: 1000 })));
    expect(byClass(more, 'bar-faint')).toHaveLength(8);
  });

  it('are left out of the compare lines and drawn hollow', () => {
    const many = makeBins(15, (c) => c, (m) => (m % 2 === 0 ? 50 : 2));
    const input: DiagramInput = { panels: [{ title: 't', series: [series('a', many, 0.1), series('b', skewed, 0.2)] }] };
    const svg = parseXml(renderReliabilitySvg(input));
    const lines = byClass(svg, 'series-line');
    // Series a: 8 bins of 50 rows joined (7 segments), its 7 bins of 2 rows hollow; series b: one full bin, no line.
    expect(lines).toHaveLength(1);
    expect((lines[0]!.attrs.d ?? '').split('L')).toHaveLength(8);
    expect(byClass(svg, 'point-faint')).toHaveLength(7 + 7);
    expect(byClass(svg, 'point')).toHaveLength(8 + 1 + 7 + 7); // every marker, faint ones included
  });
});

describe('the count axis', () => {
  it('is linear while every bin shows, logarithmic when one would vanish', () => {
    expect(histogramScaleFor([100, 200, 300], 'auto').log).toBe(false);
    const skewedScale = histogramScaleFor(skewed.map((b) => b.count), 'auto');
    expect(skewedScale).toEqual({ log: true, ticks: [1, 10, 100, 1000] });
    expect(histogramScaleFor([100, 200, 300], 'log').log).toBe(true);
    expect(histogramScaleFor(skewed.map((b) => b.count), 'linear').log).toBe(false);
  });

  it('gives every non-empty bin a bar at least 4 px tall', () => {
    const root = parseXml(renderReliabilitySvg(single()));
    const bars = byClass(root, 'hist-bar');
    expect(bars).toHaveLength(8);
    expect(Math.min(...bars.map((b) => Number(b.attrs.height)))).toBeGreaterThanOrEqual(4);
    expect(byName(root, 'text').map(textOf)).toContain('Count (log)');
    // On a linear axis the one-row bins would be 84 * 1 / 500 = 0.17 px tall.
    const linear = parseXml(renderReliabilitySvg(single(skewed, { histogramScale: 'linear' })));
    expect(Math.min(...byClass(linear, 'hist-bar').map((b) => Number(b.attrs.height)))).toBeLessThan(1);
  });
});

describe('the smooth curve', () => {
  it('is drawn only where enough rows support it, as separate stretches', () => {
    const curve = Array.from({ length: 11 }, (_, i) => ({ x: i / 10, y: i / 10, lower: 0, upper: 1, support: i >= 4 && i <= 6 ? 3 : 50 }));
    const input: DiagramInput = { panels: [{ title: 't', series: [{ ...series('m', skewed, 0.05), curve }] }] };
    const root = parseXml(renderReliabilitySvg(input));
    const paths = byClass(root, 'curve');
    expect(paths).toHaveLength(2);
    expect(paths.map((p) => (p.attrs.d ?? '').split('L').length)).toEqual([4, 4]);
    expect(byClass(root, 'curve-band')).toHaveLength(2);
  });
});
