/**
 * Checks the diagram inputs once, up front, so the drawing code can trust them. Bad data here is
 * a bug in the caller (the metric core produced it), hence `internal` errors that name the series
 * and the bin; nothing is drawn from a NaN.
 */
import { CalibError } from '../../core/errors.js';
import { FAINT_BELOW, type CorpPanel, type CurvePoint, type DiagramInput, type Interval, type ReliabilityBin, type Series } from './types.js';

/** A bin the renderers can draw: `filled` bins have a finite accuracy and confidence in [0, 1]. */
export interface DrawBin {
  lower: number;
  upper: number;
  count: number;
  filled: boolean;
  accuracy: number;
  confidence: number;
}

const SLACK = 1e-9;

function fail(where: string, what: string): never {
  throw new CalibError('internal', `diagram input, ${where}: ${what}.`, undefined,
    'This is a bug in calib: please report it with the command line that produced it.');
}

function unit(value: unknown, where: string, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < -SLACK || value > 1 + SLACK) {
    fail(where, `${what} must be a number in [0, 1], got ${String(value)}`);
  }
  return Math.min(1, Math.max(0, value));
}

/** Validate one bin list; empty bins (count 0) are kept and drawn as empty. */
export function checkBins(bins: readonly ReliabilityBin[], where: string): DrawBin[] {
  if (bins.length === 0) fail(where, 'there are no bins');
  return bins.map((bin, i) => {
    const at = `${where}, bin ${i + 1}`;
    const lower = unit(bin.lower, at, 'lower edge');
    const upper = unit(bin.upper, at, 'upper edge');
    if (lower > upper) fail(at, `lower edge ${lower} is above upper edge ${upper}`);
    if (!Number.isInteger(bin.count) || bin.count < 0) {
      fail(at, `count must be a non-negative integer, got ${String(bin.count)}`);
    }
    if (bin.count === 0) return { lower, upper, count: 0, filled: false, accuracy: 0, confidence: 0 };
    return {
      lower, upper, count: bin.count, filled: true,
      accuracy: unit(bin.accuracy, at, 'accuracy'),
      confidence: unit(bin.mean_confidence, at, 'mean confidence'),
    };
  });
}

export interface CheckedSeries {
  name: string;
  ece: number;
  n: number;
  bins: DrawBin[];
  intervals: Array<Interval | null>;
  curve: CurvePoint[];
}

function checkSeries(series: Series, where: string): CheckedSeries {
  const bins = checkBins(series.bins, where);
  if (!Number.isFinite(series.ece) || series.ece < 0) fail(where, `ECE must be finite and >= 0, got ${series.ece}`);
  if (!Number.isInteger(series.n) || series.n < 0) fail(where, `N must be a non-negative integer, got ${series.n}`);
  const intervals = series.intervals ?? [];
  if (series.intervals && intervals.length !== bins.length) {
    fail(where, `${intervals.length} intervals for ${bins.length} bins`);
  }
  const checkedIntervals = intervals.map((iv, i) => {
    if (iv === null) return null;
    const at = `${where}, interval of bin ${i + 1}`;
    const lower = unit(iv.lower, at, 'lower end');
    const upper = unit(iv.upper, at, 'upper end');
    if (lower > upper) fail(at, `lower end ${lower} is above upper end ${upper}`);
    return { lower, upper };
  });
  const curve = (series.curve ?? []).map((p, i) => {
    const at = `${where}, curve point ${i + 1}`;
    const point: CurvePoint = { x: unit(p.x, at, 'x'), y: unit(p.y, at, 'y') };
    if (p.lower !== undefined) point.lower = unit(p.lower, at, 'band lower end');
    if (p.upper !== undefined) point.upper = unit(p.upper, at, 'band upper end');
    if (p.support !== undefined) {
      if (!Number.isFinite(p.support) || p.support < 0) fail(at, `support must be finite and >= 0, got ${p.support}`);
      point.support = p.support;
    }
    return point;
  });
  return { name: series.name, ece: series.ece, n: series.n, bins, intervals: checkedIntervals, curve };
}

export interface CheckedPanel {
  title: string;
  series: CheckedSeries[];
  corp?: CorpPanel;
  /** Bins under this count are drawn faint (the diagram's `faintBelow`). */
  faintBelow: number;
  histogramScale: 'auto' | 'linear' | 'log';
}

export function checkDiagram(input: DiagramInput): CheckedPanel[] {
  if (input.panels.length === 0) fail('diagram', 'there are no panels');
  const faintBelow = input.faintBelow ?? FAINT_BELOW;
  if (!Number.isInteger(faintBelow) || faintBelow < 0) fail('diagram', `faintBelow must be a non-negative integer, got ${faintBelow}`);
  const histogramScale = input.histogramScale ?? 'auto';
  return input.panels.map((panel, p) => {
    const where = `panel ${p + 1} (${JSON.stringify(panel.title)})`;
    if (panel.series.length === 0) fail(where, 'there are no series');
    return {
      title: panel.title,
      series: panel.series.map((s, i) => checkSeries(s, `${where}, series ${i + 1} (${JSON.stringify(s.name)})`)),
      ...(panel.corp ? { corp: checkCorp(panel.corp, `${where}, CORP`) } : {}),
      faintBelow,
      histogramScale,
    };
  });
}

function checkCorp(corp: CorpPanel, where: string): CorpPanel {
  if (corp.blocks.length === 0) fail(where, 'there are no PAV blocks');
  const blocks = corp.blocks.map((b, i) => {
    const at = `${where}, block ${i + 1}`;
    const block = { lower: unit(b.lower, at, 'lower end'), upper: unit(b.upper, at, 'upper end'), fitted: unit(b.fitted, at, 'fitted value') };
    if (block.lower > block.upper) fail(at, `lower end ${block.lower} is above upper end ${block.upper}`);
    return block;
  });
  const band = corp.band.map((p, i) => {
    const at = `${where}, band point ${i + 1}`;
    return { x: unit(p.x, at, 'x'), lower: unit(p.lower, at, 'lower end'), upper: unit(p.upper, at, 'upper end') };
  });
  for (const [name, value] of [['score', corp.score], ['MCB', corp.mcb], ['DSC', corp.dsc], ['UNC', corp.unc]] as const) {
    if (!Number.isFinite(value) || value < 0) fail(where, `${name} must be finite and >= 0, got ${value}`);
  }
  unit(corp.level, where, 'band level');
  return { ...corp, blocks, band };
}
