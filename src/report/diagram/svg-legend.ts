/** The legend above each panel: a grid of swatches and labels, laid out without measuring fonts. */
import { formatCount, formatMetric } from './format.js';
import { seriesColor, seriesMarker, THEME } from './palette.js';
import { el, fitText, fitTextMiddle, group, marker, pathData, text, textWidth } from './svg-elements.js';
import { LAYOUT } from './svg-layout.js';
import type { CheckedPanel, CheckedSeries } from './validate.js';

type Swatch = 'bar' | 'faint' | 'over' | 'under' | 'diagonal' | 'whisker' | 'curve' | 'corp' | 'band' | 'none' | { series: number };

interface Entry {
  swatch: Swatch;
  label: string;
  /** Take the whole row (long labels: statistics, series names). */
  wide: boolean;
  /** Right-aligned columns after the label (a series' ECE and N), lined up across rows. */
  columns?: [string, string];
}

const SWATCH_WIDTH = 18;
const SWATCH_GAP = 6;
const COLUMN_GAP = 12;

export function seriesStats(s: CheckedSeries): string {
  return `ECE = ${formatMetric(s.ece)} · N = ${formatCount(s.n)}`;
}

function entries(panel: CheckedPanel): Entry[] {
  const [only] = panel.series;
  if (panel.corp && only) {
    const c = panel.corp;
    return [
      { swatch: 'corp', label: 'CORP (PAV) fit', wide: false },
      { swatch: 'diagonal', label: 'Perfect calibration', wide: false },
      { swatch: 'band', label: `${Math.round(c.level * 100)}% consistency band`, wide: false },
      { swatch: 'none', label: `Score ${formatMetric(c.score)} · N = ${formatCount(only.n)}`, wide: false },
      { swatch: 'none', label: `MCB ${formatMetric(c.mcb)} · DSC ${formatMetric(c.dsc)} · UNC ${formatMetric(c.unc)}`, wide: true },
    ];
  }
  if (panel.series.length === 1 && only) {
    const list: Entry[] = [
      { swatch: 'bar', label: 'Accuracy', wide: false },
      { swatch: 'diagonal', label: 'Perfect calibration', wide: false },
      { swatch: 'over', label: 'Over-confident gap', wide: false },
      { swatch: 'under', label: 'Under-confident gap', wide: false },
    ];
    if (only.intervals.some((iv) => iv !== null)) list.push({ swatch: 'whisker', label: 'Accuracy interval', wide: false });
    if (only.curve.length > 0) list.push({ swatch: 'curve', label: 'Smoothed curve', wide: false });
    if (only.bins.some((b) => b.filled && b.count < panel.faintBelow)) {
      list.push({ swatch: 'faint', label: `Under ${panel.faintBelow} rows: n shown`, wide: false });
    }
    const named = only.name.trim() !== '' && only.name !== panel.title;
    list.push({ swatch: 'none', label: named ? `${only.name}: ${seriesStats(only)}` : seriesStats(only), wide: true });
    return list;
  }
  const list: Entry[] = panel.series.map((s, i) => ({
    swatch: { series: i }, label: s.name, wide: true,
    columns: [`ECE ${formatMetric(s.ece)}`, `N ${formatCount(s.n)}`],
  }));
  list.push({ swatch: 'diagonal', label: 'Perfect calibration', wide: false });
  if (panel.series.some((s) => s.intervals.some((iv) => iv !== null))) {
    list.push({ swatch: 'whisker', label: 'Accuracy interval', wide: false });
  }
  if (panel.series.some((s) => s.bins.some((b) => b.filled && b.count < panel.faintBelow))) {
    list.push({ swatch: 'faint', label: `Hollow: under ${panel.faintBelow} rows`, wide: false });
  }
  return list;
}

interface Placed extends Entry {
  row: number;
  col: 0 | 1;
}

function place(list: readonly Entry[]): { placed: Placed[]; rows: number } {
  const placed: Placed[] = [];
  let row = 0;
  let col: 0 | 1 = 0;
  for (const entry of list) {
    if (entry.wide && col === 1) { row++; col = 0; }
    placed.push({ ...entry, row, col });
    if (entry.wide || col === 1) { row++; col = 0; } else { col = 1; }
  }
  return { placed, rows: col === 0 ? row : row + 1 };
}

export function legendRows(panel: CheckedPanel): number {
  return place(entries(panel)).rows;
}

function swatch(kind: Swatch, x: number, y: number, ids: { over: string; under: string }, panel: CheckedPanel): string {
  const mid = y - 4;
  if (typeof kind === 'object') {
    const color = seriesColor(kind.series);
    return el('line', { x1: x, y1: mid, x2: x + SWATCH_WIDTH, y2: mid, stroke: color, 'stroke-width': 2 })
      + marker(seriesMarker(kind.series), x + SWATCH_WIDTH / 2, mid, { fill: color, stroke: '#ffffff', 'stroke-width': 1 });
  }
  switch (kind) {
    case 'bar':
      return el('rect', { x, y: mid - 6, width: SWATCH_WIDTH, height: 12, fill: THEME.bar, stroke: THEME.barStroke, 'stroke-width': 0.75 });
    case 'faint':
      return panel.series.length === 1
        ? el('rect', { x, y: mid - 6, width: SWATCH_WIDTH, height: 12, fill: THEME.bar, stroke: THEME.barStroke, 'stroke-width': 0.75, 'fill-opacity': 0.35, 'stroke-opacity': 0.35 })
        : marker('circle', x + SWATCH_WIDTH / 2, mid, { fill: '#ffffff', stroke: THEME.mutedText, 'stroke-width': 1.25 });
    case 'over':
    case 'under':
      return el('rect', {
        x, y: mid - 6, width: SWATCH_WIDTH, height: 12, fill: `url(#${kind === 'over' ? ids.over : ids.under})`,
        stroke: kind === 'over' ? THEME.over : THEME.under, 'stroke-width': 1,
      });
    case 'diagonal':
      return el('line', { x1: x, y1: mid, x2: x + SWATCH_WIDTH, y2: mid, stroke: THEME.diagonal, 'stroke-width': 1.25, 'stroke-dasharray': '4 3' });
    case 'whisker': {
      const color = panel.series.length === 1 ? THEME.text : THEME.mutedText;
      const cx = x + SWATCH_WIDTH / 2;
      return el('path', { d: [
        pathData([[cx - 3, mid - 6], [cx + 3, mid - 6]]),
        pathData([[cx, mid - 6], [cx, mid + 6]]),
        pathData([[cx - 3, mid + 6], [cx + 3, mid + 6]]),
      ].join(' '), stroke: color, 'stroke-width': 1.2, fill: 'none' });
    }
    case 'curve':
      return el('line', { x1: x, y1: mid, x2: x + SWATCH_WIDTH, y2: mid, stroke: seriesColor(2), 'stroke-width': 2.25 });
    case 'corp':
      return el('path', { d: pathData([[x, mid + 5], [x + 7, mid + 5], [x + 7, mid - 1], [x + 13, mid - 1], [x + 13, mid - 5], [x + SWATCH_WIDTH, mid - 5]]),
        fill: 'none', stroke: THEME.corp, 'stroke-width': 2.25 });
    case 'band':
      return el('rect', { x, y: mid - 6, width: SWATCH_WIDTH, height: 12, fill: THEME.band, 'fill-opacity': 0.3, stroke: 'none' });
    case 'none':
      return '';
  }
}

/** The legend of one panel, its first row's baseline at `top + 13`. */
export function renderLegend(panel: CheckedPanel, left: number, top: number, ids: { over: string; under: string }): string {
  const { placed } = place(entries(panel));
  const span = LAYOUT.legendWidth;
  const colWidth = span / 2;
  const size = LAYOUT.fontSize.legend;
  const right = left + span;
  // Widths of the two stat columns, the widest value in each, so numbers line up across rows.
  const widths = [0, 1].map((k) => Math.max(0, ...placed.map((e) => textWidth(e.columns?.[k] ?? '', size))));
  const [eceWidth = 0, nWidth = 0] = widths;
  const items = placed.map((e) => {
    const x = left + e.col * colWidth;
    const baseline = top + e.row * LAYOUT.legendRowHeight + 13;
    const indent = e.swatch === 'none' ? 0 : SWATCH_WIDTH + SWATCH_GAP;
    const statsRoom = e.columns ? eceWidth + nWidth + 2 * COLUMN_GAP : 0;
    const room = (e.wide ? span - statsRoom : colWidth - 8) - indent;
    const fit = e.columns ? fitTextMiddle : fitText;
    const label = text(x + indent, baseline, fit(e.label, size, room), { class: 'legend-text', 'font-size': size, fill: THEME.text });
    const columns = e.columns
      ? text(right - nWidth - COLUMN_GAP, baseline, e.columns[0], { class: 'legend-text legend-ece', 'text-anchor': 'end', 'font-size': size, fill: THEME.text })
        + text(right, baseline, e.columns[1], { class: 'legend-text legend-n', 'text-anchor': 'end', 'font-size': size, fill: THEME.mutedText })
      : '';
    return swatch(e.swatch, x, baseline, ids, panel) + label + columns;
  });
  return group({ class: 'legend' }, items);
}
