/**
 * The reliability diagram as a standalone SVG document (Guo et al. 2017, "On Calibration of
 * Modern Neural Networks", fig. 1 style): accuracy per confidence bin against the diagonal of
 * perfect calibration, the gap to it shaded, and the count histogram below on the same x axis.
 * Hand-written markup: no charting library, no scripts, no external references.
 */
import { formatMetric } from './format.js';
import { FONT_STACK, THEME } from './palette.js';
import { el, group } from './svg-elements.js';
import { LAYOUT, panelFrame } from './svg-layout.js';
import { legendRows } from './svg-legend.js';
import { renderPanel, type PatternIds } from './svg-panel.js';
import type { DiagramInput } from './types.js';
import { checkDiagram, type CheckedPanel } from './validate.js';
import { escapeXml } from './xml.js';

export interface SvgOptions {
  /**
   * Omit the `xmlns` attribute, for SVG inlined in an HTML document (where it is implied).
   * Default false: the output is a standalone `.svg` file.
   */
  inline?: boolean;
  /** The `font-family` of the whole drawing; default a system sans-serif stack (the PNG renderer names its bundled font). */
  fontFamily?: string;
}

/**
 * Render one or more reliability-diagram panels side by side as an SVG document.
 *
 * One series per panel: bars of accuracy over each bin's [lower, upper], the gap between the
 * bar top and the bin's mean confidence (where the diagonal meets the bin: the quantity ECE
 * averages) hatched vermillion when over-confident and blue when under-confident, per-bin
 * interval whiskers when given. Several series per panel: lines and markers at (mean
 * confidence, accuracy) of each non-empty bin, one Okabe-Ito colour and marker shape each.
 * ECE and N are in the legend; empty bins draw nothing.
 *
 * @example
 * renderReliabilitySvg({ panels: [{ title: 'Before', series: [{ name: 'model', bins, ece: 0.042, n: 1000 }] }] })
 * // '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="..." viewBox="0 0 400 ..." ...>...</svg>'
 */
export function renderReliabilitySvg(input: DiagramInput, options: SvgOptions = {}): string {
  const panels = checkDiagram(input);
  const rows = Math.max(...panels.map(legendRows));
  const frame = panelFrame(rows);
  const columns = Math.max(1, Math.min(panels.length, input.columns ?? panels.length));
  const gridRows = Math.ceil(panels.length / columns);
  const width = columns * LAYOUT.panelWidth;
  const height = gridRows * frame.height;
  const idPrefix = `calib-rd-${hash(JSON.stringify(input))}`;
  const ids: PatternIds = { over: `${idPrefix}-over`, under: `${idPrefix}-under` };
  const title = input.title ?? panels.map((p) => p.title).join(' | ');

  const body = [
    el('title', {}, escapeXml(title)),
    el('desc', {}, escapeXml(describe(panels))),
    el('defs', {}, hatch(ids.over, THEME.over, 45) + hatch(ids.under, THEME.under, -45)),
    el('rect', { width, height, fill: THEME.background }),
    ...panels.map((panel, i) => {
      const [dx, dy] = [(i % columns) * LAYOUT.panelWidth, Math.floor(i / columns) * frame.height];
      return group({ class: 'panel', transform: i === 0 ? undefined : `translate(${dx} ${dy})` }, [renderPanel(panel, frame, ids)]);
    }),
  ];
  return el('svg', {
    xmlns: options.inline ? undefined : 'http://www.w3.org/2000/svg',
    width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'calib-reliability',
    'font-family': options.fontFamily ?? FONT_STACK,
  }, body.join('')) + '\n';
}

/** A text alternative: every series with its ECE, for screen readers and search. */
function describe(panels: readonly CheckedPanel[]): string {
  return 'Reliability diagram. ' + panels.map((p) =>
    `${p.title}: ` + p.series.map((s) => `${s.name} ECE ${formatMetric(s.ece)}, N ${s.n}`).join('; ')).join('. ') + '.';
}

/** A diagonal hatch over a light tint of `color`. */
function hatch(id: string, color: string, angle: number): string {
  return el('pattern', {
    id, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: `rotate(${angle})`,
  }, el('rect', { width: 6, height: 6, fill: color, 'fill-opacity': 0.18 })
    + el('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: color, 'stroke-width': 2, 'stroke-opacity': 0.75 }));
}

/**
 * FNV-1a (32-bit) of the input, in hex: pattern ids that differ between diagrams, so several
 * SVGs can share one HTML page, yet the same input always renders the same bytes.
 */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
