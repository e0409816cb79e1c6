import { formatPercent } from '../../check/run-checks.js';
import type { BestRule } from '../../compare/best.js';
import type { CompareResult } from '../../compare/compare.js';
import { METRIC_NAMES } from '../../metrics/types.js';

/** 'baseline a; paired: all 2 files hold ... ; metrics after temperature scaling'. */
export function compareHeadline(result: CompareResult): string {
  const scaling = result.scaling === 'temperature' ? '; metrics after temperature scaling' : '';
  return `calib compare: ${result.models.length} models, baseline ${result.baseline}${scaling}\n`
    + `${result.paired ? 'paired' : 'unpaired'}: ${result.pairingReason}`;
}

/** The best-value rule for every metric, grouped: 'lower is better; higher: accuracy; ...'. */
export function bestLegend(rules: Readonly<Record<string, BestRule>>): string {
  const by = (rule: BestRule): string[] => METRIC_NAMES.filter((m) => rules[m] === rule);
  const parts = [
    by('lower').length ? `lower is better for ${by('lower').join(', ')}` : '',
    by('higher').length ? `higher for ${by('higher').join(', ')}` : '',
    by('closest-to-zero').length ? `closest to 0 for ${by('closest-to-zero').join(', ')}` : '',
    by('none').length ? `no best for ${by('none').join(', ')}` : '',
  ].filter(Boolean);
  return `best value: ${parts.join('; ')}`;
}

/** '95% paired percentile bootstrap interval (1000 resamples, seed 0)'. */
export function intervalLegend(result: CompareResult): string | undefined {
  const b = result.bootstrap;
  if (!b) return undefined;
  return `${formatPercent(b.confidence)} ${result.paired ? 'paired' : 'unpaired'} percentile bootstrap interval `
    + (b.replicates ? `(the summaries' ${b.resamples} replicates, Poisson weights by ${b.replicates.engine}'s hash of ${b.replicates.id})` : `(${b.resamples} resamples, seed ${b.seed})`);
}
