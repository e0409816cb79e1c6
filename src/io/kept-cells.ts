/**
 * The cells that are not scores (the label, ids, bookkeeping, text), kept per row as CSV text so
 * that `temperature --write` can write them next to the calibrated probabilities, in file order.
 * One string per row (the cells quoted as needed and joined by commas): only the text travels,
 * never a parsed object, and only when asked for.
 */
export class KeptCells {
  private readonly rows: string[] = [];

  /** `indices`: the header positions of the kept columns, in file order. */
  constructor(readonly indices: readonly number[], readonly header: string) {}

  /** Keeps the row whose fields are `fields` (unquoted values, as the CSV reader gives them). */
  add(fields: readonly string[]): void {
    let text = '';
    const indices = this.indices;
    for (let j = 0; j < indices.length; j++) {
      if (j > 0) text += ',';
      text += csvCell(fields[indices[j]!] ?? '');
    }
    this.rows.push(text);
  }

  get cells(): readonly string[] {
    return this.rows;
  }
}

/** A CSV cell: quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
