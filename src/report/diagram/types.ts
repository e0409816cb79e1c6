/** Input shapes of the diagram renderers: plain data, so every command can build them. */
import type { ReliabilityBin } from '../../metrics/types.js';

export type { ReliabilityBin };

/** A two-sided interval, e.g. a bootstrap confidence interval of one bin's accuracy. */
export interface Interval {
  lower: number;
  upper: number;
}

/** One point of a smooth reliability curve, with an optional band around it. */
export interface CurvePoint {
  x: number;
  y: number;
  lower?: number;
  upper?: number;
  /**
   * Rows that support the curve here (within one bandwidth of x). Where it is below the
   * diagram's `faintBelow`, the curve is not drawn: an estimate from a handful of rows, or from
   * none, is not shown as a line.
   */
  support?: number;
}

/** One model (or one variant of a model) in a panel. */
export interface Series {
  name: string;
  bins: ReliabilityBin[];
  ece: number;
  n: number;
  /** Per-bin interval for the accuracy, aligned with `bins`; null for a bin without one. */
  intervals?: Array<Interval | null>;
  /** Optional smooth reliability curve (x = confidence, y = accuracy) with a band. */
  curve?: CurvePoint[];
}

/**
 * One reliability diagram. With one series it is the classic diagram (bars, gaps, histogram);
 * with several it overlays them as lines with markers (the `compare` view).
 */
export interface Panel {
  title: string;
  series: Series[];
  /**
   * Draw the CORP reliability diagram instead of bins: the PAV step function with its
   * consistency band; the (single) series gives the histogram, N and the name.
   */
  corp?: CorpPanel;
}

/** The CORP diagram's data (Dimitriadis, Gneiting & Jordan 2021). */
export interface CorpPanel {
  /** PAV blocks, ascending: confidences in [lower, upper] are recalibrated to `fitted`. */
  blocks: Array<{ lower: number; upper: number; fitted: number }>;
  /** The consistency band around the diagonal, on a grid of confidences. */
  band: Array<{ x: number; lower: number; upper: number }>;
  /** Coverage of the band, e.g. 0.9. */
  level: number;
  score: number;
  mcb: number;
  dsc: number;
  unc: number;
}

/** Panels are drawn side by side ("before" and "after" temperature scaling, for example). */
export interface DiagramInput {
  panels: Panel[];
  /** Text of the SVG's <title>; defaults to the panel titles joined with " | ". */
  title?: string;
  /**
   * Bins holding fewer rows than this are drawn faint with their count written above them, are
   * left out of the lines joining a compare view's points, and stop the smooth curve. Default
   * `FAINT_BELOW` (10).
   */
  faintBelow?: number;
  /**
   * Scale of the count histogram: `auto` (default) is linear unless the smallest non-empty bin
   * would be under 4 px tall, then logarithmic, so every non-empty bin stays visible.
   */
  histogramScale?: 'auto' | 'linear' | 'log';
  /** Panels per row; more panels wrap into further rows (the per-class grid). Default: all in one row. */
  columns?: number;
}

/** Default of `DiagramInput.faintBelow`: a bin of under 10 rows says little about its accuracy. */
export const FAINT_BELOW = 10;

export interface TerminalDiagramOptions {
  /** Total width in columns, including the axis labels; clamped to [40, 80]. Default 72. */
  width?: number;
  /** Emit ANSI colour escapes. The chart reads the same without them. */
  color: boolean;
  title?: string;
}

export type ConfigValue = string | number | boolean | null;

export interface HtmlTable {
  caption: string;
  columns: string[];
  rows: string[][];
}

export interface HtmlSection {
  heading: string;
  /** Headline metrics, already formatted. */
  summary?: Array<{ label: string; value: string }>;
  /**
   * The section's main diagram. One panel sits large beside the summary and the notes (two
   * columns on a wide screen, one on a narrow one); several panels take the full width.
   */
  diagram?: DiagramInput;
  /** More diagrams, full width, after the main one (compare: each model's own diagram). */
  moreDiagrams?: DiagramInput[];
  tables?: HtmlTable[];
  /** Warnings and remarks that belong to this section. */
  notes?: string[];
}

export interface HtmlReportInput {
  title: string;
  /** Shown in the footer as given (the caller decides the clock and the format). */
  generatedAt: string;
  sections: HtmlSection[];
  config: Record<string, ConfigValue>;
  /** Warnings about the whole run, shown under the title, every one. */
  warnings?: string[];
  /** calib's version, in the footer. */
  version?: string;
  /** The command line that made the report, in the footer. */
  command?: string;
}
