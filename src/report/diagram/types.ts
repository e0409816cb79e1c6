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
}

/** Panels are drawn side by side ("before" and "after" temperature scaling, for example). */
export interface DiagramInput {
  panels: Panel[];
  /** Text of the SVG's <title>; defaults to the panel titles joined with " | ". */
  title?: string;
}

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
  diagram?: DiagramInput;
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
  /** Warnings about the whole run, shown under the title. */
  warnings?: string[];
}
