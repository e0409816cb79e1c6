import { csvField } from '../format.js';

export interface CalibratedCsvInput {
  /** Header of the label column, as in the input. */
  labelColumn: string;
  classNames: readonly string[];
  labels: Int32Array;
  /** Row-major N x K probabilities. */
  probabilities: Float64Array;
  /** Binary one-column input: write one column, P(y = 1), as the input had. */
  binary: boolean;
  /**
   * The input's non-score columns (label, ids, bookkeeping, text) as CSV text: their header and
   * each row's cells, written first, in file order and as in the input. Without it, the label
   * column is written as the class name.
   */
  kept?: { header: string; cells: readonly string[] };
}

/**
 * Calibrated probabilities as CSV, in chunks of rows (a 50,000 x 1,000 file does not fit one
 * string). Columns: the input's non-score columns in file order, as written there (`kept`; else
 * the label, as the class name), then `p_<class>` per class, or one `p_<positive class>` column
 * for binary one-column input. Numbers are written with `String(x)`, the shortest text that reads
 * back to the same double: full precision.
 */
export function* calibratedCsvChunks(input: CalibratedCsvInput, rowsPerChunk = 2048): Generator<string> {
  const k = input.classNames.length;
  const columns = input.binary ? [`p_${input.classNames[1]}`] : input.classNames.map((name) => `p_${name}`);
  const kept = input.kept;
  yield [kept ? kept.header : csvField(input.labelColumn), ...columns.map(csvField)].join(',') + '\n';
  const n = input.labels.length;
  for (let start = 0; start < n; start += rowsPerChunk) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(n, start + rowsPerChunk); i++) {
      const first = kept ? kept.cells[i]! : csvField(input.classNames[input.labels[i]!]!);
      if (input.binary) {
        lines.push(`${first},${input.probabilities[i * 2 + 1]!}`);
      } else {
        const row = [first];
        for (let j = 0; j < k; j++) row.push(String(input.probabilities[i * k + j]!));
        lines.push(row.join(','));
      }
    }
    yield lines.join('\n') + '\n';
  }
}
