/**
 * Growable storage for a numeric table: `width` doubles and one int label per row, in typed arrays
 * whose capacity doubles when full, so reading N rows costs O(N) copies and no object per row.
 */
export class RowBuffer {
  private values: Float64Array;
  private labelIds: Int32Array;
  private count = 0;

  constructor(readonly width: number, initialRows = 1024) {
    this.values = new Float64Array(initialRows * width);
    this.labelIds = new Int32Array(initialRows);
  }

  get rows(): number {
    return this.count;
  }

  /** Makes room for one more row and returns the offset of its first value in `scores`. */
  addRow(label: number): number {
    if (this.count === this.labelIds.length) this.grow();
    this.labelIds[this.count] = label;
    return this.width * this.count++;
  }

  /** The backing array; valid until the next `addRow`. */
  get scores(): Float64Array {
    return this.values;
  }

  /** Arrays trimmed to the rows written (copies only when capacity was left over). */
  finish(): { scores: Float64Array; labels: Int32Array } {
    const n = this.count;
    return {
      scores: this.values.length === n * this.width ? this.values : this.values.slice(0, n * this.width),
      labels: this.labelIds.length === n ? this.labelIds : this.labelIds.slice(0, n),
    };
  }

  private grow(): void {
    const capacity = Math.max(1, this.labelIds.length * 2);
    const values = new Float64Array(capacity * this.width);
    values.set(this.values);
    const labels = new Int32Array(capacity);
    labels.set(this.labelIds);
    this.values = values;
    this.labelIds = labels;
  }
}
