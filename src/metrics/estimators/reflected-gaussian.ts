import { fft, powerOfTwoAtLeast } from './fft.js';

/**
 * Kernel smoothing on [0, 1] with a Gaussian kernel reflected at both ends, computed the way
 * relplot does it (Błasiok & Nakkiran 2023; apple/ml-calibration, src/relplot/kernels.py): the
 * weighted points are spread onto a uniform grid of `n` points by linear interpolation, the grid
 * is extended by mirror images about 0 and 1, convolved with the sampled Gaussian, and read back
 * at any point by linear interpolation. Every step follows that file operation by operation
 * (including its grid sizes, its kernel sampled on `linspace(0, 1, n)` around 0.5, and so its
 * support cut at ±0.5), so results agree with it to rounding; only the convolution's sums are
 * computed another way (an FFT, or the occupied nodes alone), the same terms up to rounding.
 */

/** Python's `round` (half to even), which relplot uses to size its grids. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** numpy's `linspace(0, 1, m)`: `i * (1 / (m - 1))`, with the last point exactly 1. */
export function linspace01(m: number): Float64Array {
  const t = new Float64Array(m);
  const step = 1 / (m - 1);
  for (let i = 0; i < m; i++) t[i] = i * step;
  if (m > 1) t[m - 1] = 1;
  return t;
}

/** Number of kernel grid points relplot uses at bandwidth sigma: `max(2000, round(20 / sigma)) // 2 + 1`. */
export function kernelGridSize(sigma: number): number {
  return Math.floor(Math.max(2000, roundHalfEven(20 / sigma)) / 2) + 1;
}

/**
 * relplot's `smooth_round_to_grid` applied to the residuals `r_i = f_i - y_i` and to plain counts:
 * row i adds `(1 - frac) w_i` to grid node `floor(f_i (n - 1))` and `frac w_i` to the next node.
 * Both in one pass over the rows.
 */
export function spreadOnGrid(
  confidence: Float64Array, outcome: Uint8Array, n: number,
): { residual: Float64Array; mass: Float64Array } {
  const residual = new Float64Array(n);
  const mass = new Float64Array(n);
  const scale = n - 1;
  for (let i = 0; i < confidence.length; i++) {
    const f = confidence[i]!;
    const pos = f * scale;
    const node = Math.min(Math.max(Math.trunc(pos), 0), n - 2);
    const frac = pos - node;
    const r = f - outcome[i]!;
    residual[node]! += (1 - frac) * r;
    residual[node + 1]! += frac * r;
    mass[node]! += 1 - frac;
    mass[node + 1]! += frac;
  }
  return { residual, mass };
}

/**
 * The reflected Gaussian kernel of relplot's `ReflectedGaussianKernel`: samples
 * `phi_sigma(t_k - 0.5)` at `t = linspace(0, 1, n)`. Only the taps within 10 sigma of the centre are
 * kept: the rest are below exp(-50) ~ 2e-22 of the peak, far under double rounding of any sum that
 * matters, and skipping them makes small bandwidths cheap.
 */
export class ReflectedGaussian {
  private readonly taps: Float64Array;
  private readonly firstTap: number;

  constructor(readonly sigma: number, readonly n: number) {
    const t = linspace01(n);
    const variance = sigma ** 2;
    const norm = Math.sqrt(2 * Math.PI) * sigma;
    let first = 0;
    let last = n - 1;
    while (first < n && ((t[first]! - 0.5) * (t[first]! - 0.5)) / (2 * variance) > 50) first++;
    while (last > first && ((t[last]! - 0.5) * (t[last]! - 0.5)) / (2 * variance) > 50) last--;
    this.firstTap = first;
    this.taps = new Float64Array(Math.max(0, last - first + 1));
    for (let k = first; k <= last; k++) {
      this.taps[k - first] = Math.exp((-(t[k]! - 0.5) * (t[k]! - 0.5)) / (2 * variance)) / norm;
    }
  }

  /**
   * `ReflectedGaussianKernel.convolve` of two grids at once (they share every index computation):
   * mirror each grid about both ends (length 3n - 2), take numpy's 'valid' convolution with the
   * kernel, keep the n values starting at n // 2: out[j] = sum_k ker[k] * ext[j + n//2 + n - 1 - k].
   *
   * Computed whichever way is cheaper: from the occupied nodes only (few rows), or else by FFT
   * (`'fast'`) or by the direct sums (`'direct'`). The FFT's rounding is about 1e-16 of the
   * grid's largest values everywhere, so where the kernel sums are tiny (far from every row) it
   * leaves noise of that size where the direct sums keep small values small. That is nothing to
   * smECE (weighted by the density), but the curve divides by the density there: its points use
   * `'direct'`, as relplot's own sums.
   */
  convolvePair(first: Float64Array, second: Float64Array, method: 'fast' | 'direct' = 'fast'): [Float64Array, Float64Array] {
    const n = this.n;
    const occupied = occupiedNodes(first, second);
    const scatterCost = 3 * occupied.length * this.taps.length;
    if (method === 'direct') return scatterCost < n * this.taps.length ? this.scatterPair(first, second, occupied) : this.directPair(first, second);
    const size = powerOfTwoAtLeast(3 * n - 2 + this.taps.length - 1);
    return scatterCost <= FFT_COST * size * Math.log2(size) ? this.scatterPair(first, second, occupied) : this.fftPair(first, second, size);
  }

  /** The direct sums over every output and tap. */
  private directPair(first: Float64Array, second: Float64Array): [Float64Array, Float64Array] {
    const n = this.n;
    const ext1 = new Float64Array(3 * n - 2);
    const ext2 = new Float64Array(3 * n - 2);
    for (let e = 0; e < ext1.length; e++) {
      const p = e - (n - 1);
      const at = p < 0 ? -p : p > n - 1 ? 2 * (n - 1) - p : p;
      ext1[e] = first[at]!;
      ext2[e] = second[at]!;
    }
    const out1 = new Float64Array(n);
    const out2 = new Float64Array(n);
    const offset = Math.floor(n / 2) + n - 1 - this.firstTap;
    const taps = this.taps;
    for (let j = 0; j < n; j++) {
      let sum1 = 0;
      let sum2 = 0;
      const base = j + offset;
      for (let k = 0; k < taps.length; k++) {
        const w = taps[k]!;
        sum1 += w * ext1[base - k]!;
        sum2 += w * ext2[base - k]!;
      }
      out1[j] = sum1;
      out2[j] = sum2;
    }
    return [out1, out2];
  }

  /**
   * The same convolution by FFT: the two grids as the real and imaginary parts of one complex
   * signal (the kernel is real, so the products keep them apart), mirrored as above, times the
   * kernel's transform; out[j] is the linear convolution at j + offset. Agrees with the sum
   * above to rounding (about 1e-16 of the grid's largest values; tested against it).
   */
  private fftPair(first: Float64Array, second: Float64Array, size: number): [Float64Array, Float64Array] {
    const n = this.n;
    const re = new Float64Array(size);
    const im = new Float64Array(size);
    for (let e = 0; e < 3 * n - 2; e++) {
      const p = e - (n - 1);
      const at = p < 0 ? -p : p > n - 1 ? 2 * (n - 1) - p : p;
      re[e] = first[at]!;
      im[e] = second[at]!;
    }
    fft(re, im);
    const [kr, ki] = this.kernelTransform(size);
    for (let f = 0; f < size; f++) {
      const a = re[f]!, b = im[f]!, c = kr[f]!, d = ki[f]!;
      re[f] = a * c - b * d;
      im[f] = a * d + b * c;
    }
    fft(re, im, true);
    const out1 = new Float64Array(n);
    const out2 = new Float64Array(n);
    const offset = Math.floor(n / 2) + n - 1 - this.firstTap;
    for (let j = 0; j < n; j++) {
      out1[j] = re[j + offset]! / size;
      out2[j] = im[j + offset]! / size;
    }
    return [out1, out2];
  }

  private transform: [Float64Array, Float64Array] | undefined;

  /** The kernel's taps, zero-padded to `size`, transformed (once per kernel). */
  private kernelTransform(size: number): [Float64Array, Float64Array] {
    if (this.transform?.[0].length !== size) {
      const re = new Float64Array(size);
      re.set(this.taps);
      const im = new Float64Array(size);
      fft(re, im);
      this.transform = [re, im];
    }
    return this.transform;
  }

  /**
   * The same convolution computed from the occupied nodes only, for sparse grids (few rows): each
   * node g with values (v1, v2) sits in the mirrored grid at e = n - 1 + g and at its mirror images
   * e = n - 1 - g (g > 0) and e = 3(n - 1) - g (g < n - 1), and adds `ker[k] * v` to every output
   * j = e - offset + k. Same terms as the dense loop, so the same sums up to rounding order; on
   * 100 rows it is what makes smECE's dozen bandwidths cost a few milliseconds instead of 75.
   */
  private scatterPair(first: Float64Array, second: Float64Array, occupied: Int32Array): [Float64Array, Float64Array] {
    const n = this.n;
    const out1 = new Float64Array(n);
    const out2 = new Float64Array(n);
    const offset = Math.floor(n / 2) + n - 1 - this.firstTap;
    const taps = this.taps;
    const add = (e: number, v1: number, v2: number): void => {
      // out[j] += ker[k] * ext[e] with k = j + offset - e, 0 <= k < taps.length, 0 <= j < n.
      const from = Math.max(0, e - offset);
      const to = Math.min(n - 1, e - offset + taps.length - 1);
      for (let j = from; j <= to; j++) {
        const w = taps[j + offset - e]!;
        out1[j]! += w * v1;
        out2[j]! += w * v2;
      }
    };
    for (let i = 0; i < occupied.length; i++) {
      const g = occupied[i]!;
      const v1 = first[g]!, v2 = second[g]!;
      add(n - 1 + g, v1, v2);
      if (g > 0) add(n - 1 - g, v1, v2);
      if (g < n - 1) add(3 * (n - 1) - g, v1, v2);
    }
    return [out1, out2];
  }
}

/**
 * The FFT is preferred to the scattered sum when 3 x occupied nodes x taps exceeds this many
 * times L log2(L). Measured: the FFT wins from about a thousand occupied nodes on the 1001-point
 * grid; below that, and in a short run's first (not yet optimised) calls, the scattered sum is faster.
 */
const FFT_COST = 16;

/** Indices where either grid is non-zero (a few hundred nodes of 1,001 for a small file). */
function occupiedNodes(first: Float64Array, second: Float64Array): Int32Array {
  const nodes: number[] = [];
  for (let g = 0; g < first.length; g++) if (first[g] !== 0 || second[g] !== 0) nodes.push(g);
  return Int32Array.from(nodes);
}

/**
 * relplot's `interpolate`: the piecewise-linear function through `(i / (len - 1), y[i])`,
 * evaluated at t.
 */
export function interpolate(t: number, y: Float64Array): number {
  const cells = y.length - 1;
  const bucket = 1 / cells;
  const i = Math.min(Math.max(Math.trunc(t * cells), 0), cells - 1);
  const residual = (t - i * bucket) / bucket;
  return y[i]! * (1 - residual) + y[i + 1]! * residual;
}
