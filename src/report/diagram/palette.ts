/**
 * Colours. Series use the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"), which
 * stays distinguishable under the common colour-vision deficiencies; markers also differ in shape
 * so the series can be told apart in grey print.
 */

/** Okabe-Ito, reordered so the first colours are the most distinct on white; yellow is last. */
export const OKABE_ITO = [
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#000000', // black
  '#F0E442', // yellow
] as const;

export const MARKERS = ['circle', 'square', 'triangle', 'diamond'] as const;
export type MarkerShape = (typeof MARKERS)[number];

export function seriesColor(index: number): string {
  return OKABE_ITO[index % OKABE_ITO.length] ?? '#000000';
}

export function seriesMarker(index: number): MarkerShape {
  return MARKERS[index % MARKERS.length] ?? 'circle';
}

/** Single-series diagram: over-confidence is vermillion, under-confidence blue (Okabe-Ito). */
export const THEME = {
  text: '#1f2328',
  mutedText: '#57606a',
  axis: '#57606a',
  grid: '#e6e8eb',
  bar: '#9aa5b1',
  barStroke: '#5b6670',
  over: '#D55E00',
  under: '#0072B2',
  diagonal: '#1f2328',
  histogram: '#9aa5b1',
  /** CORP: the PAV curve and the consistency band around the diagonal. */
  corp: '#D55E00',
  band: '#0072B2',
  background: '#ffffff',
} as const;

export const FONT_STACK =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif";
