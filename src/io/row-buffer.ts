import { errors } from '../core/errors.js';
import { addressSpaceLimit, reservationBudget } from './address-space.js';

/**
 * Storage for a numeric table: `width` doubles and one int label per row, in typed arrays and no
 * object per row. Capacity can be reserved up front (the fast reader estimates the row count from
 * the file size) so that reading a large file never copies the matrix; past the capacity it grows
 * by half, which keeps the copies O(N) when no estimate was given.
 *
 * Large reservations cost no memory until written: the zeroed pages of a big typed array are only
 * mapped when touched, so an estimate that is a little high is free. Not under a limit on address
 * space (`ulimit -v`), which counts reserved pages too: there a reservation is kept below a
 * quarter of the limit, and one that cannot be had is skipped (the buffer then grows as rows
 * come). Memory that is really needed and cannot be had is an error that says how much.
 */
export class RowBuffer {
  private values: Float64Array;
  private labelIds: Int32Array;
  private count = 0;
  /** 0: every row's values are kept. Otherwise only a window of this many rows, row r at slot r mod windowRows. */
  private window = 0;
  /** `watch`: the row count at which `onWatch` runs next, and the step between. */
  private nextWatch = Infinity;
  private watchEvery = 0;
  private onWatch: ((rows: number) => void) | undefined;

  constructor(readonly width: number, initialRows = 1024, private readonly shared = false) {
    this.values = this.allocateValues(Math.max(1, initialRows) * width);
    this.labelIds = new Int32Array(this.allocateBytes(Math.max(1, initialRows) * 4));
  }

  get rows(): number {
    return this.count;
  }

  /** Rows that fit before the next growth. */
  get capacity(): number {
    return this.labelIds.length;
  }

  /** Makes room for one more row and returns the offset of its first value in `scores`. */
  addRow(label: number): number {
    const offset = this.nextRowOffset();
    this.labelIds[this.count++] = label;
    return offset;
  }

  /**
   * For a reader that writes a row's values before it knows the row's label: ensures room for
   * one more row and returns where its values go; `commitRow` then adds it.
   */
  nextRowOffset(): number {
    if (this.count === this.nextWatch) {
      this.nextWatch += this.watchEvery;
      this.onWatch!(this.count);
    }
    if (this.count === this.labelIds.length) this.grow(this.count + 1);
    return this.offsetOf(this.count);
  }

  /** Where row `row`'s first value is in `scores` (its slot, in a window). */
  offsetOf(row: number): number {
    return this.width * (this.window === 0 ? row : row % this.window);
  }

  /** The rows of the window (0 when every row is kept). */
  get windowRows(): number {
    return this.window;
  }

  /**
   * Calls `hook(rows)` each time `rows`, a multiple of `every`, rows have been added, before the
   * next row's room is handed out: the hook may look at the rows so far and call `startWindow`.
   */
  watch(every: number, hook: (rows: number) => void): void {
    this.watchEvery = every;
    this.nextWatch = (Math.floor(this.count / every) + 1) * every;
    this.onWatch = hook;
  }

  unwatch(): void {
    this.nextWatch = Infinity;
    this.onWatch = undefined;
  }

  /**
   * From the next row on, keeps the values of `rows` rows only, row r at slot r mod `rows`, in a
   * new array (`scores`): the rows written so far are no longer here (whoever reads them holds
   * the old array). The labels are all kept. The caller sees to it that a slot's row has been
   * read before the slot is written again.
   */
  startWindow(rows: number): void {
    this.values = this.allocateValues(rows * this.width);
    this.window = rows;
  }

  commitRow(label: number): void {
    this.labelIds[this.count++] = label;
  }

  /**
   * Adds the `count` rows that another reader wrote at rows `from ..` of these arrays (beyond the
   * rows so far: `from >= rows`), moving them down to follow the rows so far, their label ids
   * looked up in `labelOf` (the other reader's ids are its own).
   */
  adoptRows(from: number, count: number, labelOf: Int32Array): void {
    if (this.window !== 0) throw new RangeError('adoptRows: not in a window');
    if (from < this.count || from + count > this.labelIds.length) throw new RangeError('adoptRows: rows outside the buffer');
    const w = this.width;
    this.values.copyWithin(this.count * w, from * w, (from + count) * w);
    const labels = this.labelIds;
    for (let r = 0; r < count; r++) labels[this.count + r] = labelOf[labels[from + r]!]!;
    this.count += count;
  }

  /**
   * Grows the capacity to at least `rows` (a no-op when it is already that large): an estimate,
   * so under a limit on address space it is cut to the reservation budget, and skipped when the
   * memory is not there.
   */
  reserve(rows: number): void {
    const budgetRows = Math.floor(reservationBudget() / ((this.window === 0 ? this.width * 8 : 0) + 4));
    const target = Math.min(rows, Math.max(budgetRows, this.labelIds.length));
    if (target <= this.labelIds.length) return;
    try {
      this.grow(target, true);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
    }
  }

  /** The backing array; valid until the next row is added or space reserved. */
  get scores(): Float64Array {
    return this.values;
  }

  /** The label ids written so far share this array; valid like `scores`. */
  get labels(): Int32Array {
    return this.labelIds;
  }

  /**
   * Arrays of exactly the rows written. Views, not copies: the unused end of a reservation was
   * never touched, so it holds no memory.
   */
  finish(): { scores: Float64Array; labels: Int32Array } {
    const n = this.count;
    return {
      // In a window: the window itself (the rows are not all there).
      scores: this.window !== 0 || this.values.length === n * this.width ? this.values : this.values.subarray(0, n * this.width),
      labels: this.labelIds.length === n ? this.labelIds : this.labelIds.subarray(0, n),
    };
  }

  private grow(atLeast: number, exact = false): void {
    if (exact) {
      this.growTo(atLeast);
      return;
    }
    const capacity = Math.max(atLeast, Math.ceil(this.labelIds.length * 1.5));
    try {
      this.growTo(capacity);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      // Half a step more, then just enough for this row; past that the memory is not there.
      const smaller = Math.max(atLeast, Math.ceil(this.labelIds.length * 1.1));
      try {
        this.growTo(smaller);
      } catch (again) {
        if (!(again instanceof RangeError)) throw again;
        const bytes = smaller * (this.width * 8 + 4);
        const limit = addressSpaceLimit();
        throw errors.outOfMemory(`holding ${smaller} rows of ${this.width} scores`, bytes, Number.isFinite(limit) ? limit : undefined);
      }
    }
  }

  /** Throws RangeError when the memory cannot be had. */
  private growTo(capacity: number): void {
    if (this.window === 0) {
      const values = this.allocateValues(capacity * this.width);
      values.set(this.values.subarray(0, this.count * this.width));
      this.values = values;
    }
    const labels = new Int32Array(this.allocateBytes(capacity * 4));
    labels.set(this.labelIds.subarray(0, this.count));
    this.labelIds = labels;
  }

  private allocateValues(length: number): Float64Array {
    return new Float64Array(this.allocateBytes(length * 8));
  }

  /** Shared memory when a worker thread reads the rows while they are being written. */
  private allocateBytes(bytes: number): ArrayBuffer | SharedArrayBuffer {
    return this.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  }
}
