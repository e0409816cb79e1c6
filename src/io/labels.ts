import { errors } from '../core/errors.js';
import { warn, type Warning } from '../core/warnings.js';
import { parseScore } from './parse-score.js';

/** How pandas (na_rep) and numpy write a missing value: a label cell so is no class. */
const MISSING = /^(?:nan|NaN|NAN|<NA>)$/;

/**
 * Turns label cells into class ids while the file streams by. `resolve` returns an id per row;
 * `finish` says how those ids map to classes (binary names can only be ordered once every label
 * has been seen) and what the classes are called.
 */
export interface LabelReader {
  resolve(text: string, line: number): number;
  finish(): LabelOutcome;
}

export interface LabelOutcome {
  readonly classNames: readonly string[];
  /** `classOf[id]` is the class of a row whose `resolve` returned `id`; absent = identity. */
  readonly classOf?: readonly number[];
  readonly notes: readonly string[];
  readonly warnings: readonly Warning[];
  /** Multiclass: the classes some label named (not by index), and whether any label was an index. */
  readonly matched?: { readonly byName: ReadonlySet<number>; readonly byIndex: boolean };
}

/** Cap on remembered label spellings: labels repeat, so a few suffice; this bounds memory. */
const CACHE_LIMIT = 10_000;

/**
 * Multiclass labels: a class name (the stripped name or the full header) or, when that cannot be
 * confused with a name, a class index 0..K-1 written as an integer (`3`, `3.0`). When the labels
 * are written as full headers (`class_0` under a column `class_0`), the classes keep those names.
 *
 * Indices are accepted unless some class name is itself a number other than its own index
 * (headers `p_1, p_2, p_3` give names 1, 2, 3): then label `1` would mean class "1" by name but
 * class "2" by index, so only names count, and a note says so.
 */
export function multiclassLabels(file: string, column: string, classNames: readonly string[],
  headers: readonly string[], classesGiven = false): LabelReader {
  const k = classNames.length;
  const byName = new Map<string, number>();
  classNames.forEach((name, i) => byName.set(name, i));
  const headerOnly = new Set<string>();
  headers.forEach((name, i) => {
    if (byName.has(name)) return;
    byName.set(name, i);
    headerOnly.add(name);
  });
  // Case-insensitive names, where no two names differ only in case (`Setosa` columns, `setosa` labels).
  const byLowerName = new Map<string, number>();
  const lowerClashes = new Set<string>();
  for (const [name, i] of byName) {
    const lower = name.toLowerCase();
    const seen = byLowerName.get(lower);
    if (seen !== undefined && seen !== i) lowerClashes.add(lower);
    else byLowerName.set(lower, i);
  }
  for (const lower of lowerClashes) byLowerName.delete(lower);
  let labelsAreHeaders = false;
  let caseFolded = false;
  const byNameIds = new Set<number>();
  let byIndex = false;
  const numericNames = classNames.some((name) => parseScore(name) !== undefined);
  const identityNames = classNames.every((name, i) => name === String(i));
  const indices = !numericNames || identityNames;
  const notes = indices ? [] : [
    `class names ${classNames.slice(0, 4).map((n) => JSON.stringify(n)).join(', ')}${k > 4 ? ', ...' : ''} are numbers, so labels are matched to names, not to column positions.`,
  ];
  const allNumericNames = classNames.every((name) => parseScore(name) !== undefined);
  const cache = new Map<string, number>();
  /** The classes some label resolved to (each spelling once, before the cache). */
  const used = new Set<number>();
  return {
    resolve(text, line) {
      const hit = cache.get(text);
      if (hit !== undefined) return hit;
      const trimmed = text.trim();
      if (trimmed === '') throw errors.emptyCell(file, line, column);
      const id = resolveNew(text, trimmed, line);
      used.add(id);
      return id;
    },
    finish: () => {
      if (!classesGiven && !labelsAreHeaders) checkShiftedNumbering(file, column, classNames, headers, used);
      return {
        classNames: labelsAreHeaders ? headers : classNames,
        notes: caseFolded ? [...notes, 'labels matched to class names ignoring case (no two class names differ only in case).'] : notes,
        warnings: [],
        matched: { byName: byNameIds, byIndex },
      };
    },
  };

  function resolveNew(text: string, trimmed: string, line: number): number {
      let id = byName.get(trimmed);
      if (id !== undefined && headerOnly.has(trimmed)) labelsAreHeaders = true;
      if (id !== undefined) byNameIds.add(id);
      const n = id === undefined ? parseScore(trimmed) : undefined;
      if (id === undefined && n !== undefined && Number.isInteger(n)) {
        // `2.0` is the integer 2: by index 0..K-1, or by name where the names are numbers (1..K).
        if (indices) {
          id = n >= 0 && n < k ? n : undefined;
          if (id !== undefined) byIndex = true;
        } else {
          id = byName.get(String(n));
        }
      }
      if (id === undefined && n === undefined) {
        id = byLowerName.get(trimmed.toLowerCase());
        if (id !== undefined) {
          caseFolded = true;
          byNameIds.add(id);
        }
      }
      if (id === undefined) {
        if (trimmed === column.trim()) throw errors.repeatedHeader(file, line, column);
        if (MISSING.test(trimmed)) throw errors.missingLabel(file, line, column, trimmed);
        throw errors.unknownLabel(file, line, column, text, classNames, indices && !(allNumericNames && n === undefined) ? undefined
          : allNumericNames && n === undefined
            ? `The score columns are numbered, but the labels are names: pass --classes NAME,NAME,... to name the score columns' classes in column order.`
            : 'The class names are numbers, so labels must be written exactly as a class name (positions are not accepted).');
      }
      if (cache.size < CACHE_LIMIT) cache.set(text, id);
      return id;
  }
}

/**
 * Score columns numbered as consecutive classes from 0 or from 1 (`p_0 .. p_{K-1}`, `1 .. K`),
 * beside number labels that leave out the class at one end: every label is then both a class name
 * and a position of another column. Labels 1 and 2 beside p_0, p_1, p_2 are classes "1" and "2" by
 * name, or the first two columns if the model was fitted on labels 1..3
 * (pd.DataFrame(predict_proba).add_prefix('p_')); labels 1 and 2 beside columns 1, 2, 3 are
 * classes "1" and "2", or the second and third columns if the labels were encoded 0..2. Where
 * class 0 (or class K) does occur only one reading fits, and an impossible label is refused
 * where it is read; here both fit, so calib asks for --classes.
 */
function checkShiftedNumbering(file: string, column: string, classNames: readonly string[], headers: readonly string[],
  used: ReadonlySet<number>): void {
  const k = classNames.length;
  // Two labels at least: one label throughout (a binary p_0, p_1 file of positives) says nothing.
  if (k < 3 || used.size < 2) return;
  const first = classNames[0] === '0' ? 0 : classNames[0] === '1' ? 1 : undefined;
  if (first === undefined || !classNames.every((name, i) => name === String(first + i))) return;
  const missing = first === 0 ? 0 : k - 1;
  if (used.has(missing)) return;
  const names = (from: number) => Array.from({ length: k }, (_, i) => String(from + i)).join(',');
  const byName = headers[1 - first] ?? '';
  const byPosition = headers[first === 0 ? 0 : 1] ?? '';
  throw errors.shiftedClassNumbering(file, column, classNames[missing]!, byName, byPosition,
    names(first), first === 0 ? names(1) : names(0), first === 0);
}

/**
 * Labels for one score column (P(y = 1) or its logit). Accepted: 0/1 (also `1.0`), true/false
 * (any case), -1/1, or any two distinct names. `--positive NAME` says which value is class 1;
 * without it 0/1, false/true and -1/1 have their usual meaning. Of two names, the one the score
 * column is named after (`p_fraud` or `fraud` for labels fraud/legit) is positive; failing that,
 * the one that sorts last (by value for two numbers, else by UTF-16 code units). Either choice is
 * reported in a note.
 */
export function binaryLabels(file: string, column: string, scoreColumn: string, positive: string | undefined): LabelReader {
  /** Canonical spellings in order of first appearance; a row's id is its index here. */
  const seen: string[] = [];
  const cache = new Map<string, number>();
  const wanted = positive === undefined ? undefined : canonical(positive.trim());
  return {
    resolve(text, line) {
      const hit = cache.get(text);
      if (hit !== undefined) return hit;
      const trimmed = text.trim();
      if (trimmed === '') throw errors.emptyCell(file, line, column);
      const value = canonical(trimmed);
      let id = seen.indexOf(value);
      if (id < 0) {
        if (trimmed === column.trim()) throw errors.repeatedHeader(file, line, column);
        if (MISSING.test(trimmed)) throw errors.missingLabel(file, line, column, trimmed);
        if (seen.length === 2) throw errors.thirdBinaryLabel(file, line, column, text, seen);
        id = seen.push(value) - 1;
      }
      if (cache.size < CACHE_LIMIT) cache.set(text, id);
      return id;
    },
    finish() {
      const [a, b] = seen;
      if (a === undefined) return { classNames: ['0', '1'], notes: [], warnings: [] };
      if (wanted !== undefined) {
        if (b === undefined) {
          const negative = a === wanted ? `not ${a}` : a;
          return {
            classNames: [negative, wanted], classOf: [a === wanted ? 1 : 0], notes: [],
            warnings: [warn.singleLabel(file, a, wanted)],
          };
        }
        if (a !== wanted && b !== wanted) throw errors.positiveNotFound(file, column, positive ?? '', seen);
        const negative = a === wanted ? b : a;
        return { classNames: [negative, wanted], classOf: a === wanted ? [1, 0] : [0, 1], notes: [], warnings: [] };
      }
      const set = new Set(seen);
      const conventional = [['0', '1'], ['-1', '1']].find(([neg, pos]) => [...set].every((v) => v === neg || v === pos));
      if (conventional !== undefined) {
        const [neg, pos] = conventional as [string, string];
        return {
          classNames: [neg, pos], classOf: seen.map((v) => (v === pos ? 1 : 0)),
          notes: neg === '-1' ? ['labels -1/1 read as negative/positive.'] : [], warnings: [],
        };
      }
      if (b === undefined) throw errors.singleBinaryLabel(file, column, a);
      const named = seen.filter((v) => namesLabel(scoreColumn, v));
      const byName = named.length === 1 ? named[0] : undefined;
      // Two numbers sort by value (labels 2 and 10: 10 is positive, as scikit-learn's classes_).
      const numeric = parseScore(a) !== undefined && parseScore(b) !== undefined;
      const last = numeric ? (parseScore(a)! < parseScore(b)! ? b : a) : (a < b ? b : a);
      const pos = byName ?? last;
      const negative = pos === a ? b : a;
      const why = byName !== undefined ? `named by the score column ${JSON.stringify(scoreColumn)}` : numeric ? 'the larger number' : 'sorts last';
      return {
        classNames: [negative, pos], classOf: seen.map((v) => (v === pos ? 1 : 0)),
        notes: [`positive class is ${JSON.stringify(pos)} (${why}); use --positive to choose the other.`], warnings: [],
      };
    },
  };
}

/** True when `header` is `label` or ends with a separator and `label` (case-insensitive). */
export function namesLabel(header: string, label: string): boolean {
  const h = header.toLowerCase();
  const l = label.toLowerCase();
  if (h === l) return true;
  return h.length > l.length && h.endsWith(l) && '_-. :/|'.includes(h[h.length - l.length - 1] ?? '');
}

/** One spelling per binary value: numbers by value (`1.0` is `1`), true/false as 1/0. */
function canonical(text: string): string {
  const lower = text.toLowerCase();
  if (lower === 'true') return '1';
  if (lower === 'false') return '0';
  const n = parseScore(text);
  return n === undefined ? text : String(n);
}
