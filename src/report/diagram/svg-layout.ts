/** Geometry of one panel of the SVG reliability diagram, in px. Panels sit side by side. */
export const LAYOUT = {
  panelWidth: 400,
  marginLeft: 66,
  marginRight: 22,
  titleBaseline: 28,
  legendTop: 42,
  /** The legend starts at the y-axis title and ends with the plot, to give series names room. */
  legendLeft: 20,
  legendWidth: 400 - 20 - 22,
  legendRowHeight: 19,
  /** Space between the legend and the top of the plot. */
  legendGap: 12,
  /** Space between the accuracy plot and the count histogram below it. */
  histGap: 18,
  histHeight: 84,
  /** Below the histogram: tick labels and the axis title. */
  bottom: 50,
  fontSize: { title: 15, legend: 12, tick: 11, axis: 12.5, count: 9.5 },
} as const;

export const PLOT_SIZE = LAYOUT.panelWidth - LAYOUT.marginLeft - LAYOUT.marginRight;

export const UNIT_TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1] as const;

export interface PanelFrame {
  /** Left edge of the plot area. */
  left: number;
  plotTop: number;
  histTop: number;
  height: number;
  /** Confidence in [0, 1] to px. */
  x(v: number): number;
  /** Accuracy in [0, 1] to px. */
  y(v: number): number;
}

export function panelFrame(legendRows: number): PanelFrame {
  const left = LAYOUT.marginLeft;
  const plotTop = LAYOUT.legendTop + legendRows * LAYOUT.legendRowHeight + LAYOUT.legendGap;
  const histTop = plotTop + PLOT_SIZE + LAYOUT.histGap;
  return {
    left,
    plotTop,
    histTop,
    height: histTop + LAYOUT.histHeight + LAYOUT.bottom,
    x: (v) => left + v * PLOT_SIZE,
    y: (v) => plotTop + (1 - v) * PLOT_SIZE,
  };
}

/**
 * Ticks for a count axis: 0 and multiples of a 1-2-5 step, at most three intervals, the last
 * tick at or above `max`.
 * @example countTicks(1960) -> [0, 1000, 2000]
 */
export function countTicks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const rough = max / 3;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s * 3 >= max) ?? 10 * magnitude;
  const wholeStep = Math.max(1, step);
  const ticks = [0];
  while ((ticks[ticks.length - 1] ?? 0) < max) ticks.push(ticks.length * wholeStep);
  return ticks;
}
