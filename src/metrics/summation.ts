/**
 * Compensated summation (Neumaier 1974, "Rundungsfehleranalyse einiger Verfahren zur Summation
 * endlicher Summen"): the error stays O(eps) instead of O(N eps), so a mean over a million rows is
 * as exact as a mean over ten. Used for every average calib reports.
 *
 * @example sum(Float64Array.of(1e16, 1, -1e16)) === 1 // naive left-to-right summation gives 0
 */
export function sum(values: Float64Array): number {
  let total = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const t = total + v;
    compensation += Math.abs(total) >= Math.abs(v) ? (total - t) + v : (v - t) + total;
    total = t;
  }
  // Past an infinity the compensation is NaN (inf - inf) and says nothing.
  return Number.isFinite(total) ? total + compensation : total;
}

/**
 * Arithmetic mean with compensated summation; throws on an empty array (a bug, not user input).
 * When the sum of finite values overflows (per-row NLLs near the largest double, from logits of
 * +-1e308), the mean is taken over the values scaled by 1/N first, which cannot overflow.
 *
 * @example mean(Float64Array.of(1.7e308, 1.7e308)) === 1.7e308 // the sum alone is Infinity
 */
export function mean(values: Float64Array): number {
  if (values.length === 0) throw new RangeError('mean of an empty array');
  const total = sum(values);
  if (Number.isFinite(total) || !values.every(Number.isFinite)) return total / values.length;
  // The sum of finite values overflowed: sum the values over N instead.
  const scaled = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) scaled[i] = values[i]! / values.length;
  return sum(scaled);
}

/**
 * The mean of 0/1 indicators (correct, outcome): their count over their number. Integer sums are
 * exact, so this is what `mean` would give, without the compensation (and with the summing
 * loop kept to one array type, which V8 compiles tighter).
 */
export function meanOfIndicators(values: Uint8Array): number {
  if (values.length === 0) throw new RangeError('mean of an empty array');
  let count = 0;
  for (let i = 0; i < values.length; i++) count += values[i]!;
  return count / values.length;
}

/**
 * `mean` of values that arrive in pieces and are not kept: the same compensated sum, term by
 * term in the same order, so `mean()` is `mean(all the values)` bit for bit. The one case it
 * cannot give is the one `mean` answers from the values themselves (finite values whose sum
 * overflows): then it returns undefined, and the caller needs the values.
 */
export class RunningMean {
  private total = 0;
  private compensation = 0;
  private finite = true;
  private count = 0;

  /** Adds `values[0 .. length - 1]`, in order. */
  add(values: Float64Array, length: number): void {
    let total = this.total;
    let compensation = this.compensation;
    let finite = this.finite;
    for (let i = 0; i < length; i++) {
      const v = values[i]!;
      const t = total + v;
      compensation += Math.abs(total) >= Math.abs(v) ? (total - t) + v : (v - t) + total;
      total = t;
      if (!Number.isFinite(v)) finite = false;
    }
    this.total = total;
    this.compensation = compensation;
    this.finite = finite;
    this.count += length;
  }

  /** Whether every value added was finite. */
  get allFinite(): boolean {
    return this.finite;
  }

  /** `mean` of every value added; undefined when only the values could give it (see above). */
  mean(): number | undefined {
    if (this.count === 0) throw new RangeError('mean of an empty array');
    const total = Number.isFinite(this.total) ? this.total + this.compensation : this.total;
    if (Number.isFinite(total) || !this.finite) return total / this.count;
    return undefined;
  }
}
