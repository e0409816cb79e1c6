import { CalibError } from '../core/errors.js';
import { addSums, emptySlice, sliceOrder, type SliceSums, type Summary, type SummaryHeader } from './types.js';

/** The header fields two summaries must agree on to merge (docs/summary-format.md). */
export const MERGE_FIELDS = ['format', 'version', 'grid', 'class_grid', 'edges', 'classes', 'binary', 'binary_view', 'prob_floor', 'slice_columns', 'replicates', 'replicate_weights'] as const;

export interface NamedSummary {
  /** Where the summary came from (a file), for messages. */
  readonly name: string;
  readonly summary: Summary;
}

/**
 * The summaries added together: every sum of every (slice, part, class, bin) cell. Addition is
 * associative and commutative, so any split of the rows into shards, summarized apart and merged
 * in any order, gives the summary of the whole up to the rounding of the additions (counts
 * exactly). The header is the first one's with the kinds and sources of all. Headers that
 * disagree on a field of MERGE_FIELDS stop the merge (exit 2) naming both sources and the field.
 */
export function mergeSummaries(parts: readonly NamedSummary[]): Summary {
  const first = parts[0];
  if (first === undefined) throw new RangeError('mergeSummaries: no summaries');
  for (const part of parts.slice(1)) checkMergeable(first, part);
  const k = first.summary.header.classes.length;
  const kinds = [...new Set(parts.flatMap((p) => p.summary.header.kinds))];
  const header: SummaryHeader = { ...first.summary.header, kinds, sources: parts.flatMap((p) => p.summary.header.sources) };
  const slices = addSliceLists(parts.map((p) => p.summary.slices), k);
  // Replicates drawn by the same engine from the same id column add index by index (a row's weights depend on its id alone).
  const r = first.summary.header.replicates;
  if (r === undefined) return { header, slices };
  const replicates = Array.from({ length: r }, (_, i) => addSliceLists(parts.map((p) => p.summary.replicates?.[i] ?? []), k));
  return { header, slices, replicates };
}

/** Lists of slices added by key, in key order. */
function addSliceLists(lists: readonly (readonly SliceSums[])[], k: number): SliceSums[] {
  const byKey = new Map<string, SliceSums>();
  for (const list of lists) {
    for (const slice of list) {
      const id = JSON.stringify(slice.key);
      let into = byKey.get(id);
      if (into === undefined) byKey.set(id, (into = emptySlice(slice.key, k)));
      addSlice(into, slice);
    }
  }
  return sliceOrder([...byKey.values()]);
}

function checkMergeable(a: NamedSummary, b: NamedSummary): void {
  for (const field of MERGE_FIELDS) {
    const x = JSON.stringify(a.summary.header[field]);
    const y = JSON.stringify(b.summary.header[field]);
    if (x !== y) {
      throw new CalibError('input', `${a.name} and ${b.name} cannot be merged: their headers differ in ${field} (${x} and ${y}).`,
        { file: b.name }, 'Summarize every shard with the same options (--grid, --class-grid, --bin-edges, --classes, --binary-view, --prob-floor, --group-by).');
    }
  }
}

/** Adds `part`'s sums into `into` (same grid and classes). */
export function addSlice(into: SliceSums, part: SliceSums): void {
  const t = into.total;
  const u = part.total;
  t.n += u.n; t.conf += u.conf; t.outcome += u.outcome; t.conf2 += u.conf2; t.confOutcome += u.confOutcome;
  t.correct += u.correct; t.topConf += u.topConf; t.nll += u.nll; t.brier += u.brier; t.entropy += u.entropy; t.floorHits += u.floorHits;
  into.top = addSums(into.top, part.top);
  into.classes = addSums(into.classes, part.classes);
  for (let c = 0; c < into.labelCount.length; c++) into.labelCount[c]! += part.labelCount[c]!;
}

/** Every slice of a summary added into one (the overall numbers of a summary with slice columns). */
export function overall(summary: Summary): SliceSums {
  return overallOf(summary.slices, summary.header.classes.length);
}

/** Slices added into one. */
export function overallOf(slices: readonly SliceSums[], classes: number): SliceSums {
  const all = emptySlice([], classes);
  for (const slice of slices) addSlice(all, slice);
  return all;
}
