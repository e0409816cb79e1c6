/**
 * Physical line number of every data row without storing one per row: rows usually sit on
 * consecutive lines, so only the places where that breaks (a blank line, a quoted field spanning
 * lines) are recorded, and a lookup is a binary search over those.
 */
export class LineMap {
  /** Pairs (row, line): from `row` on, row r is on line `line + (r - row)` until the next pair. */
  private readonly rowsAt: number[] = [];
  private readonly linesAt: number[] = [];
  private count = 0;

  /** Record that the next row (number `count`) starts on `line`. Rows must be added in order. */
  add(line: number): void {
    const last = this.rowsAt.length - 1;
    const expected = last < 0 ? -1 : (this.linesAt[last] ?? 0) + (this.count - (this.rowsAt[last] ?? 0));
    if (line !== expected) {
      this.rowsAt.push(this.count);
      this.linesAt.push(line);
    }
    this.count++;
  }

  /** `add(line)`, `add(line + 1)`, ..., `count` rows on consecutive lines. */
  addRun(line: number, count: number): void {
    if (count <= 0) return;
    this.add(line);
    this.count += count - 1;
  }

  get rows(): number {
    return this.count;
  }

  lineOf(row: number): number {
    let lo = 0;
    let hi = this.rowsAt.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.rowsAt[mid] ?? 0) <= row) lo = mid;
      else hi = mid - 1;
    }
    return (this.linesAt[lo] ?? 0) + (row - (this.rowsAt[lo] ?? 0));
  }
}
