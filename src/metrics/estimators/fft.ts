/**
 * Linear convolution by the fast Fourier transform (Cooley & Tukey 1965, "An algorithm for the
 * machine calculation of complex Fourier series"): iterative radix-2, in place, on separate real
 * and imaginary arrays. Used for smooth ECE's kernel sums (reflected-gaussian.ts), where a
 * direct convolution of a 1001-point grid with a 1001-tap kernel costs a million multiply-adds
 * per bandwidth and this about 4096 x 12 butterflies.
 */

/** Twiddle factors exp(-2 pi i k / size), k < size / 2, per transform size. */
const twiddles = new Map<number, { cos: Float64Array; sin: Float64Array }>();

function twiddlesFor(size: number): { cos: Float64Array; sin: Float64Array } {
  let t = twiddles.get(size);
  if (t === undefined) {
    const half = size >> 1;
    const cos = new Float64Array(half);
    const sin = new Float64Array(half);
    for (let k = 0; k < half; k++) {
      cos[k] = Math.cos((2 * Math.PI * k) / size);
      sin[k] = -Math.sin((2 * Math.PI * k) / size);
    }
    twiddles.set(size, (t = { cos, sin }));
  }
  return t;
}

/** The smallest power of two >= n. */
export function powerOfTwoAtLeast(n: number): number {
  let size = 1;
  while (size < n) size *= 2;
  return size;
}

/**
 * The discrete Fourier transform of (re, im) in place: X_k = sum_j x_j exp(-2 pi i jk / N), or
 * with `inverse` the unscaled inverse (the sign of the exponent flipped). N = re.length, a power
 * of two.
 */
export function fft(re: Float64Array, im: Float64Array, inverse = false): void {
  const size = re.length;
  // Bit-reversal permutation.
  for (let i = 1, j = 0; i < size; i++) {
    let bit = size >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const tr = re[i]!; re[i] = re[j]!; re[j] = tr;
      const ti = im[i]!; im[i] = im[j]!; im[j] = ti;
    }
  }
  const { cos, sin } = twiddlesFor(size);
  const sign = inverse ? -1 : 1;
  for (let length = 2; length <= size; length *= 2) {
    const half = length >> 1;
    const stride = size / length;
    for (let start = 0; start < size; start += length) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * stride]!;
        const wi = sign * sin[k * stride]!;
        const a = start + k;
        const b = a + half;
        const xr = re[b]! * wr - im[b]! * wi;
        const xi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
      }
    }
  }
}
