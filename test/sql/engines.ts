/**
 * Test-only: running calib's queries in DuckDB (in-process), reading their rows back as summary
 * rows, and the table they must equal: calib's own summary builder's (src/summary/build.ts).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { Predictions } from '../../src/core/predictions.js';
import type { SqlSpec } from '../../src/sql/spec.js';
import { summarizePredictions } from '../../src/summary/build.js';
import { summaryRows } from '../../src/summary/table.js';
import type { SummaryRow } from './reference-summary.js';

let instance: Promise<DuckDBInstance> | undefined;

/** The rows of `query` in DuckDB (one in-memory database per test process), as plain JS values. */
export async function duckdbRows(query: string): Promise<Record<string, unknown>[]> {
  instance ??= DuckDBInstance.create(':memory:');
  const connection = await (await instance).connect();
  try {
    const reader = await connection.runAndReadAll(query);
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
  }
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** An engine's result row as a summary row (slice columns by name; numbers as JS numbers, bigints converted). */
export function asSummaryRow(row: Record<string, unknown>, sliceColumns: readonly string[] = []): SummaryRow {
  return {
    slices: Object.fromEntries(sliceColumns.map((c) => [c, String(row[c])])),
    part: row.part as SummaryRow['part'],
    class: num(row.class), bin: num(row.bin), n: num(row.n)!,
    sum_conf: num(row.sum_conf), sum_outcome: num(row.sum_outcome), sum_conf2: num(row.sum_conf2),
    sum_conf_outcome: num(row.sum_conf_outcome), sum_correct: num(row.sum_correct), sum_top_conf: num(row.sum_top_conf),
    sum_nll: num(row.sum_nll), sum_brier: num(row.sum_brier), sum_entropy: num(row.sum_entropy),
    floor_hits: num(row.floor_hits), label_count: num(row.label_count),
  };
}

/**
 * The long table `calib summarize` writes for `preds` with the query's options (grid, class grid,
 * edges, binary view, floor), as summary rows: what a query's result must equal. Slice cells are
 * given column by column (`cells[c][row]`), as the builder takes them.
 */
export function builderRows(preds: Predictions, spec: Pick<SqlSpec, 'grid' | 'classGrid' | 'edges' | 'binaryView' | 'probFloor'>,
  slices?: { readonly columns: readonly string[]; readonly cells: readonly (readonly string[])[] }): SummaryRow[] {
  const summary = summarizePredictions(preds, {
    grid: spec.grid, classGrid: spec.classGrid, edges: spec.edges, binaryView: spec.binaryView, probFloor: spec.probFloor,
    sources: [{ name: 'test' }], calibVersion: 'test', ...(slices ? { slices } : {}),
  });
  return summaryRows(summary).map((row) => asSummaryRow(row, slices?.columns ?? []));
}
