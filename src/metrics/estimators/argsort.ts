/**
 * Stable ascending sorts of non-negative finite doubles (confidences, probabilities), ties kept
 * in row order. Two methods, which give the same order:
 *
 * - `stableArgsort` (and the fallback of `sortRows`): a least-significant-digit radix sort on the
 *   IEEE-754 bit pattern (Knuth, TAOCP vol. 3, §5.2.5). For non-negative doubles the bit pattern,
 *   read as an unsigned integer, orders exactly as the numbers do. Six passes of at most 11 bits
 *   (the count table stays in cache); the key words travel with a payload, so that every pass
 *   reads memory in order, and a pass whose digit is the same for every row is skipped. LSD
 *   radix sorting is stable, so the payload of tied rows stays in row order without carrying the
 *   row index. A comparator sort of a million indices takes about a second in V8; this takes
 *   about 0.2 s.
 * - `sortRows`: a most-significant-first bucket sort on the values (see BucketSort), about twice
 *   as fast again on the confidences of a million rows, since each row moves two or three times.
 *
 * @example stableArgsort(Float64Array.of(0.5, 0.1, 0.5, 0)) // Uint32Array [3, 1, 0, 2]
 */
export function stableArgsort(values: Float64Array): Uint32Array {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return radixSort(values, order, new Uint32Array(n)).payload;
}

/**
 * Rows sorted by confidence once, for every estimator that walks them in that order (equal-mass
 * bins, the ECE-sweep, debiased ECE's equal-mass edges): the confidences in the stable order and
 * the outcomes in that order. The outcome bytes travel through the sort with the keys, so no
 * row is fetched from a random place afterwards (on ten million rows that gather took longer
 * than a third of the sort).
 */
export interface SortedRows {
  /** The confidences in ascending order (with -0 read as +0). */
  readonly confidence: Float64Array;
  /** `outcome` in the same (stable) order: `outcome[stableArgsort(confidence)[k]]`. */
  readonly outcome: Uint8Array;
}

/** @example sortRows(Float64Array.of(0.5, 0.1), Uint8Array.of(1, 0)) // confidence [0.1, 0.5], outcome [0, 1] */
export function sortRows(confidence: Float64Array, outcome: Uint8Array): SortedRows {
  const n = confidence.length;
  const sorted = emptySortedRows(n);
  if (n > 0) new BucketSort().sort(confidence, outcome, 0, n, sorted.confidence, sorted.outcome, 0);
  return sorted;
}

/** Room for n sorted rows. */
export function emptySortedRows(n: number): SortedRows {
  return { confidence: new Float64Array(n), outcome: new Uint8Array(n) };
}

/** `sortRows` by the radix sort: for ranges the bucket sort hands back (see BucketSort). */
function radixSortRows(confidence: Float64Array, outcome: Uint8Array): SortedRows {
  const n = confidence.length;
  const { lo, hi, payload } = radixSort(confidence, outcome.slice(0, n), new Uint8Array(n));
  const sorted = new Float64Array(n);
  const words = new Uint32Array(sorted.buffer);
  for (let k = 0; k < n; k++) {
    words[2 * k] = lo[k]!;
    words[2 * k + 1] = hi[k]!;
  }
  return { confidence: sorted, outcome: payload };
}

/** Ranges of at most this many rows are sorted by insertion. */
const INSERTION_ROWS = 24;
/** At most this many buckets a level (a count table of 256 KB, which stays in cache). */
export const MAX_BUCKETS = 65_536;
/**
 * A bucket that keeps more than this share of its level's rows (below the first level) goes to
 * the radix sort; and so does any range deeper than MAX_DEPTH levels.
 */
const STUCK_SHARE = 0.75;
const MAX_DEPTH = 8;

/**
 * `sortRows`' distribution sort (an MSD bucket sort on the values themselves): a range of rows is
 * spread over up to size/4 buckets of equal width between its smallest and largest confidence,
 * `floor((c - min) * buckets / (max - min))`, each bucket is sorted the same way, and small ones by
 * insertion. The bucket number never decreases as c grows (the subtraction, the product and the
 * floor are each monotone in floating point), equal values share a bucket, the spreading keeps
 * row order, and the insertion sort moves a row only past larger values: so the result is the
 * stable sort, exactly what the radix sort gives. It is faster because a row moves two or three
 * times (once per level, then within a few dozen rows in cache) instead of once per radix pass
 * (five or six); measured 1.5 to 2.3x on millions of confidences. Confidences spread over many
 * scales (powers of ten) defeat equal-width buckets: a bucket below the first level that keeps
 * most of its level's rows goes to the radix sort (at worst about 1.6x the radix sort's time
 * alone, on values spread over all binary exponents), as does a range deeper than MAX_DEPTH
 * levels or one whose spread is too small to scale (subnormal differences).
 */
export class BucketSort {
  /**
   * The rows of one bucket wait here, from position 0, while the level below sorts them back:
   * as long as the largest bucket below the first level (grown as needed), not as all the rows.
   */
  private spareConfidence = new Float64Array(0);
  private spareOutcome = new Uint8Array(0);
  /** One count table per level (a level's table holds its bucket bounds while deeper levels run). */
  private readonly counts: Int32Array[] = [];

  /**
   * Writes rows `from .. to - 1` of (`confidence`, `outcome`) sorted (stably, -0 as +0) into the
   * same positions of (`value`, `label`), which must be other arrays. With `shift`, the rows are
   * read from `from - shift .. to - shift` instead (a bucket copied to the start of the scratch).
   */
  sort(confidence: Float64Array, outcome: Uint8Array, from: number, to: number,
    value: Float64Array, label: Uint8Array, depth: number, shift = 0): void {
    const size = to - from;
    const readFrom = from - shift;
    const readTo = to - shift;
    if (size <= INSERTION_ROWS) {
      copyRows(confidence, outcome, readFrom, readTo, value, label, shift);
      insertionSort(value, label, from, to);
      return;
    }
    const { min, max } = valueRange(confidence, readFrom, readTo);
    if (!(max > min)) { // all equal: already in order
      copyRows(confidence, outcome, readFrom, readTo, value, label, shift);
      return;
    }
    const level = bucketLevel(min, max, size);
    if (depth > MAX_DEPTH || level === undefined) {
      const sorted = radixSortRows(confidence.subarray(readFrom, readTo), outcome.subarray(readFrom, readTo));
      value.set(sorted.confidence, from);
      label.set(sorted.outcome, from);
      return;
    }
    const ends = this.countTable(depth, level.buckets);
    ends.fill(0, 0, level.buckets);
    countBuckets(confidence, readFrom, readTo, level, ends);
    // Counts to starting positions; after the spreading, ends[b] is where bucket b ends.
    let start = from;
    for (let b = 0; b < level.buckets; b++) {
      const c = ends[b]!;
      ends[b] = start;
      start += c;
    }
    spreadBuckets(confidence, outcome, readFrom, readTo, level, ends, value, label);
    // The rows read are all in (value, label) now: the scratch is free for the level below.
    this.sortBuckets(value, label, ends, 0, level.buckets, from, size, depth);
  }

  /**
   * Sorts each of buckets `first .. last - 1` in place (bucket b's rows end at `ends[b]`, and
   * bucket `first`'s start at `start`), as the level `depth` of `sort` does after spreading
   * `levelRows` rows.
   */
  sortBuckets(value: Float64Array, label: Uint8Array, ends: Int32Array, first: number, last: number,
    start: number, levelRows: number, depth: number): void {
    let bucketStart = start;
    for (let b = first; b < last; b++) {
      const bucketEnd = ends[b]!;
      const rows = bucketEnd - bucketStart;
      if (depth > 0 && rows > STUCK_SHARE * levelRows) {
        // Below the first level, a bucket that keeps most rows means they span many scales (the
        // buckets are equal-width, the values are not): a level no longer divides them.
        const sorted = radixSortRows(value.subarray(bucketStart, bucketEnd), label.subarray(bucketStart, bucketEnd));
        value.set(sorted.confidence, bucketStart);
        label.set(sorted.outcome, bucketStart);
      } else if (rows > INSERTION_ROWS) {
        this.reserveSpare(rows);
        this.spareConfidence.set(value.subarray(bucketStart, bucketEnd));
        this.spareOutcome.set(label.subarray(bucketStart, bucketEnd));
        this.sort(this.spareConfidence, this.spareOutcome, bucketStart, bucketEnd, value, label, depth + 1, bucketStart);
      } else if (rows > 1) {
        insertionSort(value, label, bucketStart, bucketEnd);
      }
      bucketStart = bucketEnd;
    }
  }

  /** Scratch for at least `rows` rows. */
  private reserveSpare(rows: number): void {
    if (this.spareConfidence.length >= rows) return;
    const length = Math.max(rows, 2 * this.spareConfidence.length);
    this.spareConfidence = new Float64Array(length);
    this.spareOutcome = new Uint8Array(length);
  }

  /** Level `depth`'s table, with room for `buckets` (grown as needed: a small sort, as a bootstrap resample's, stays small). */
  private countTable(depth: number, buckets: number): Int32Array {
    const table = this.counts[depth];
    if (table !== undefined && table.length >= buckets) return table;
    return (this.counts[depth] = new Int32Array(Math.min(MAX_BUCKETS, Math.max(buckets, 2 * (table?.length ?? 0)))));
  }
}

/** The equal-width buckets of one level: row value c goes to `min(buckets - 1, floor((c - min) * scale))`. */
export interface BucketLevel {
  readonly min: number;
  readonly scale: number;
  readonly buckets: number;
}

/** The smallest and largest of rows `from .. to - 1` (Infinity and -Infinity for none). */
export function valueRange(confidence: Float64Array, from: number, to: number): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = from; i < to; i++) {
    const c = confidence[i]!;
    if (c < min) min = c;
    if (c > max) max = c;
  }
  return { min, max };
}

/** Up to rows / 4 buckets over [min, max] (max > min); undefined when the spread is too small to scale. */
export function bucketLevel(min: number, max: number, rows: number): BucketLevel | undefined {
  const buckets = Math.min(MAX_BUCKETS, rows >>> 2);
  const scale = buckets / (max - min);
  return Number.isFinite(scale) ? { min, scale, buckets } : undefined;
}

/** Adds the rows `from .. to - 1` to their buckets' counts. */
export function countBuckets(confidence: Float64Array, from: number, to: number, level: BucketLevel, counts: Int32Array): void {
  const { min, scale } = level;
  const last = level.buckets - 1;
  for (let i = from; i < to; i++) {
    const b = ((confidence[i]! - min) * scale) | 0; // in [0, buckets]: buckets only at c = max
    counts[b > last ? last : b]!++;
  }
}

/**
 * Writes the rows `from .. to - 1`, in order, to their buckets: `next[b]` is where bucket b's
 * next row goes (advanced as rows arrive). Keeps row order within a bucket.
 */
export function spreadBuckets(confidence: Float64Array, outcome: Uint8Array, from: number, to: number, level: BucketLevel,
  next: Int32Array, value: Float64Array, label: Uint8Array): void {
  const { min, scale } = level;
  const last = level.buckets - 1;
  for (let i = from; i < to; i++) {
    const c = confidence[i]!;
    const b = ((c - min) * scale) | 0;
    const at = next[b > last ? last : b]!++;
    value[at] = c + 0; // + 0 turns -0 into +0
    label[at] = outcome[i]!;
  }
}

/** Rows `from .. to - 1` to positions `from + shift ..`. */
function copyRows(confidence: Float64Array, outcome: Uint8Array, from: number, to: number, value: Float64Array, label: Uint8Array,
  shift: number): void {
  for (let i = from; i < to; i++) {
    value[i + shift] = confidence[i]! + 0; // + 0 turns -0 into +0
    label[i + shift] = outcome[i]!;
  }
}

/** Stable insertion sort of rows `from .. to - 1` in place (a row moves only past larger values). */
function insertionSort(value: Float64Array, label: Uint8Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const v = value[i]!;
    const y = label[i]!;
    let j = i;
    while (j > from && value[j - 1]! > v) {
      value[j] = value[j - 1]!;
      label[j] = label[j - 1]!;
      j--;
    }
    value[j] = v;
    label[j] = y;
  }
}

/**
 * The radix sort of `values`, moving `payload` (one entry per value; `spare` is scratch of the
 * same type and length) with it: the key words (low and high halves of each double) and the
 * payload, in sorted order. The arrays given may be reused for the result.
 */
/** Digit values per pass (11 bits). */
const RADIX = 2048;

function radixSort<P extends Uint8Array | Uint32Array>(values: Float64Array, payload: P, spare: P): { lo: Uint32Array; hi: Uint32Array; payload: P } {
  const n = values.length;
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n); // little-endian: [lo, hi] per double
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  let lo2 = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  let moved = payload;
  let moved2 = spare;
  // The key words and, in the same read, the six digit histograms (the digits' values do not
  // change as rows move, so each pass's counts are known up front).
  const counts = new Uint32Array(6 * RADIX);
  for (let i = 0; i < n; i++) {
    const l = words[2 * i]!;
    // The values are non-negative, so the sign bit is set only for -0, which this makes +0.
    const h = words[2 * i + 1]! & 0x7fffffff;
    lo[i] = l;
    hi[i] = h;
    counts[l & 0x7ff]!++;
    counts[RADIX + ((l >>> 11) & 0x7ff)]!++;
    counts[2 * RADIX + (l >>> 22)]!++;
    counts[3 * RADIX + (h & 0x7ff)]!++;
    counts[4 * RADIX + ((h >>> 11) & 0x7ff)]!++;
    counts[5 * RADIX + (h >>> 22)]!++;
  }
  for (let pass = 0; pass < 6 && n > 0; pass++) {
    const shift = (pass % 3) * 11;
    const mask = pass % 3 === 2 ? 0x3ff : 0x7ff;
    const digits = pass < 3 ? lo : hi;
    const at0 = pass * RADIX;
    if (counts[at0 + ((digits[0]! >>> shift) & mask)] === n) continue; // one digit: nothing moves
    // Counts to starting positions (exclusive prefix sums).
    let start = 0;
    for (let d = 0; d <= mask; d++) {
      const c = counts[at0 + d]!;
      counts[at0 + d] = start;
      start += c;
    }
    for (let i = 0; i < n; i++) {
      const at = counts[at0 + ((digits[i]! >>> shift) & mask)]!++;
      lo2[at] = lo[i]!;
      hi2[at] = hi[i]!;
      moved2[at] = moved[i]!;
    }
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
    [moved, moved2] = [moved2, moved];
  }
  return { lo, hi, payload: moved };
}
