/**
 * Rows of several files put in one order by an id column (`--id COL`, or the one column every
 * file names like an id), for `compare` and `check --baseline`: the files may list the same
 * examples in different orders. With `--id`, an id in only some files is an error unless
 * `--pair inner` drops it (with a count); an id column found by name is used when every file has
 * the same ids (or with `--pair inner`), and otherwise left alone with a note, so files of
 * different examples stay an unpaired comparison.
 */
import { CalibError } from '../core/errors.js';
import { pairById, type PairMode } from '../compare/id-pairing.js';
import type { ReadResult } from '../io/read-predictions.js';
import type { Progress } from './ports.js';
import { columnText, subsetRead } from './slices.js';

export interface PairOptions {
  /** `--id COL`. */
  readonly id?: string;
  /** `--pair`: `exact` (every id in every file) or `inner` (only the ids all files share). */
  readonly pair: PairMode;
}

/** How the rows were put in order, as the JSON's `pairing_by_id`. */
export interface IdPairingDocument {
  readonly column: string;
  /** `flag`: --id; `name`: the column every file names like an id. */
  readonly found: 'flag' | 'name';
  readonly mode: PairMode;
  /** Ids in every file (the rows compared). */
  readonly matched: number;
  /** Per file, the rows dropped under `inner` (0 under `exact`). */
  readonly dropped: number[];
}

/** The id text request for the reader: the column `--id` names, or the one named like an id. */
export function idRequest(options: PairOptions): { column?: string; byName?: boolean } {
  return options.id !== undefined ? { column: options.id } : { byName: true };
}

/** The name of the id column found by name in a read (the reader handed over its text), if any. */
function idByName(read: ReadResult): string | undefined {
  return read.columns.find((c) => c.role === 'id' && read.text?.has(c.name) === true && c.reason.startsWith('named like an id'))?.name;
}

/** The reads in one row order (the first file's), or as they are when there is no id to pair by. */
export function alignById(reads: readonly ReadResult[], options: PairOptions, progress: Progress): { reads: ReadResult[]; pairing?: IdPairingDocument } {
  let column = options.id;
  let found: 'flag' | 'name' = 'flag';
  if (column === undefined) {
    const names = reads.map(idByName);
    const name = names[0];
    if (name === undefined || names.some((n) => n !== name)) {
      if (options.pair === 'inner') {
        throw new CalibError('usage', '--pair inner pairs rows by id, and no id column was given or found in every file.', undefined,
          'Name the column of ids with --id COL.');
      }
      return { reads: [...reads] };
    }
    column = name;
    found = 'name';
    if (options.pair === 'exact') {
      const sets = reads.map((r) => new Set(columnText(r, name)));
      const same = sets.every((set) => set.size === sets[0]!.size && [...set].every((id) => sets[0]!.has(id)));
      if (!same || sets.some((set, i) => set.size !== reads[i]!.predictions.rows)) {
        progress.note(`column ${JSON.stringify(name)} is named like an id in every file, but the files do not hold the same ids once each, so rows are not paired by it (--id ${name} requires it, --pair inner keeps the shared ids)`);
        return { reads: [...reads] };
      }
    }
  }
  const files = reads.map((r) => ({ file: r.file, ids: columnText(r, column!), preds: r.predictions }));
  const result = pairById(files, column, options.pair);
  const aligned = reads.map((r, i) => subsetRead(r, result.rows[i]!));
  const dropped = result.dropped;
  progress.note(`rows paired by id column ${JSON.stringify(column)}${found === 'name' ? ' (named like an id in every file)' : ''}: ${result.matched} ids`
    + (dropped.some((d) => d > 0) ? `; dropped ids not in every file: ${reads.map((r, i) => `${dropped[i]} of ${r.file}`).join(', ')}` : ''));
  return { reads: aligned, pairing: { column, found, mode: options.pair, matched: result.matched, dropped: [...dropped] } };
}
