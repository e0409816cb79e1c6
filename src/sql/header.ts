import { SUMMARY_FORMAT, SUMMARY_VERSION } from '../summary/types.js';
import { isBinary, type SqlSpec } from './spec.js';

/**
 * The summary header (docs/summary-format.md, "The header") that goes with the result of a
 * summary query: what a SQL export lacks, so that `--from-summary` can read the exported table.
 */
export interface SummaryHeader {
  readonly format: typeof SUMMARY_FORMAT;
  readonly version: typeof SUMMARY_VERSION;
  readonly grid: number;
  readonly class_grid: number;
  readonly edges: 'right' | 'left';
  readonly classes: readonly string[];
  readonly kinds: readonly ('logits' | 'probs')[];
  readonly binary: boolean;
  /** The view of one score column (binary); null for one column per class, as calib summarize writes it. */
  readonly binary_view: 'positive' | 'top-label' | null;
  readonly prob_floor: number;
  readonly slice_columns: readonly string[];
  readonly sources: readonly string[];
  readonly calib_version: string;
  /** `--replicates R`: the table also holds replicates 0..R-1 (a `replicate` column; null for the rows themselves). */
  readonly replicates?: number;
  /** With replicates: the engine whose hash drew the weights and the row id column (tables pair only when both agree). */
  readonly replicate_weights?: { readonly engine: string; readonly id: string };
}

/** `sql:<dialect>:<table>` names the table a query summarizes (the files' path for DuckDB's readers). */
export function sourceName(spec: SqlSpec): string {
  const table = spec.table.kind === 'name' ? spec.table.parts.join('.') : `${spec.table.kind}:${spec.table.path}`;
  return `sql:${spec.dialect}:${table}`;
}

export function summaryHeader(spec: SqlSpec, calibVersion: string): SummaryHeader {
  return {
    format: SUMMARY_FORMAT,
    version: SUMMARY_VERSION,
    grid: spec.grid,
    class_grid: spec.classGrid,
    edges: spec.edges,
    classes: spec.classes,
    kinds: [spec.kind],
    binary: isBinary(spec),
    binary_view: isBinary(spec) ? spec.binaryView : null,
    prob_floor: spec.probFloor,
    slice_columns: spec.groupBy,
    sources: [sourceName(spec)],
    calib_version: calibVersion,
    ...(spec.replicates ? { replicates: spec.replicates.count, replicate_weights: { engine: spec.dialect, id: spec.replicates.id } } : {}),
  };
}
