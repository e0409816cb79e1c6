import type { Predictions } from '../../src/core/predictions.js';
import { createRandom } from '../../src/stats/random.js';
import { fromLogits } from '../helpers/make-predictions.js';

/**
 * Three models scoring the same N three-class examples: `base` (noisy logits), `sharp` (the same
 * logits doubled: same predictions, more confident) and `better` (the true class nudged up).
 */
export function threeModels(n: number, seed: number): { base: Predictions; sharp: Predictions; better: Predictions } {
  const random = createRandom(seed);
  const base: number[][] = [];
  const sharp: number[][] = [];
  const better: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const y = random.int(3);
    const row = [0, 1, 2].map((k) => (k === y ? 1 : 0) + 2 * (random.next() - 0.5));
    base.push(row);
    sharp.push(row.map((z) => 2 * z));
    better.push(row.map((z, k) => z + (k === y ? 0.5 : 0)));
    labels.push(y);
  }
  return { base: fromLogits(base, labels), sharp: fromLogits(sharp, labels), better: fromLogits(better, labels) };
}

/** The same predictions with renamed classes (names only; ids unchanged). */
export function withClassNames(preds: Predictions, names: readonly string[]): Predictions {
  return { ...preds, classNames: [...names] };
}
