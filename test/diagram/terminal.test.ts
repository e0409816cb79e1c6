import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderTerminalDiagram, TERMINAL_GLYPHS } from '../../src/report/diagram/index.js';
import { calibrated, makeBins, overconfident, sparse, underconfident } from './samples.js';

const ANSI = /\u001b\[[0-9;]*m/g;
const lines = (s: string) => s.replace(/\n$/, '').split('\n');
const columns = (line: string) => Array.from(line.replace(ANSI, '')).length;

describe('renderTerminalDiagram, colour off', () => {
  it('over-confident: ░ between bar top and diagonal, bins 1-4 empty', () => {
    // accuracy = c^2 at midpoints c = (2m - 1)/30; counts 10 (m - 1)^2, largest 1960 in bin 15.
    expect('\n' + renderTerminalDiagram(overconfident, { color: false, width: 72, title: 'resnet110 (ECE 0.1234)' })).toMatchInlineSnapshot(`
      "
      resnet110 (ECE 0.1234)
      1.0 ┤                                                          ...░░░░
          │                                                    ..··░░░░ ████
      0.8 ┤                                             ...░░░ ░░░ ████ ████
          │                                       ..··░░░░ ░░░ ███ ████ ████
      0.6 ┤                                ...░░░ ░░░ ░░░░ ███ ███ ████ ████
          │                          ..··░░░░ ░░░ ░░░ ████ ███ ███ ████ ████
      0.4 ┤                   ...░░░ ░░░ ░░░░ ░░░ ███ ████ ███ ███ ████ ████
          │             ..··░░░░ ░░░ ░░░ ░░░░ ███ ███ ████ ███ ███ ████ ████
      0.2 ┤      ...··˙˙    ░░░░ ░░░ ███ ████ ███ ███ ████ ███ ███ ████ ████
          │..··˙˙           ████ ███ ███ ████ ███ ███ ████ ███ ███ ████ ████
      0.0 ┼─────────────────────────────────────────────────────────────────
      1960│                                                ▂▂▂ ▄▄▄ ▆▆▆▆ ████
         n│                 ▁▁▁▁ ▂▂▂ ▃▃▃ ▄▄▄▄ ▅▅▅ ▇▇▇ ████ ███ ███ ████ ████
          └┬────────────┬────────────┬────────────┬────────────┬───────────┬
           0.0         0.2          0.4          0.6          0.8         1.0
                                      confidence
      █ accuracy  ░ over-confident  ▓ under-confident  · diagonal  ▁▄█ count
      "
    `);
  });

  it('under-confident: ▓ where the bar rises above the diagonal, bin 4 empty', () => {
    // accuracy = 0.15 + 0.8 c at midpoints 0.05..0.95: above c for c < 0.75 (▓ excess), equal
    // at 0.75 (bin 8: a bar to 0.75, ▄ is half a row), and 0.02 and 0.04 short of c at 0.85 and
    // 0.95: under half a row, so no gap cell, and the bars are drawn to the eighth (▂ 0.83, ▁ 0.91).
    expect('\n' + renderTerminalDiagram(underconfident, { color: false, width: 60 })).toMatchInlineSnapshot(`
      "
      1.0 ┤                                                ▁▁▁▁▁
          │                                          ▂▂▂▂▂ █████
      0.8 ┤                                     ▄▄▄▄ █████ █████
          │                                ▓▓▓▓ ████ █████ █████
      0.6 ┤                          .▓▓▓▓ ████ ████ █████ █████
          │                     ▓▓▓▓▓ ████ ████ ████ █████ █████
      0.4 ┤                ..·˙˙█████ ████ ████ ████ █████ █████
          │     ▓▓▓▓▓ ▓▓▓▓      █████ ████ ████ ████ █████ █████
      0.2 ┤▓▓▓▓ █████ ████      █████ ████ ████ ████ █████ █████
          │▓▓▓▓ █████ ████      █████ ████ ████ ████ █████ █████
      0.0 ┼─────────────────────────────────────────────────────
       460│                     ▁▁▁▁▁ ▂▂▂▂ ▄▄▄▄ ▅▅▅▅ ▇▇▇▇▇ █████
         n│▃▃▃▃ ▅▅▅▅▅ ▆▆▆▆      █████ ████ ████ ████ █████ █████
          └┬──────────┬─────────┬──────────┬─────────┬─────────┬
           0.0       0.2       0.4        0.6       0.8       1.0
                                confidence
      █ accuracy  ░ over-conf.  ▓ under-conf.  · ideal  ▁▄█ count
      "
    `);
  });

  it('mostly empty bins are left blank, the diagonal shows through', () => {
    // Perfectly calibrated bins 2, 7 and 10 of 10 with 50 rows each: no gap marks at all.
    expect('\n' + renderTerminalDiagram(sparse, { color: false, width: 50 })).toMatchInlineSnapshot(`
      "
      1.0 ┤                                       ▄▄▄▄
          │                                  ..·˙˙████
      0.8 ┤                              ..·˙     ████
          │                          ▄▄▄          ████
      0.6 ┤                     ..·˙˙███          ████
          │                 ..·˙     ███          ████
      0.4 ┤             .··˙         ███          ████
          │         .·˙˙             ███          ████
      0.2 ┤    ▄▄▄▄                  ███          ████
          │.··˙████                  ███          ████
      0.0 ┼───────────────────────────────────────────
        50│    ████                  ███          ████
         n│    ████                  ███          ████
          └┬────────┬───────┬────────┬───────┬───────┬
           0.0     0.2     0.4      0.6     0.8     1.0
                           confidence
      █ acc  ░ over  ▓ under  · ideal  ▄ n
      "
    `);
  });
});

describe('renderTerminalDiagram, invariants', () => {
  it('uses ░ only for over-confidence and ▓ only for under-confidence', () => {
    const over = renderTerminalDiagram(overconfident, { color: false });
    expect(over).toContain(TERMINAL_GLYPHS.over + TERMINAL_GLYPHS.over);
    expect(lines(over).slice(0, -1).join('\n')).not.toContain(TERMINAL_GLYPHS.under);
    const under = renderTerminalDiagram(makeBins(10, (c) => Math.min(1, c + 0.2), () => 100), { color: false });
    expect(lines(under).slice(0, -1).join('\n')).not.toContain(TERMINAL_GLYPHS.over);
    expect(under).toContain(TERMINAL_GLYPHS.under);
  });

  it('has a one-line legend naming every mark', () => {
    const legend = lines(renderTerminalDiagram(calibrated, { color: false })).at(-1) ?? '';
    expect(legend).toBe('█ accuracy  ░ over-confident  ▓ under-confident  · diagonal  ▁▄█ count');
  });

  it('never emits escapes with colour off, and with colour on differs only by escapes', () => {
    for (const bins of [overconfident, underconfident, sparse]) {
      const plain = renderTerminalDiagram(bins, { color: false, title: 't' });
      const coloured = renderTerminalDiagram(bins, { color: true, title: 't' });
      expect(plain).not.toMatch(ANSI);
      expect(coloured).toMatch(ANSI);
      expect(coloured.replace(ANSI, '')).toBe(plain);
    }
  });

  it('fits the requested width and never exceeds 80 columns', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 60 }), fc.string(), (width, M, title) => {
      const bins = makeBins(M, (c) => c * c, (m) => (m % 3 === 0 ? 0 : m * 7));
      const out = renderTerminalDiagram(bins, { color: true, width, title });
      const limit = Math.min(80, Math.max(40, width));
      for (const line of lines(out)) expect(columns(line)).toBeLessThanOrEqual(limit);
    }), { numRuns: 200 });
  });

  it('shortens a long title with an ellipsis', () => {
    const first = lines(renderTerminalDiagram(sparse, { color: false, width: 40, title: 'x'.repeat(100) }))[0];
    expect(first).toBe('x'.repeat(39) + '…');
  });

  it('draws bars to an eighth of a row when the gap is under half a row', () => {
    // One bin over [0, 1] with accuracy 0.5125 and confidence 0.5: the bar fills rows 0-4 (0.5)
    // and 1/8 of row 5 (0.0125 * 10 rows = 0.125 row), so the column reads █████▁ from below.
    const bins = [{ lower: 0, upper: 1, count: 10, mean_confidence: 0.5, accuracy: 0.5125, gap: -0.0125 }];
    const rows = lines(renderTerminalDiagram(bins, { color: false, width: 40 }));
    const column = rows.slice(0, 10).map((r) => r[6] ?? ' ').reverse().join('');
    expect(column).toBe('█████▁    ');
  });
});
