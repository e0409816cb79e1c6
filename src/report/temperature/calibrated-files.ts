import { parquetWriteBuffer } from 'hyparquet-writer';
import { calibratedCsvChunks, type CalibratedCsvInput } from './calibrated-csv.js';

/**
 * `temperature --write` in the format its extension names: `.npy` (the probabilities alone, as
 * NumPy writes an array), `.parquet` (the label and one column per class), else CSV.
 */
export type CalibratedFormat = 'csv' | 'npy' | 'parquet';

export function calibratedFormatOf(path: string): CalibratedFormat {
  if (/\.npy$/i.test(path)) return 'npy';
  if (/\.parquet$/i.test(path)) return 'parquet';
  return 'csv';
}

export function calibratedContent(path: string, input: CalibratedCsvInput): Uint8Array | Iterable<string> {
  const format = calibratedFormatOf(path);
  if (format === 'npy') return calibratedNpy(input);
  if (format === 'parquet') return calibratedParquet(input);
  return calibratedCsvChunks(input);
}

/** The probability columns' names, as in the CSV: `p_<class>`, or one `p_<positive class>` for binary one-column input. */
function probabilityColumns(input: CalibratedCsvInput): string[] {
  return input.binary ? [`p_${input.classNames[1]}`] : input.classNames.map((name) => `p_${name}`);
}

/** Row-major values of the written columns: all K per row, or P(y = 1) alone for binary input. */
function written(input: CalibratedCsvInput): { values: Float64Array; width: number } {
  const n = input.labels.length;
  if (!input.binary) return { values: input.probabilities, width: input.classNames.length };
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = input.probabilities[i * 2 + 1]!;
  return { values, width: 1 };
}

/**
 * An NPY version 1.0 file: little-endian float64 in C order, shape (N, K), or (N,) for binary
 * one-column input (P(y = 1)), the header padded with spaces to a multiple of 64 bytes and ended
 * by a newline, as `np.save` writes it. The labels are not in it (`--labels` reads them from the
 * input's own labels file).
 */
export function calibratedNpy(input: CalibratedCsvInput): Uint8Array {
  const { values, width } = written(input);
  const n = input.labels.length;
  const shape = input.binary ? `(${n},)` : `(${n}, ${width})`;
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': ${shape}, }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + values.length * 8);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0); // \x93NUMPY, version 1.0
  out[8] = header.length & 0xff;
  out[9] = header.length >> 8;
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const view = new DataView(out.buffer, 10 + header.length);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i]!, true);
  return out;
}

/**
 * A Parquet file (hyparquet-writer, snappy): the label as the class name (text), then one DOUBLE
 * column per written probability, named as in the CSV. The input's other columns are not carried
 * over (the CSV output keeps them).
 */
export function calibratedParquet(input: CalibratedCsvInput): Uint8Array {
  const { values, width } = written(input);
  const n = input.labels.length;
  const labels = Array.from(input.labels, (c) => input.classNames[c]!);
  const columns = probabilityColumns(input).map((name, j) => {
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = values[i * width + j]!;
    return { name, data, type: 'DOUBLE' as const, nullable: false };
  });
  const buffer = parquetWriteBuffer({
    columnData: [{ name: input.labelColumn, data: labels, type: 'STRING', nullable: false }, ...columns],
  });
  return new Uint8Array(buffer);
}
