// Seeded synthetic data for property tests: confidences uniform on [0, 1], outcomes drawn from a
// chosen true calibration curve (truth(c) = c is perfect calibration).
import { createRandom } from '../../src/stats/random.js';
import type { Dataset } from './fixtures.js';

export function synthetic(n: number, seed: number, truth: (c: number) => number = (c) => c): Dataset {
  const random = createRandom(seed);
  const confidence = new Float64Array(n);
  const outcome = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    confidence[i] = random.next();
    outcome[i] = random.next() < truth(confidence[i]!) ? 1 : 0;
  }
  return { confidence, outcome };
}
