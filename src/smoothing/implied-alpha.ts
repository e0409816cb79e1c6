import type { ImpliedAlphaBoundary } from './types.js';

export interface ImpliedAlpha {
  value: number;
  boundary: ImpliedAlphaBoundary;
}

/**
 * Implied smoothing: the a in [0, 1) minimizing the mean KL divergence from the smoothed target
 * `y_ls(a) = (1 - a) onehot(y) + a u` (Szegedy et al. 2016) to the model's p:
 *
 *   KL(a) = LS(a) - Hbar(a),   LS(a) = (1 - a) NLL + a CE_u,   Hbar(a) = sum_c f_c H_c(a)
 *
 * (`CE_u = mean_i -sum_k u_k log p_ik`, `f_c` the label frequencies, H_c as in target-entropy.ts).
 * LS is linear in a and -H is convex along the segment a -> y_ls(a) (negative entropy is convex,
 * y_ls affine), so KL is convex and its minimizer is the root of
 *
 *   KL'(a) = CE_u - NLL + sum_c f_c E_c + U log a - sum_c f_c v_c log(1 - a v_c),
 *
 * with `v_c = 1 - u_c`, `U = sum_c f_c v_c`, `E_c = sum_{k != c} u_k log u_k`. KL'(0+) = -inf (the
 * target's entropy grows like -a log a), so the minimizer is never exactly 0 for finite logits;
 * for very confident models it is tiny (logits (100, -100, -100) give a ~ 3.6e-87), which is why
 * the root is found in x = log a, where KL' is increasing and convex: bracketed Newton, then
 * a = e^x. Needs only the means, O(K) per step, no pass over the data.
 *
 * Boundaries: `one` when KL'(1) <= 0 (the model is closer to the prior than any smoothed target,
 * e.g. uniform predictions); `zero` when a underflows to 0 in double precision, or when no a
 * changes the target (every label has prior mass 1).
 *
 * @example
 * // K = 3, uniform u, one row labelled 0 with p = softmax(log 28, 0, 0) = (28/30, 1/30, 1/30):
 * // p is exactly y_ls(0.1) = (0.9 + 0.1/3, 0.1/3, 0.1/3), so KL(0.1) = 0 and the value is 0.1.
 */
export function impliedAlpha(
  nll: number, priorCrossEntropy: number, prior: Float64Array, frequencies: Float64Array,
): ImpliedAlpha {
  let sumE = 0;
  for (let k = 0; k < prior.length; k++) sumE += xlogx(prior[k]!);
  let A = priorCrossEntropy - nll, U = 0;
  const used: number[] = [];
  for (let c = 0; c < prior.length; c++) {
    const f = frequencies[c]!;
    if (f === 0) continue;
    A += f * (sumE - xlogx(prior[c]!));
    U += f * (1 - prior[c]!);
    used.push(c);
  }
  if (!(U > 1e-15)) return { value: 0, boundary: 'zero' };

  // slope(x) = KL'(e^x) and its x-derivative.
  const slope = (x: number): { d: number; dd: number } => {
    const a = Math.exp(x);
    let d = A + U * x, dd = U;
    for (const c of used) {
      const f = frequencies[c]!, v = 1 - prior[c]!;
      d -= f * v * Math.log1p(-a * v);
      dd += f * v * v * a / (1 - a * v);
    }
    return { d, dd };
  };

  if (slope(0).d <= 0) return { value: 1, boundary: 'one' };
  // For x -> -inf, slope ~ A + U x; the log1p term only adds to it, so x0 - 1 - T(x0)/U is below
  // the root (T the log1p term), and 0 is above it.
  const x0 = Math.min(-A / U, 0);
  let lo = x0 - 1 - (slope(x0).d - A - U * x0) / U;
  while (slope(lo).d >= 0) lo = 2 * lo - 1;
  let hi = 0;
  let x = x0 < 0 ? x0 : lo / 2;
  if (!(x > lo && x < hi)) x = (lo + hi) / 2;
  for (let iteration = 0; iteration < 200; iteration++) {
    const { d, dd } = slope(x);
    if (d === 0) break;
    if (d < 0) lo = x; else hi = x;
    let next = x - d / dd;
    if (!(next > lo && next < hi)) next = lo + (hi - lo) / 2;
    const step = Math.abs(next - x);
    x = next;
    if (step <= 1e-15 * Math.max(1, Math.abs(x))) break;
  }
  const value = Math.exp(x);
  return value > 0 ? { value, boundary: 'none' } : { value: 0, boundary: 'zero' };
}

function xlogx(x: number): number {
  return x > 0 ? x * Math.log(x) : 0;
}
