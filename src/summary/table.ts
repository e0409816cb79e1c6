import { CalibError } from '../core/errors.js';
import { cellsPerClass, emptySlice, sliceOrder, sumsFromCells, type SliceSums, type Summary, type SummaryHeader } from './types.js';

/** The long table's columns after the slice columns, in order (docs/summary-format.md, "The long table"). */
export const LONG_COLUMNS = [
  'part', 'class', 'bin', 'n', 'sum_conf', 'sum_outcome', 'sum_conf2', 'sum_conf_outcome',
  'sum_correct', 'sum_top_conf', 'sum_nll', 'sum_brier', 'sum_entropy', 'floor_hits', 'label_count',
] as const;
export type LongColumn = (typeof LONG_COLUMNS)[number];

/** One row of the long table: slice columns as text, the rest numbers or null. */
export type LongRow = Record<string, string | number | null>;

/**
 * The long table of a summary: per slice, its `total` row, its `top` rows (fine bins with rows),
 * then per class the `label_count` row (`bin` null, `n` = label_count; left out when no row has the
 * class as its label) and the class's fine bins (on the class grid) with rows. `total` rows fill
 * every sum; columns that do not apply are null.
 */
export function summaryRows(summary: Summary): LongRow[] {
  const { header } = summary;
  const cells = cellsPerClass(header.class_grid);
  const out: LongRow[] = [];
  for (const slice of summary.slices) {
    const keyCells: Record<string, string> = Object.fromEntries(header.slice_columns.map((c, i) => [c, slice.key[i] ?? '']));
    const blank = { sum_correct: null, sum_top_conf: null, sum_nll: null, sum_brier: null, sum_entropy: null, floor_hits: null, label_count: null };
    const t = slice.total;
    out.push({
      ...keyCells, part: 'total', class: null, bin: null, n: t.n, sum_conf: t.conf, sum_outcome: t.outcome, sum_conf2: t.conf2,
      sum_conf_outcome: t.confOutcome, sum_correct: t.correct, sum_top_conf: t.topConf, sum_nll: t.nll, sum_brier: t.brier,
      sum_entropy: t.entropy, floor_hits: t.floorHits, label_count: null,
    });
    // Entry e of sparse sums: cell `sums.cells[e]` = c (C + 2) + bin + 1, ascending (class by class
    // for the class part, C its class grid); the top part is class 0's, so its cell is bin + 1.
    const binRow = (part: 'top' | 'class', cls: number | null, e: number, sums: SliceSums['top']): LongRow => ({
      ...keyCells, part, class: cls, bin: sums.cells[e]! - (cls ?? 0) * cells - 1, n: sums.n[e]!, sum_conf: sums.conf[e]!, sum_outcome: sums.outcome[e]!,
      sum_conf2: sums.conf2[e]!, sum_conf_outcome: sums.confOutcome[e]!, ...blank,
    });
    for (let e = 0; e < slice.top.cells.length; e++) out.push(binRow('top', null, e, slice.top));
    let e = 0;
    for (let c = 0; c < header.classes.length; c++) {
      const count = slice.labelCount[c]!;
      // Only non-empty cells are written: a class no row has as its label has no label_count row (as GROUP BY y gives).
      if (count > 0) out.push({
        ...keyCells, part: 'class', class: c, bin: null, n: count, sum_conf: null, sum_outcome: null, sum_conf2: null, sum_conf_outcome: null,
        ...blank, label_count: count,
      });
      for (; e < slice.classes.cells.length && slice.classes.cells[e]! < (c + 1) * cells; e++) out.push(binRow('class', c, e, slice.classes));
    }
  }
  return out;
}

/** A long table's cell as read from CSV (text), JSON (number, null) or Parquet (number, bigint, null). */
export type RawCell = string | number | bigint | boolean | null | undefined;

/**
 * The summary a long table gives with `header` (docs/summary-format.md): rows of one (slice,
 * part, class, bin) are added (a table concatenated from partitions is a valid table). Every row is
 * checked: a missing column, an unknown part, a class or bin out of range, a negative or
 * fractional count, or a sum that is not a finite number stops with exit 2 naming the file and the
 * row (1-based, as the file's rows after its header). With `header.replicates` R the table has a
 * `replicate` column: empty (null) for the rows themselves, 0..R-1 for replicate r's rows.
 */
export function summaryFromRows(header: SummaryHeader, rows: readonly Record<string, RawCell>[], file: string, present?: readonly string[]): Summary {
  const { grid } = header;
  const classGrid = header.class_grid;
  const k = header.classes.length;
  const cells = cellsPerClass(classGrid);
  const columns = new Set(present ?? rows.flatMap((row, i) => (i < 1000 ? Object.keys(row) : [])));
  const replicateCount = header.replicates ?? 0;
  for (const column of [...header.slice_columns, ...(replicateCount > 0 ? ['replicate'] : []), ...LONG_COLUMNS]) {
    if (!columns.has(column)) {
      throw new CalibError('input', `${file}: the summary table has no column ${JSON.stringify(column)}.`, { file },
        `A calib summary table has the slice columns (${header.slice_columns.length > 0 ? header.slice_columns.join(', ') : 'none, per its header'}) then ${LONG_COLUMNS.join(', ')} (docs/summary-format.md).`);
    }
  }
  // The rows themselves (target 0) and replicate r (target r + 1): each slice's cells as read (a cell twice is added), made sparse at the end.
  const targets = Array.from({ length: replicateCount + 1 }, () => ({
    slices: new Map<string, SliceSums>(),
    cellsOf: new Map<SliceSums, { top: Map<number, [number, number, number, number, number]>; classes: Map<number, [number, number, number, number, number]> }>(),
  }));
  rows.forEach((row, index) => {
    const where = { file, row: index + 1 };
    const bad = (column: string, what: string): CalibError =>
      new CalibError('input', `summary row ${index + 1}: ${column} ${what}.`, { ...where, column }, 'Write the summary with calib summarize or calib sql, and export every column as it is.');
    const num = (column: LongColumn, options: { integer?: boolean; nonNegative?: boolean; nullable?: boolean } = {}): number | null => {
      const raw = row[column];
      if (raw === null || raw === undefined || raw === '') {
        if (options.nullable) return null;
        throw bad(column, 'is empty');
      }
      const v = typeof raw === 'number' ? raw : typeof raw === 'bigint' ? Number(raw) : typeof raw === 'string' ? Number(raw.trim()) : NaN;
      if (!Number.isFinite(v)) throw bad(column, `is ${JSON.stringify(String(raw))}, not a finite number`);
      if (options.integer && !Number.isInteger(v)) throw bad(column, `is ${v}, not a whole number`);
      if (options.nonNegative && v < 0) throw bad(column, `is ${v}, a negative count`);
      return v;
    };
    const req = (column: LongColumn, options: { integer?: boolean; nonNegative?: boolean } = {}): number => num(column, options)!;
    let target = targets[0]!;
    if (replicateCount > 0) {
      const raw = row.replicate;
      if (!(raw === null || raw === undefined || raw === '')) {
        const r = typeof raw === 'number' ? raw : typeof raw === 'bigint' ? Number(raw) : typeof raw === 'string' ? Number(raw.trim()) : NaN;
        if (!(Number.isInteger(r) && r >= 0 && r < replicateCount)) throw bad('replicate', `is ${JSON.stringify(String(raw))}, not a replicate 0 to ${replicateCount - 1} (or empty for the rows themselves)`);
        target = targets[r + 1]!;
      }
    }
    const { slices, cellsOf } = target;
    const part = row.part;
    if (part !== 'total' && part !== 'top' && part !== 'class') throw bad('part', `is ${JSON.stringify(part ?? null)}, not total, top or class`);
    const key = header.slice_columns.map((c) => {
      const v = row[c];
      return v === null || v === undefined ? '' : String(v);
    });
    const id = JSON.stringify(key);
    let slice = slices.get(id);
    if (slice === undefined) {
      slices.set(id, (slice = emptySlice(key, k)));
      cellsOf.set(slice, { top: new Map(), classes: new Map() });
    }
    const cls = num('class', { integer: true, nullable: true });
    const bin = num('bin', { integer: true, nullable: true });
    if (part === 'total') {
      if (cls !== null) throw bad('class', 'is set on a total row (it must be null)');
      if (bin !== null) throw bad('bin', 'is set on a total row (it must be null)');
      const t = slice.total;
      t.n += req('n', { integer: true, nonNegative: true });
      t.conf += req('sum_conf'); t.outcome += req('sum_outcome'); t.conf2 += req('sum_conf2'); t.confOutcome += req('sum_conf_outcome');
      t.correct += req('sum_correct'); t.topConf += req('sum_top_conf'); t.nll += req('sum_nll'); t.brier += req('sum_brier');
      t.entropy += req('sum_entropy'); t.floorHits += req('floor_hits', { integer: true, nonNegative: true });
      return;
    }
    if (part === 'top' && cls !== null) throw bad('class', 'is set on a top row (it must be null)');
    if (part === 'class' && (cls === null || cls >= k || cls < 0)) throw bad('class', `is ${cls ?? 'null'}, not a class index 0 to ${k - 1}`);
    if (part === 'class' && bin === null) {
      slice.labelCount[cls!]! += req('label_count', { integer: true, nonNegative: true });
      return;
    }
    const top = part === 'top' ? grid : classGrid;
    if (bin === null || bin < -1 || bin > top) throw bad('bin', `is ${bin ?? 'null'}, out of the ${part === 'top' ? 'grid' : 'class grid'}'s range -1 to ${top}`);
    const n = req('n', { integer: true, nonNegative: true });
    const found = cellsOf.get(slice)!;
    const sums = part === 'top' ? found.top : found.classes;
    const at = (part === 'top' ? 0 : cls! * cells) + bin + 1;
    const values = [req('sum_conf'), req('sum_outcome'), req('sum_conf2'), req('sum_conf_outcome')] as const;
    if (n === 0) return;
    const cell = sums.get(at);
    if (cell === undefined) sums.set(at, [n, values[0], values[1], values[2], values[3]]);
    else { cell[0] += n; cell[1] += values[0]; cell[2] += values[1]; cell[3] += values[2]; cell[4] += values[3]; }
  });
  const built = targets.map(({ slices, cellsOf }) => {
    for (const [slice, found] of cellsOf) {
      slice.top = sumsFromCells(found.top);
      slice.classes = sumsFromCells(found.classes);
    }
    return sliceOrder([...slices.values()].filter((s) => s.total.n > 0));
  });
  return { header, slices: built[0]!, ...(replicateCount > 0 ? { replicates: built.slice(1) } : {}) };
}
