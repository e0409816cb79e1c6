import type { RecordSink } from './csv-records.js';
import { parseScore } from './parse-score.js';

/** What a column holds, over every row: for `calib inspect`. */
export type ColumnType = 'integer' | 'number' | 'text' | 'mixed' | 'empty';

export interface ColumnStats {
  /** 1-based position in the header. */
  readonly position: number;
  readonly name: string;
  readonly type: ColumnType;
  /** Smallest and largest number in the column (null without numbers). */
  readonly min: number | null;
  readonly max: number | null;
  /** Cells that are numbers, text, empty. */
  readonly numbers: number;
  readonly texts: number;
  readonly empty: number;
  /** Up to three distinct text values, in order of appearance. */
  readonly examples: readonly string[];
}

const EXAMPLES = 3;

/**
 * Collects per-column statistics as records stream by (a RecordSink for csv-records.ts): one
 * pass, constant memory per column. Rows with the wrong number of fields count for the fields
 * they have (the reader reports them).
 */
export class ColumnStatsSink implements RecordSink {
  private names: string[] = [];
  private numbers: number[] = [];
  private integers: number[] = [];
  private texts: number[] = [];
  private empties: number[] = [];
  private mins: number[] = [];
  private maxs: number[] = [];
  private examples: string[][] = [];
  rows = 0;
  /** The first rows, as the table builder plans columns on them (for `columnRoles`). */
  readonly sample: string[][] = [];

  constructor(private readonly sampleRows: number) {}

  /** The trimmed header names. */
  get headerNames(): readonly string[] {
    return this.names;
  }

  header(fields: string[]): void {
    this.names = fields.map((f) => f.trim());
    const n = this.names.length;
    this.numbers = new Array<number>(n).fill(0);
    this.integers = new Array<number>(n).fill(0);
    this.texts = new Array<number>(n).fill(0);
    this.empties = new Array<number>(n).fill(0);
    this.mins = new Array<number>(n).fill(Infinity);
    this.maxs = new Array<number>(n).fill(-Infinity);
    this.examples = this.names.map(() => []);
  }

  row(fields: string[]): void {
    this.rows++;
    if (this.sample.length < this.sampleRows) this.sample.push(fields);
    const n = Math.min(fields.length, this.names.length);
    for (let i = 0; i < n; i++) {
      const text = fields[i] ?? '';
      const value = parseScore(text);
      if (value !== undefined) {
        this.numbers[i]!++;
        if (Number.isInteger(value)) this.integers[i]!++;
        if (value < this.mins[i]!) this.mins[i] = value;
        if (value > this.maxs[i]!) this.maxs[i] = value;
      } else if (text.trim() === '') {
        this.empties[i]!++;
      } else {
        this.texts[i]!++;
        const seen = this.examples[i]!;
        if (seen.length < EXAMPLES && !seen.includes(text.trim())) seen.push(text.trim());
      }
    }
  }

  finish(): ColumnStats[] {
    return this.names.map((name, i) => {
      const numbers = this.numbers[i]!;
      const texts = this.texts[i]!;
      const type: ColumnType = numbers > 0 && texts > 0 ? 'mixed' : texts > 0 ? 'text'
        : numbers === 0 ? 'empty' : this.integers[i] === numbers ? 'integer' : 'number';
      return {
        position: i + 1, name, type,
        min: numbers > 0 ? this.mins[i]! : null, max: numbers > 0 ? this.maxs[i]! : null,
        numbers, texts, empty: this.empties[i]!, examples: this.examples[i]!,
      };
    });
  }
}
