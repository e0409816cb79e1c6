/**
 * One panel: title, legend, accuracy plot (bars and gaps for one series, lines and markers for
 * several), the perfect-calibration diagonal, and the count histogram on the same x axis.
 */
import { coord, formatTickCount, formatUnitTick } from './format.js';
import { seriesColor, seriesMarker, THEME } from './palette.js';
import { el, fitTextMiddle, group, marker, pathData, text } from './svg-elements.js';
import { countTicks, LAYOUT, PLOT_SIZE, UNIT_TICKS, type PanelFrame } from './svg-layout.js';
import { renderLegend } from './svg-legend.js';
import type { CheckedPanel, CheckedSeries, DrawBin } from './validate.js';
import type { CorpPanel, CurvePoint, Interval } from './types.js';

export interface PatternIds {
  over: string;
  under: string;
}

export function renderPanel(panel: CheckedPanel, frame: PanelFrame, ids: PatternIds): string {
  const { left } = frame;
  const overlay = panel.series.length > 1;
  const parts = [
    text(left + PLOT_SIZE / 2, LAYOUT.titleBaseline, fitTextMiddle(panel.title, LAYOUT.fontSize.title, PLOT_SIZE + 40), {
      class: 'panel-title', 'text-anchor': 'middle', 'font-size': LAYOUT.fontSize.title, 'font-weight': 600, fill: THEME.text,
    }),
    renderLegend(panel, LAYOUT.legendLeft, LAYOUT.legendTop, ids),
    grid(frame),
    panel.corp ? corpCurve(panel.corp, frame)
      : overlay ? overlaySeries(panel.series, frame, panel.faintBelow) : barSeries(panel.series[0], frame, ids, panel.faintBelow),
    axes(frame),
    histogram(panel.series, frame, panel.histogramScale),
  ];
  return parts.join('');
}

function grid(f: PanelFrame): string {
  const lines = UNIT_TICKS.filter((t) => t > 0).flatMap((t) => [
    el('line', { x1: f.x(t), y1: f.y(0), x2: f.x(t), y2: f.y(1) }),
    el('line', { x1: f.x(0), y1: f.y(t), x2: f.x(1), y2: f.y(t) }),
  ]);
  return group({ class: 'grid', stroke: THEME.grid, 'stroke-width': 1 }, [
    el('rect', { x: f.x(0), y: f.y(1), width: PLOT_SIZE, height: PLOT_SIZE, fill: THEME.background }),
    ...lines,
  ]);
}

const INSET = 0.6;

function barSeries(series: CheckedSeries | undefined, f: PanelFrame, ids: PatternIds, faintBelow: number): string {
  if (!series) return '';
  const bars: string[] = [];
  const gaps: string[] = [];
  const counts: string[] = [];
  series.bins.forEach((bin, i) => {
    if (!bin.filled) return;
    const x = f.x(bin.lower) + INSET;
    const width = Math.max(0.5, f.x(bin.upper) - f.x(bin.lower) - 2 * INSET);
    const faint = bin.count < faintBelow;
    bars.push(el('rect', {
      class: faint ? 'bar bar-faint' : 'bar', x, y: f.y(bin.accuracy), width, height: f.y(0) - f.y(bin.accuracy),
      fill: THEME.bar, stroke: THEME.barStroke, 'stroke-width': 0.75,
      'fill-opacity': faint ? FAINT_OPACITY : undefined, 'stroke-opacity': faint ? FAINT_OPACITY : undefined,
    }));
    if (faint) counts.push(countLabel(bin, series.intervals[i] ?? null, f));
    // A gap of a rounding error (0.15 + 0.8 * 0.75 vs 0.75) is no gap: draw none rather than a sliver.
    if (Math.abs(bin.confidence - bin.accuracy) < 1e-9) return;
    const over = bin.confidence > bin.accuracy;
    const top = Math.max(bin.confidence, bin.accuracy);
    const bottom = Math.min(bin.confidence, bin.accuracy);
    gaps.push(el('rect', {
      class: over ? 'gap gap-over' : 'gap gap-under', x, y: f.y(top), width, height: f.y(bottom) - f.y(top),
      fill: `url(#${over ? ids.over : ids.under})`, stroke: over ? THEME.over : THEME.under, 'stroke-width': 1,
      opacity: faint ? FAINT_OPACITY : undefined,
    }));
  });
  return [
    group({ class: 'bars' }, bars),
    group({ class: 'gaps' }, gaps),
    diagonal(f),
    whiskers(series.bins, series.intervals, f, THEME.text, (b) => f.x(binCentre(b))),
    curve(series, f, seriesColor(2), faintBelow),
    group({ class: 'bin-counts' }, counts),
  ].join('');
}

/**
 * The CORP diagram: the consistency band around the diagonal (where a calibrated model's PAV
 * fit would fall), the diagonal, and the PAV step function on top.
 */
function corpCurve(corp: CorpPanel, f: PanelFrame): string {
  const parts: string[] = [];
  const band = [...corp.band].sort((a, b) => a.x - b.x);
  if (band.length > 1) {
    const upper = band.map((p) => [f.x(p.x), f.y(p.upper)] as const);
    const lower = [...band].reverse().map((p) => [f.x(p.x), f.y(p.lower)] as const);
    parts.push(el('path', { class: 'corp-band', d: pathData([...upper, ...lower]) + ' Z', fill: THEME.band, 'fill-opacity': 0.3, stroke: 'none' }));
  }
  parts.push(diagonal(f));
  const pts: Array<readonly [number, number]> = [];
  corp.blocks.forEach((b, i) => {
    const next = corp.blocks[i + 1];
    pts.push([f.x(b.lower), f.y(b.fitted)], [f.x(next ? next.lower : b.upper), f.y(b.fitted)]);
  });
  parts.push(el('path', {
    class: 'corp-curve', d: pathData(pts), fill: 'none', stroke: THEME.corp, 'stroke-width': 2.25, 'stroke-linejoin': 'round',
  }));
  return group({ class: 'corp' }, parts);
}

/** Opacity of a bin with too few rows to read much into (bars, gaps, markers). */
export const FAINT_OPACITY = 0.35;

/**
 * A faint bin's row count, centred over the bin: above its bar, gap and whisker, or just inside
 * the plot's top edge when they reach it.
 */
function countLabel(bin: DrawBin, interval: Interval | null, f: PanelFrame): string {
  const size = LAYOUT.fontSize.count;
  const top = Math.max(bin.accuracy, bin.confidence, interval?.upper ?? 0);
  const above = f.y(top) - 4;
  const y = above - size < f.y(1) ? f.y(1) + size + 2 : above;
  return text(f.x(binCentre(bin)), y, String(bin.count), {
    class: 'bin-count', 'text-anchor': 'middle', 'font-size': size, fill: THEME.mutedText,
  });
}

function diagonal(f: PanelFrame): string {
  return el('line', {
    class: 'diagonal', x1: f.x(0), y1: f.y(0), x2: f.x(1), y2: f.y(1),
    stroke: THEME.diagonal, 'stroke-width': 1.25, 'stroke-dasharray': '5 4',
  });
}

function binCentre(bin: DrawBin): number {
  return (bin.lower + bin.upper) / 2;
}

/** Interval whiskers with caps, at the x position `xOf` gives (px). */
function whiskers(
  bins: readonly DrawBin[], intervals: ReadonlyArray<Interval | null>, f: PanelFrame, color: string,
  xOf: (bin: DrawBin) => number,
): string {
  const marks = intervals.flatMap((iv, i) => {
    const bin = bins[i];
    if (!iv || !bin) return [];
    const cx = xOf(bin);
    const cap = Math.min(4, Math.max(1.5, (f.x(bin.upper) - f.x(bin.lower)) / 5));
    const [top, bottom] = [f.y(iv.upper), f.y(iv.lower)];
    const d = `M${coord(cx - cap)} ${coord(top)} H${coord(cx + cap)} M${coord(cx)} ${coord(top)} V${coord(bottom)} `
      + `M${coord(cx - cap)} ${coord(bottom)} H${coord(cx + cap)}`;
    return [el('path', { class: 'whisker', d })];
  });
  return group({ class: 'whiskers', stroke: color, 'stroke-width': 1.2, fill: 'none' }, marks);
}

/**
 * The smooth curve and its band, drawn only where at least `faintBelow` rows support it (points
 * without a `support` count are always drawn): one path per supported stretch.
 */
function curve(series: CheckedSeries, f: PanelFrame, color: string, faintBelow: number): string {
  if (series.curve.length === 0) return '';
  const sorted = [...series.curve].sort((a, b) => a.x - b.x);
  const stretches: CurvePoint[][] = [];
  let current: CurvePoint[] = [];
  for (const p of sorted) {
    if (p.support !== undefined && p.support < faintBelow) {
      if (current.length > 0) stretches.push(current);
      current = [];
    } else {
      current.push(p);
    }
  }
  if (current.length > 0) stretches.push(current);
  const parts: string[] = [];
  for (const pts of stretches.filter((s) => s.length > 1)) {
    if (pts.every((p) => p.lower !== undefined && p.upper !== undefined)) {
      const upper = pts.map((p) => [f.x(p.x), f.y(p.upper ?? p.y)] as const);
      const lower = [...pts].reverse().map((p) => [f.x(p.x), f.y(p.lower ?? p.y)] as const);
      parts.push(el('path', { class: 'curve-band', d: pathData([...upper, ...lower]) + ' Z', fill: color, 'fill-opacity': 0.16, stroke: 'none' }));
    }
    parts.push(el('path', {
      class: 'curve', d: pathData(pts.map((p) => [f.x(p.x), f.y(p.y)] as const)),
      fill: 'none', stroke: color, 'stroke-width': 2.25, 'stroke-linejoin': 'round',
    }));
  }
  return parts.length === 0 ? '' : group({ class: 'curves' }, parts);
}

/**
 * Several series as lines and markers. Bins under `faintBelow` rows get a hollow, faint marker
 * and the line passes them by, so a bin of two rows cannot make a line zigzag.
 */
function overlaySeries(series: readonly CheckedSeries[], f: PanelFrame, faintBelow: number): string {
  const layers = series.map((s, i) => {
    const color = seriesColor(i);
    const filled = s.bins.filter((b) => b.filled).sort((a, b) => a.confidence - b.confidence);
    const solid = filled.filter((b) => b.count >= faintBelow);
    const faint = filled.filter((b) => b.count < faintBelow);
    // Whiskers of different series at the same confidence are nudged apart so each stays visible.
    const nudge = (i - (series.length - 1) / 2) * 3;
    return group({ class: 'series', 'data-series': s.name }, [
      curve(s, f, color, faintBelow),
      whiskers(s.bins, s.intervals, f, color, (b) => f.x(b.filled ? b.confidence : binCentre(b)) + nudge),
      solid.length > 1 ? el('path', {
        class: 'series-line', d: pathData(solid.map((b) => [f.x(b.confidence), f.y(b.accuracy)] as const)),
        fill: 'none', stroke: color, 'stroke-width': 2, 'stroke-linejoin': 'round',
      }) : '',
      group({ class: 'points', fill: color, stroke: '#ffffff', 'stroke-width': 1 },
        solid.map((b) => marker(seriesMarker(i), f.x(b.confidence), f.y(b.accuracy), { class: 'point' }))),
      faint.length > 0 ? group({ class: 'points points-faint', fill: '#ffffff', stroke: color, 'stroke-width': 1.25, opacity: FAINT_OPACITY + 0.2 },
        faint.map((b) => marker(seriesMarker(i), f.x(b.confidence), f.y(b.accuracy), { class: 'point point-faint' }))) : '',
    ]);
  });
  return diagonal(f) + layers.join('');
}

function axes(f: PanelFrame): string {
  const size = LAYOUT.fontSize.tick;
  const yTicks = UNIT_TICKS.map((t) => el('line', { x1: f.x(0) - 5, y1: f.y(t), x2: f.x(0), y2: f.y(t) })
    + text(f.x(0) - 8, f.y(t) + size * 0.35, formatUnitTick(t), { 'text-anchor': 'end', stroke: 'none', fill: THEME.mutedText, 'font-size': size }));
  const xTicks = UNIT_TICKS.map((t) => el('line', { x1: f.x(t), y1: f.y(0), x2: f.x(t), y2: f.y(0) + 4 }));
  const centreY = (f.y(0) + f.y(1)) / 2;
  return group({ class: 'axes', stroke: THEME.axis, 'stroke-width': 1 }, [
    el('path', { d: `M${coord(f.x(0))} ${coord(f.y(1))} V${coord(f.y(0))} H${coord(f.x(1))}`, fill: 'none' }),
    ...yTicks,
    ...xTicks,
    text(18, centreY, 'Accuracy', {
      class: 'axis-label', transform: `rotate(-90 18 ${centreY})`, 'text-anchor': 'middle', stroke: 'none',
      fill: THEME.text, 'font-size': LAYOUT.fontSize.axis,
    }),
  ]);
}

/** Below this height (px) a non-empty bin would vanish on a linear axis; then the axis is logarithmic. */
const MIN_VISIBLE_BAR = 4;

/**
 * The count scale: linear, or logarithmic when `auto` finds the smallest non-empty bin under
 * `MIN_VISIBLE_BAR` px on a linear axis (436 of 450 rows in one bin). The log axis starts at
 * 0.5, so a bin of one row is still a visible bar.
 */
export function histogramScaleFor(counts: readonly number[], scale: 'auto' | 'linear' | 'log'): { log: boolean; ticks: number[] } {
  const max = Math.max(0, ...counts);
  const nonEmpty = counts.filter((c) => c > 0);
  const smallest = nonEmpty.length > 0 ? Math.min(...nonEmpty) : 0;
  const linear = countTicks(max);
  const top = linear[linear.length - 1] ?? 1;
  const log = scale === 'log' || (scale === 'auto' && smallest > 0 && (smallest / top) * LAYOUT.histHeight < MIN_VISIBLE_BAR);
  if (!log) return { log: false, ticks: linear };
  const ticks = [1];
  while ((ticks[ticks.length - 1] ?? 1) < max) ticks.push((ticks[ticks.length - 1] ?? 1) * 10);
  if (ticks.length === 1) ticks.push(10);
  return { log: true, ticks };
}

function histogram(series: readonly CheckedSeries[], f: PanelFrame, scale: 'auto' | 'linear' | 'log'): string {
  const size = LAYOUT.fontSize.tick;
  const { log, ticks } = histogramScaleFor(series.flatMap((s) => s.bins.map((b) => b.count)), scale);
  const top = ticks[ticks.length - 1] ?? 1;
  const h0 = f.histTop + LAYOUT.histHeight;
  const floor = Math.log10(0.5);
  const hy = log
    ? (c: number) => (c <= 0 ? h0 : h0 - ((Math.log10(c) - floor) / (Math.log10(top) - floor)) * LAYOUT.histHeight)
    : (c: number) => h0 - (c / top) * LAYOUT.histHeight;
  const content = series.length === 1
    ? (series[0]?.bins ?? []).filter((b) => b.count > 0).map((b) => el('rect', {
      class: 'hist-bar', x: f.x(b.lower) + INSET, y: hy(b.count),
      width: Math.max(0.5, f.x(b.upper) - f.x(b.lower) - 2 * INSET), height: h0 - hy(b.count),
      fill: THEME.histogram, stroke: THEME.barStroke, 'stroke-width': 0.5,
    }))
    : series.map((s, i) => el('path', {
      class: 'hist-step', d: stepPath(s.bins, f, hy, h0), fill: seriesColor(i), 'fill-opacity': 0.07,
      stroke: seriesColor(i), 'stroke-width': 1.5, 'stroke-linejoin': 'round',
    }));
  const yTicks = ticks.map((t) => el('line', { x1: f.x(0) - 5, y1: hy(t), x2: f.x(0), y2: hy(t), stroke: THEME.axis })
    + text(f.x(0) - 8, hy(t) + size * 0.35, formatTickCount(t), { 'text-anchor': 'end', fill: THEME.mutedText, 'font-size': size }));
  const gridLines = ticks.slice(1).map((t) => el('line', { x1: f.x(0), y1: hy(t), x2: f.x(1), y2: hy(t), stroke: THEME.grid }));
  const xTicks = UNIT_TICKS.map((t) => el('line', { x1: f.x(t), y1: h0, x2: f.x(t), y2: h0 + 5, stroke: THEME.axis })
    + text(f.x(t), h0 + 8 + size, formatUnitTick(t), { 'text-anchor': 'middle', fill: THEME.mutedText, 'font-size': size }));
  const centreY = f.histTop + LAYOUT.histHeight / 2;
  return group({ class: 'histogram' }, [
    ...gridLines,
    ...content,
    el('path', { d: `M${coord(f.x(0))} ${coord(f.histTop)} V${coord(h0)} H${coord(f.x(1))}`, fill: 'none', stroke: THEME.axis }),
    ...yTicks,
    ...xTicks,
    text(18, centreY, log ? 'Count (log)' : 'Count', {
      class: 'axis-label', transform: `rotate(-90 18 ${centreY})`, 'text-anchor': 'middle', fill: THEME.text, 'font-size': LAYOUT.fontSize.axis,
    }),
    text(f.x(0.5), h0 + LAYOUT.bottom - 10, 'Confidence', {
      class: 'axis-label', 'text-anchor': 'middle', fill: THEME.text, 'font-size': LAYOUT.fontSize.axis,
    }),
  ]);
}

/** Outline of a count histogram: up and down the edges of every bin, flat across each top. */
function stepPath(bins: readonly DrawBin[], f: PanelFrame, hy: (c: number) => number, h0: number): string {
  const pts: Array<readonly [number, number]> = [];
  const sorted = [...bins].sort((a, b) => a.lower - b.lower);
  for (const b of sorted) {
    pts.push([f.x(b.lower), h0], [f.x(b.lower), hy(b.count)], [f.x(b.upper), hy(b.count)], [f.x(b.upper), h0]);
  }
  return pathData(pts);
}
