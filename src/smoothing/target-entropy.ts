/**
 * Entropy of the smoothed target `y_ls = (1 - a) onehot(c) + a u` (Szegedy et al. 2016): the
 * true class c gets `1 - a + a u_c`, class k != c gets `a u_k`, and
 *
 *   H_c(a) = -sum_k y_k log y_k    (0 log 0 = 0).
 *
 * It depends on the row only through its label, so the mean over rows is `sum_c f_c H_c(a)` with
 * `f_c` the label frequencies: O(K) per a, no pass over the data.
 *
 * @example
 * // K = 3, uniform u, a = 0.1, any label: y = (14/15, 1/30, 1/30),
 * // H = -(14/15) ln(14/15) - 2 (1/30) ln(1/30) = 0.064393 + 0.226746 = 0.291140.
 */
export function meanTargetEntropy(prior: Float64Array, frequencies: Float64Array, a: number): number {
  let common = 0;
  for (let k = 0; k < prior.length; k++) common += xlogxNeg(a * prior[k]!);
  let total = 0;
  for (let c = 0; c < prior.length; c++) {
    const f = frequencies[c]!;
    if (f === 0) continue;
    const uc = prior[c]!;
    total += f * (common - xlogxNeg(a * uc) + xlogxNeg(1 - a + a * uc));
  }
  return total;
}

/** -x log x, with 0 log 0 = 0. */
export function xlogxNeg(x: number): number {
  return x > 0 ? -x * Math.log(x) : 0;
}
