import type { SmoothingPrior } from './types.js';

/**
 * The smoothing prior u over K classes: uniform `u_k = 1/K` (Szegedy et al. 2016, section 7;
 * PyTorch's and Keras' label_smoothing), or the empirical class frequencies `u_k = n_k / N` of the
 * labels (Szegedy et al. allow any fixed u; they mention the training-set prior).
 *
 * @example
 * // labels [0, 0, 1], K = 3: uniform (1/3, 1/3, 1/3); empirical (2/3, 1/3, 0).
 */
export function smoothingPrior(labels: Int32Array, classes: number, prior: SmoothingPrior): Float64Array {
  const u = new Float64Array(classes);
  if (prior === 'uniform') return u.fill(1 / classes);
  for (let i = 0; i < labels.length; i++) u[labels[i]!]! += 1;
  for (let k = 0; k < classes; k++) u[k]! /= labels.length;
  return u;
}

/** Fraction of rows with each label: `f_c = n_c / N`. */
export function labelFrequencies(labels: Int32Array, classes: number): Float64Array {
  return smoothingPrior(labels, classes, 'empirical');
}
