/**
 * Class ids of label cells looked up by their bytes, so that the fast reader makes no string per
 * row: a label of up to 6 bytes is packed into one exact integer key (a leading 1, then its
 * bytes: 8 * 6 + 1 = 49 bits < 2^53, and the leading 1 tells "7" from "07"). The first time a
 * spelling is seen it is decoded and resolved by `resolve` (the table builder's own label reader,
 * with its errors and line numbers); later rows reuse the id. Longer labels are decoded each time.
 */
export class LabelCache {
  private readonly ids = new Map<number, number>();
  /** Labels of one or two bytes (`0`, `1`, `42`: keys below 2^17) by direct index, -1 = unseen. */
  private readonly short = new Int32Array(1 << 17).fill(-1);

  constructor(private readonly resolve: (text: string, line: number) => number) {}

  id(bytes: Buffer, start: number, end: number, line: number): number {
    if (end - start > 6) return this.resolve(bytes.toString('utf8', start, end), line);
    let key = 1;
    for (let i = start; i < end; i++) key = key * 256 + bytes[i]!;
    if (key < this.short.length) {
      let id = this.short[key]!;
      if (id < 0) this.short[key] = id = this.resolve(bytes.toString('utf8', start, end), line);
      return id;
    }
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.resolve(bytes.toString('utf8', start, end), line);
      this.ids.set(key, id);
    }
    return id;
  }
}
