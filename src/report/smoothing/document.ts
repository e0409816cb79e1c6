import type { Warning } from '../../core/warnings.js';
import type { ColumnDecision } from '../../io/select-columns.js';
import type { ScoreKind } from '../../core/predictions.js';
import type { SmoothingAnalysis } from '../../smoothing/types.js';
import type { InputFormat } from '../../io/formats/detect.js';

/** Everything `calib smoothing` prints, as data: the JSON output is this object. */
export interface SmoothingDocument extends SmoothingAnalysis {
  file: string;
  /** The format the file was read as: csv, npy, npz, parquet, jsonl or json. */
  format: InputFormat;
  rows: number;
  classes: number;
  kind: ScoreKind;
  binary: boolean;
  /** Every column of the input with its role and the reason (README "Input files"). */
  columns: ColumnDecision[];
  /** The convention, stated so nobody has to guess (docs/conventions.md, "Temperature scaling and smoothing"). */
  convention: string;
  warnings: string[];
  /** `warnings` as typed records, in the same order (src/core/warnings.ts). */
  warning_records: Warning[];
}

export function smoothingConvention(classes: number, binary: boolean, prior: 'uniform' | 'empirical'): string {
  const target = prior === 'uniform'
    ? `y_ls = (1 - a) onehot(y) + a/${classes}: the true class gets 1 - a + a/${classes}, as PyTorch's CrossEntropyLoss(label_smoothing=a) and Keras' label_smoothing=a`
    : 'y_ls = (1 - a) onehot(y) + a u, with u the class frequencies of the labels in this file';
  return binary && prior === 'uniform' ? `${target} (binary: a/2 per side, Keras' BinaryCrossentropy)` : target;
}
