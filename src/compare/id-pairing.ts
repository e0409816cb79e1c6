/**
 * Pairing rows across files by an id column (`--id COL`), for `compare` and `check --baseline`
 * when the files list the same examples in different orders. The first file's order is kept;
 * every other file's rows are put in that order. An id given twice in one file, or present in
 * only some files, is an error; with `inner`, the ids not in every file are dropped instead and
 * counted. An empty id cell is an error naming its row. Labels that disagree for one id are an error naming both files and the id.
 */
import { CalibError } from '../core/errors.js';
import type { Predictions } from '../core/predictions.js';

export type PairMode = 'exact' | 'inner';

export interface IdFile {
  readonly file: string;
  /** The id of each row, as text. */
  readonly ids: readonly string[];
  readonly preds: Predictions;
}

export interface IdPairing {
  /** Per file, the rows to take, in the common order (the first file's). */
  readonly rows: Int32Array[];
  /** Rows dropped per file under `inner` (0 under `exact`). */
  readonly dropped: number[];
  /** Number of ids common to all files. */
  readonly matched: number;
}

const shown = (ids: readonly string[]): string =>
  ids.slice(0, 5).map((id) => JSON.stringify(id)).join(', ') + (ids.length > 5 ? `, ... (${ids.length} in all)` : '');

/** Aligns every file's rows with the first file's by id. */
export function pairById(files: readonly IdFile[], column: string, mode: PairMode = 'exact'): IdPairing {
  const maps = files.map((f) => {
    const map = new Map<string, number>();
    f.ids.forEach((id, row) => {
      // An empty cell names no example: pairing it with another file's empty cell would be a guess.
      if (id === '') {
        throw new CalibError('input', `data row ${row + 1} has no value in the id column ${JSON.stringify(column)}, so it cannot be paired with the other files' rows.`,
          { file: f.file, column }, 'Give every row an id, or leave out --id to pair by row order.');
      }
      const before = map.get(id);
      if (before !== undefined) {
        throw new CalibError('input', `id ${JSON.stringify(id)} occurs twice in column ${JSON.stringify(column)} (data rows ${before + 1} and ${row + 1}), so rows cannot be paired by it.`,
          { file: f.file, column }, 'Pair by a column that names each example once, or leave out --id to pair by row order.');
      }
      map.set(id, row);
    });
    return map;
  });
  const first = files[0]!;
  const common = first.ids.filter((id) => maps.every((m) => m.has(id)));
  if (mode === 'exact') {
    files.forEach((f, i) => {
      const others = maps.filter((_, j) => j !== i);
      const alone = f.ids.filter((id) => others.some((m) => !m.has(id)));
      if (alone.length > 0) {
        const where = files.filter((_, j) => j !== i && alone.some((id) => !maps[j]!.has(id))).map((g) => g.file);
        throw new CalibError('input', `${alone.length} id${alone.length === 1 ? '' : 's'} of ${f.file} (${shown(alone)}) ${alone.length === 1 ? 'is' : 'are'} not in ${where.join(', ')}.`,
          { file: f.file, column }, 'Score every model on the same examples, or pass --pair inner to compare only the ids all files share.');
      }
    });
  }
  if (common.length === 0) {
    throw new CalibError('input', `no id of column ${JSON.stringify(column)} is in every file.`, { file: first.file, column },
      'Check that --id names the same column of ids in every file.');
  }
  const rows = maps.map((map) => Int32Array.from(common, (id) => map.get(id)!));
  // Same example, same label: by class name, since the class order may differ between files.
  for (let f = 1; f < files.length; f++) {
    const a = first.preds;
    const b = files[f]!.preds;
    for (let j = 0; j < common.length; j++) {
      const la = a.classNames[a.labels[rows[0]![j]!]!];
      const lb = b.classNames[b.labels[rows[f]![j]!]!];
      if (la !== lb) {
        throw new CalibError('input', `id ${JSON.stringify(common[j])} has label ${JSON.stringify(la)} in ${first.file} but ${JSON.stringify(lb)} in ${files[f]!.file}.`,
          { file: files[f]!.file, column }, 'The files must hold the same examples with the same labels: check the id column and the label column.');
      }
    }
  }
  return { rows, dropped: files.map((f) => f.ids.length - common.length), matched: common.length };
}
