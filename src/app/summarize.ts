import type { BinEdges, BinaryView } from '../core/config.js';
import { mergeSummaries, type NamedSummary } from '../summary/merge.js';
import { summarizePredictions } from '../summary/build.js';
import { DEFAULT_CLASS_GRID, DEFAULT_GRID, type Summary, type SummarySource } from '../summary/types.js';
import { VERSION } from '../version.js';
import { applyWhere, columnText, parseSlices, textRequests, type SliceOptions } from './slices.js';
import type { UseCaseDeps } from './ports.js';

export interface SummarizeRunOptions {
  /** Prediction files (each may be a directory or a glob of shards, read as one input set). */
  readonly files: readonly string[];
  readonly grid?: number;
  readonly classGrid?: number;
  readonly edges: BinEdges;
  readonly binaryView: BinaryView;
  readonly probFloor: number;
  /** --group-by (the summary's slice columns) and --where. */
  readonly slice?: Pick<SliceOptions, 'groupBy' | 'where'>;
}

/**
 * `calib summarize`: each file read (its decisions printed by the reader and recorded in the
 * header's `sources`), cut by --where, summarized (src/summary/build.ts), and the summaries of
 * several files merged. One file's predictions are dropped before the next is read, so memory is
 * that of the largest file, not of all.
 */
export async function runSummarize(options: SummarizeRunOptions, deps: UseCaseDeps): Promise<Summary> {
  const clauses = parseSlices(options.slice);
  const by = options.slice?.groupBy ?? [];
  const textColumns = textRequests(options.slice);
  const grid = options.grid ?? DEFAULT_GRID;
  const classGrid = options.classGrid ?? DEFAULT_CLASS_GRID;
  // Merged as each file is summarized: one file's summary at a time besides the running total.
  let merged: NamedSummary | undefined;
  for (const file of options.files) {
    const { read } = applyWhere(await deps.read(file, textColumns.length > 0 ? { textColumns } : {}), clauses, deps.progress, by);
    const source: SummarySource = {
      name: file, format: read.format, rows: read.predictions.rows, kind: read.predictions.kind,
      kind_detection: { how: read.kindDecision.how, reason: read.kindDecision.reason },
      label_column: read.labelColumn, score_columns: read.scoreColumns,
      ...(clauses.length > 0 ? { where: clauses.map((c) => c.text) } : {}),
    };
    const summary = summarizePredictions(read.predictions, {
      grid, classGrid, edges: options.edges, binaryView: options.binaryView, probFloor: options.probFloor, sources: [source], calibVersion: VERSION,
      ...(by.length > 0 ? { slices: { columns: by, cells: by.map((column) => columnText(read, column)) } } : {}),
    });
    deps.progress.note(`${file}: ${read.predictions.rows} rows summarized on a grid of ${grid} fine bins, classes on ${classGrid} (${options.edges}-closed`
      + `${read.predictions.binary ? `, binary ${options.binaryView} view` : ''})${by.length > 0 ? `, ${summary.slices.length} slice${summary.slices.length === 1 ? '' : 's'} by ${by.join(', ')}` : ''}`);
    merged = merged === undefined ? { name: file, summary } : { name: merged.name, summary: mergeSummaries([merged, { name: file, summary }]) };
  }
  if (merged === undefined) throw new RangeError('runSummarize: no files');
  return merged.summary;
}
