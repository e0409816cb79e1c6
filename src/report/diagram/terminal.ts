/**
 * The reliability diagram as text, for the terminal: bars of accuracy per confidence bin, the
 * gap to perfect calibration shaded differently for over- and under-confidence, the diagonal,
 * and a two-row histogram of the bin counts underneath on the same x axis.
 *
 * Every mark has its own character, so the chart reads the same with colour off (NO_COLOR,
 * pipes, CI logs); colour only reinforces it. Lines never exceed 80 columns.
 */
import { Chalk } from 'chalk';
import type { ReliabilityBin, TerminalDiagramOptions } from './types.js';
import { checkBins, type DrawBin } from './validate.js';

/** Rows of the accuracy plot: one row per 0.1. */
const PLOT_ROWS = 10;
/** Rows of the count histogram (16 levels with eighth blocks). */
const HIST_ROWS = 2;
/** `1.0 ┤`: three characters of label, a space, the axis. */
const LEFT = 5;
/** Room on the right for the last tick label to overhang the plot. */
const RIGHT = 2;
const MIN_WIDTH = 40;
const MAX_WIDTH = 80;
const DEFAULT_WIDTH = 72;

const EIGHTHS = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/** The characters of the chart; the legend is built from the same table. */
export const TERMINAL_GLYPHS = {
  bar: '█',
  over: '░',
  under: '▓',
  diagonal: '·',
} as const;

type Mark = 'empty' | 'bar' | 'over' | 'under' | 'diagonal';

interface Cell {
  mark: Mark;
  char: string;
}

const eighths = (k: number): string => EIGHTHS[Math.max(0, Math.min(8, k))] ?? ' ';

/**
 * Render bins as a text reliability diagram.
 *
 * Per bin, the bar rises to the bin's accuracy and the shaded gap runs between the accuracy and
 * the bin's mean confidence (where the diagonal meets the bin), the quantity ECE averages:
 * `░` when confidence is above accuracy (over-confident), `▓` when below (under-confident).
 * The vertical resolution is one row (0.1) for gaps; a bar whose gap is under half a row is
 * drawn to an eighth of a row. Empty bins are left blank. With more bins than columns, a
 * column shows the bin under its centre.
 *
 * @example
 * renderTerminalDiagram(bins, { color: false, width: 60, title: 'model.csv' })
 */
export function renderTerminalDiagram(bins: ReliabilityBin[], options: TerminalDiagramOptions): string {
  const drawBins = checkBins(bins, 'terminal diagram');
  const width = Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, options.width ?? DEFAULT_WIDTH)));
  const plotWidth = width - LEFT - RIGHT;
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const paint: Record<Mark, (s: string) => string> = {
    empty: (s) => s,
    bar: (s) => s,
    over: chalk.red,
    under: chalk.blue,
    diagonal: chalk.dim,
  };

  const columnBins = Array.from({ length: plotWidth }, (_, j) => binAt(drawBins, (j + 0.5) / plotWidth));
  const separators = columnBins.map((_, j) => isSeparator(columnBins, j));
  const grid = columnBins.map((bin, j) => {
    const cells = column(bin, (j + 0.5) / plotWidth);
    return separators[j] ? cells.map(hollow) : cells;
  });

  const lines: string[] = [];
  if (options.title !== undefined) lines.push(chalk.bold(truncate(options.title, width)));
  for (let row = PLOT_ROWS - 1; row >= 0; row--) {
    const top = (row + 1) / PLOT_ROWS;
    const labelled = (PLOT_ROWS - 1 - row) % 2 === 0;
    const axis = labelled ? `${top.toFixed(1)} ┤` : '    │';
    const cells = grid.map((col) => {
      const cell = col[row] ?? { mark: 'empty', char: ' ' };
      return paint[cell.mark](cell.char);
    });
    lines.push(trimEnd(axis + cells.join('')));
  }
  lines.push('0.0 ┼' + '─'.repeat(plotWidth));
  lines.push(...histogram(columnBins, separators, plotWidth).map((row, i) =>
    trimEnd(histLabel(i, drawBins) + chalk.dim(row))));
  lines.push('    └' + tickLine(plotWidth));
  lines.push(trimEnd(' '.repeat(LEFT) + tickLabels(plotWidth)));
  lines.push(centre('confidence', LEFT, plotWidth));
  lines.push(legend(width, paint));
  return lines.join('\n') + '\n';
}

function binAt(bins: readonly DrawBin[], x: number): DrawBin | undefined {
  return bins.find((b) => b.lower <= x && x <= b.upper);
}

/** One column of the plot, bottom row first. */
function column(bin: DrawBin | undefined, x: number): Cell[] {
  const cells: Cell[] = [];
  const diagonalRow = Math.min(PLOT_ROWS - 1, Math.floor(x * PLOT_ROWS));
  const diagonalFrac = x * PLOT_ROWS - diagonalRow;
  // `.`, `·`, `˙` put the dot low, middle or high in its cell: three times the row resolution.
  const diagonalChar = diagonalFrac < 1 / 3 ? '.' : diagonalFrac < 2 / 3 ? TERMINAL_GLYPHS.diagonal : '˙';
  const filled = bin?.filled === true;
  const acc = filled ? bin.accuracy * PLOT_ROWS : 0;
  // A difference of a rounding error (0.15 + 0.8 * 0.75 vs 0.75) is no gap.
  const conf = filled && Math.abs(bin.confidence - bin.accuracy) > 1e-9 ? bin.confidence * PLOT_ROWS : acc;
  const lo = Math.min(acc, conf);
  const hi = Math.max(acc, conf);
  const gapMark: Mark = conf > acc ? 'over' : 'under';
  const gapChar = gapMark === 'over' ? TERMINAL_GLYPHS.over : TERMINAL_GLYPHS.under;
  const hasGapCell = Array.from({ length: PLOT_ROWS }, (_, r) => r + 0.5).some((centre) => centre >= lo && centre < hi);
  for (let r = 0; r < PLOT_ROWS; r++) {
    const centre = r + 0.5;
    if (!filled) {
      cells.push(diagonalOrEmpty(r, diagonalRow, diagonalChar));
    } else if (hasGapCell) {
      // Gap marks need whole cells: bar and gap meet at the nearest row boundary.
      if (centre < lo) cells.push({ mark: 'bar', char: TERMINAL_GLYPHS.bar });
      else if (centre < hi) cells.push({ mark: gapMark, char: gapChar });
      else cells.push(diagonalOrEmpty(r, diagonalRow, diagonalChar));
    } else {
      // No gap to show: the bar's top is drawn to an eighth of a row.
      const k = Math.round(Math.min(1, Math.max(0, acc - r)) * 8);
      cells.push(k > 0 ? { mark: 'bar', char: eighths(k) } : diagonalOrEmpty(r, diagonalRow, diagonalChar));
    }
  }
  return cells;
}

/**
 * The last column of a bin at least three columns wide is left blank (the diagonal still shows
 * above the bar), so neighbouring bars read as separate bins rather than one area.
 */
function isSeparator(columnBins: ReadonlyArray<DrawBin | undefined>, j: number): boolean {
  const bin = columnBins[j];
  if (bin === undefined || j + 1 >= columnBins.length || columnBins[j + 1] === bin) return false;
  let span = 1;
  while (span <= j && columnBins[j - span] === bin) span++;
  return span >= 3;
}

function hollow(cell: Cell): Cell {
  return cell.mark === 'diagonal' ? cell : { mark: 'empty', char: ' ' };
}

function diagonalOrEmpty(row: number, diagonalRow: number, char: string): Cell {
  return row === diagonalRow ? { mark: 'diagonal', char } : { mark: 'empty', char: ' ' };
}

/** Count histogram, top row first; any non-empty bin shows at least a `▁`. */
function histogram(
  columnBins: ReadonlyArray<DrawBin | undefined>, separators: readonly boolean[], plotWidth: number,
): string[] {
  const max = Math.max(0, ...columnBins.map((b) => b?.count ?? 0));
  const levels = columnBins.map((b, j) => {
    const count = separators[j] ? 0 : b?.count ?? 0;
    if (count === 0 || max === 0) return 0;
    return Math.max(1, Math.round((count / max) * 8 * HIST_ROWS));
  });
  const rows: string[] = [];
  for (let r = HIST_ROWS - 1; r >= 0; r--) {
    rows.push(levels.map((level) => eighths(level - r * 8)).join('').padEnd(plotWidth));
  }
  return rows;
}

/** The top histogram row carries the largest bin count, the bottom one `n`. */
function histLabel(index: number, bins: readonly DrawBin[]): string {
  if (index === 0) {
    const max = Math.max(...bins.map((b) => b.count));
    return `${shortCount(max).padStart(4)}│`;
  }
  return '   n│';
}

function shortCount(n: number): string {
  if (n < 10_000) return String(n);
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${Math.round(n / 1_000_000)}M`;
}

const TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1] as const;

function tickColumn(x: number, plotWidth: number): number {
  return Math.min(plotWidth - 1, Math.round(x * plotWidth));
}

function tickLine(plotWidth: number): string {
  const line = Array.from({ length: plotWidth }, () => '─');
  for (const t of TICKS) line[tickColumn(t, plotWidth)] = '┬';
  return line.join('');
}

function tickLabels(plotWidth: number): string {
  const line = Array.from({ length: plotWidth + RIGHT }, () => ' ');
  for (const t of TICKS) {
    const label = t.toFixed(1);
    const start = Math.max(0, tickColumn(t, plotWidth) - 1);
    for (let i = 0; i < label.length; i++) line[start + i] = label[i] ?? ' ';
  }
  return line.join('');
}

function legend(width: number, paint: Record<Mark, (s: string) => string>): string {
  const g = TERMINAL_GLYPHS;
  const variants = [
    [['bar', `${g.bar} accuracy`], ['over', `${g.over} over-confident`], ['under', `${g.under} under-confident`],
      ['diagonal', `${g.diagonal} diagonal`], ['empty', '▁▄█ count']],
    [['bar', `${g.bar} accuracy`], ['over', `${g.over} over-conf.`], ['under', `${g.under} under-conf.`],
      ['diagonal', `${g.diagonal} ideal`], ['empty', '▁▄█ count']],
    [['bar', `${g.bar} acc`], ['over', `${g.over} over`], ['under', `${g.under} under`],
      ['diagonal', `${g.diagonal} ideal`], ['empty', '▄ n']],
  ] as const;
  const plain = (v: (typeof variants)[number]) => v.map(([, text]) => text).join('  ');
  const chosen = variants.find((v) => plain(v).length <= width) ?? variants[variants.length - 1];
  return (chosen ?? []).map(([mark, text]) => paint[mark](text.slice(0, 1)) + text.slice(1)).join('  ');
}

function centre(text: string, offset: number, span: number): string {
  return ' '.repeat(offset + Math.max(0, Math.floor((span - text.length) / 2))) + text;
}

function truncate(text: string, width: number): string {
  const chars = Array.from(text.replace(/[\u0000-\u001F\u007F]/g, ' '));
  return chars.length <= width ? chars.join('') : chars.slice(0, width - 1).join('') + '…';
}

function trimEnd(line: string): string {
  return line.replace(/ +$/, '');
}
