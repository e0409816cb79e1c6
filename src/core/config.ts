/** Conventions that change numbers. Every one is echoed in JSON output's `config`. */

/** `width`: M equal-width bins on [0, 1]; `mass`: M equal-count groups after a stable sort. */
export type Binning = 'width' | 'mass';
/** `right`: bins are `((m-1)/M, m/M]`, 0 goes in the first (Guo et al.); `left`: `[lo, hi)`, last closed. */
export type BinEdges = 'right' | 'left';
/** Binary one-column input: bin `q = P(y=1)` against the positive rate, or the top-label confidence. */
export type BinaryView = 'positive' | 'top-label';

export interface BinningConfig {
  readonly bins: number;
  readonly binning: Binning;
  readonly edges: BinEdges;
}

export interface MetricConfig extends BinningConfig {
  readonly binaryView: BinaryView;
}

export const DEFAULT_METRIC_CONFIG: MetricConfig = {
  bins: 15,
  binning: 'width',
  edges: 'right',
  binaryView: 'positive',
};

/**
 * The most bins `--bins` takes. Past a few thousand, nearly every bin of a real file holds zero
 * or one row (the cube-root rule reaches 10,000 only at 10^12 rows), so the binned metrics measure
 * noise; and every bin is a table row, a JSON object and an SVG bar (10^7 bins would need a string
 * longer than V8 can make). 10,000 keeps every output a few megabytes at most.
 */
export const MAX_BINS = 10_000;

/** Probability that replaces an exact 0 before taking logs (docs/conventions.md, "Inputs"). */
export const DEFAULT_PROB_FLOOR = 1e-12;
/** Tolerance on a probability row's sum before it counts as not summing to 1. */
export const PROB_SUM_TOLERANCE = 1e-3;
