import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_METRIC_CONFIG, DEFAULT_PROB_FLOOR, MAX_BINS } from '../core/config.js';
import type { ReadOptions } from '../io/read-predictions.js';

/** Value parsers: each throws commander's InvalidArgumentError, which the CLI turns into exit 2. */
export const parse = {
  /** --bootstrap: an interval needs at least 2 resamples; past a million it would run for hours. */
  resamples(value: string): number {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 2 || n > 1_000_000) {
      throw new InvalidArgumentError('expected a whole number of resamples from 2 to 1,000,000 (1000 is usual).');
    }
    return n;
  },
  positiveInteger(value: string): number {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
      throw new InvalidArgumentError('expected a whole number of at least 1.');
    }
    return n;
  },
  nonNegativeInteger(value: string): number {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a whole number (0 or more).');
    return n;
  },
  number(value: string): number {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number.');
    return n;
  },
  probability(value: string): number {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('expected a number in [0, 1].');
    return n;
  },
  probFloor(value: string): number {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n >= 0.5) {
      throw new InvalidArgumentError('expected a small positive number such as 1e-12.');
    }
    return n;
  },
  openUnitInterval(value: string): number {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n >= 1) throw new InvalidArgumentError('expected a number strictly between 0 and 1.');
    return n;
  },
  bins(value: string): number | 'auto' {
    if (value.trim().toLowerCase() === 'auto') return 'auto';
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || n < 1) {
      throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_BINS.toLocaleString('en-US')}, or auto.`);
    }
    if (n > MAX_BINS) {
      throw new InvalidArgumentError(`at most ${MAX_BINS.toLocaleString('en-US')} bins: with more, nearly every bin holds one row or none, and the metrics measure noise. Use 15 (the default), auto, or at most ${MAX_BINS}.`);
    }
    return n;
  },
  list(value: string, previous: string[] | undefined): string[] {
    const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (items.length === 0) throw new InvalidArgumentError('expected a comma-separated list.');
    return [...(previous ?? []), ...items];
  },
};

/** Options that say how to read a prediction file. */
export function addInputOptions(command: Command): Command {
  return command
    .option('--label <column>', 'label column: a name or a position such as #1 (default: found by name: label, y, y_true, target, ...)')
    .option('--scores <columns>', 'score columns: comma-separated names, globs such as logit_* or positions such as #2 (default: the one family of numeric columns named alike; see calib inspect)', parse.list)
    .option('--ignore <columns>', 'columns to leave out: names, globs or positions (#1), comma-separated', parse.list)
    .option('--classes <names>', 'class names of the score columns, in column order (headers such as 0,1,2 with text labels); for one score column, the class it holds', parse.list)
    .addOption(new Option('--kind <kind>', 'what the scores are').choices(['auto', 'logits', 'probs']).default('auto'))
    .option('--positive <name>', 'binary labels: the one that means y = 1 (default: the class the score column is named for, else the larger number or the name that sorts last)')
    .option('--prob-floor <p>', 'probability that replaces an exact 0 before taking logs', parse.probFloor, DEFAULT_PROB_FLOOR)
    .option('--renormalize', 'divide probability rows by their sum even when it is off by more than their rounding allows', false)
    .option('--percent', 'the scores are probabilities in percent (0..100): divide them by 100', false);
}

/** Options that change how metrics are computed (docs/conventions.md). */
export function addMetricOptions(command: Command): Command {
  return command
    .option('--bins <n>', `number of bins (1 to ${MAX_BINS}), or auto for ceil(N^(1/3)) (the cube-root rule)`, parse.bins, DEFAULT_METRIC_CONFIG.bins)
    .addOption(new Option('--binning <scheme>', 'equal-width bins, or equal-mass (equal-count) bins').choices(['width', 'mass']).default('width'))
    .addOption(new Option('--bin-edges <side>', 'closed side of equal-width bins: right = (lo, hi] (Guo et al., scikit-learn), left = [lo, hi) (netcal, TFP)').choices(['right', 'left']).default('right'))
    .addOption(new Option('--binary-view <view>', 'one-column binary input: bin P(y=1) against the positive rate, or the top-label confidence').choices(['positive', 'top-label']).default('positive'));
}

export function addColorOption(command: Command): Command {
  return command.option('--no-color', 'plain text even on a terminal (NO_COLOR is honoured too)');
}

export interface InputFlags {
  label?: string;
  scores?: string[];
  ignore?: string[];
  classes?: string[];
  kind: 'auto' | 'logits' | 'probs';
  positive?: string;
  probFloor: number;
  renormalize: boolean;
  percent?: boolean;
}

/** Options that change how metrics are computed: the use cases' `MetricOptions` (src/app/evaluate.ts). */
export interface MetricFlags {
  bins: number | 'auto';
  binning: 'width' | 'mass';
  binEdges: 'right' | 'left';
  binaryView: 'positive' | 'top-label';
}

export function readOptionsFrom(flags: InputFlags): ReadOptions {
  return {
    kind: flags.kind,
    probFloor: flags.probFloor,
    renormalize: flags.renormalize,
    ...(flags.percent === true ? { percent: true } : {}),
    ...(flags.label !== undefined ? { label: flags.label } : {}),
    ...(flags.scores !== undefined ? { scores: flags.scores } : {}),
    ...(flags.ignore !== undefined ? { ignore: flags.ignore } : {}),
    ...(flags.positive !== undefined ? { positive: flags.positive } : {}),
    ...(flags.classes !== undefined ? { classes: flags.classes } : {}),
  };
}
