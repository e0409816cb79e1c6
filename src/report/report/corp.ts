/**
 * The `corp` object of `calib report --diagram corp` from the rows in confidence order: the PAV
 * fit (src/metrics/estimators/corp.ts) as its pooled blocks, the score decomposition, and the
 * consistency band (src/stats/corp-band.ts).
 */
import type { SortedRows } from '../../metrics/estimators/argsort.js';
import { corpDecomposition, isotonicFit, type IsotonicFit } from '../../metrics/estimators/corp.js';
import { corpConsistencyBand } from '../../stats/corp-band.js';
import type { CorpReport } from './document.js';

export interface CorpSettings {
  resamples: number;
  seed: number;
  /** Coverage of the consistency band (the paper draws 90%). */
  level: number;
}

export function corpReport(sorted: Pick<SortedRows, 'confidence' | 'outcome'>, settings: CorpSettings): CorpReport {
  const fit = isotonicFit(sorted);
  const { score, mcb, dsc, unc } = corpDecomposition(sorted, fit);
  const band = corpConsistencyBand(sorted, settings);
  return {
    score, mcb, dsc, unc,
    blocks: pooledBlocks(fit),
    band: {
      level: band.level, resamples: band.resamples, seed: settings.seed,
      points: Array.from(band.x, (x, i) => ({ x, lower: band.lower[i]!, upper: band.upper[i]! })),
    },
  };
}

/** Runs of distinct confidences that PAV gave one value: the steps of the CORP curve. */
export function pooledBlocks(fit: IsotonicFit): CorpReport['blocks'] {
  const blocks: CorpReport['blocks'] = [];
  for (let j = 0; j < fit.x.length; j++) {
    const last = blocks[blocks.length - 1];
    if (last && last.fitted === fit.fitted[j]) {
      last.upper = fit.x[j]!;
      last.count += fit.count[j]!;
    } else {
      blocks.push({ lower: fit.x[j]!, upper: fit.x[j]!, fitted: fit.fitted[j]!, count: fit.count[j]! });
    }
  }
  return blocks;
}
