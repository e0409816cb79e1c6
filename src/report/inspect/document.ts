import type { Warning } from '../../core/warnings.js';
import type { ColumnStats, ColumnType } from '../../io/column-stats.js';
import type { ColumnDecision, ColumnRole } from '../../io/select-columns.js';
import type { InputFormat } from '../../io/formats/detect.js';

/** One column as `calib inspect` shows it: what it holds and what calib does with it. */
export interface InspectColumn {
  readonly position: number;
  readonly name: string;
  /** null when the file could not be read (see `error`). */
  readonly role: ColumnRole | null;
  readonly reason: string | null;
  readonly type: ColumnType;
  readonly min: number | null;
  readonly max: number | null;
  readonly examples: readonly string[];
}

/** `calib inspect`'s result: how calib reads a file, before any metric. */
export interface InspectDocument {
  readonly file: string;
  /** The format the file was read as: csv, npy, npz, parquet, jsonl or json. */
  readonly format: InputFormat;
  readonly rows: number;
  readonly columns: readonly InspectColumn[];
  readonly label_column: string | null;
  readonly score_columns: readonly string[];
  readonly classes: number | null;
  readonly class_names: readonly string[];
  readonly binary: boolean | null;
  readonly kind: 'logits' | 'probs' | null;
  readonly kind_detection: { readonly how: 'auto' | 'forced'; readonly reason: string } | null;
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
  /** `warnings` as typed records, in the same order (src/core/warnings.ts). */
  readonly warning_records: readonly Warning[];
  /** Why calib would stop on this file (exit 2), with the hint; null when it reads. */
  readonly error: { readonly message: string; readonly hint: string | null } | null;
}

/** Joins what the columns hold (every row) with the roles calib gave them (null roles when the read failed). */
export function inspectColumns(stats: readonly ColumnStats[], decisions: readonly ColumnDecision[] | undefined): InspectColumn[] {
  return stats.map((s, i) => {
    const d = decisions?.[i];
    return {
      position: s.position, name: s.name, role: d?.role ?? null, reason: d?.reason ?? null,
      type: s.type, min: s.min, max: s.max, examples: s.examples,
    };
  });
}
