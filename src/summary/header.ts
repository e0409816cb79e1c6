import { CalibError } from '../core/errors.js';
import { SUMMARY_FORMAT, SUMMARY_VERSION, type SummaryHeader, type SummarySource } from './types.js';

/**
 * A summary's header from parsed JSON (a summary document, or a `--summary-header` file): every
 * field checked, so that a wrong or damaged header stops with exit 2 naming the file and field.
 * `sources` may be names (`"sql:duckdb:preds"`) or objects with a `name`.
 */
export function parseSummaryHeader(value: unknown, file: string): SummaryHeader {
  const bad = (field: string, what: string): CalibError =>
    new CalibError('input', `${file}: the summary header's ${field} ${what}.`, { file }, 'Use a header written by calib summarize or calib sql --header-out (docs/summary-format.md).');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad('', 'is not a JSON object');
  const h = value as Record<string, unknown>;
  if (h.format !== SUMMARY_FORMAT) throw bad('format', `is ${JSON.stringify(h.format ?? null)}, not ${JSON.stringify(SUMMARY_FORMAT)}`);
  if (h.version !== SUMMARY_VERSION) throw bad('version', `is ${JSON.stringify(h.version ?? null)}; this calib reads version ${SUMMARY_VERSION}`);
  if (!(Number.isInteger(h.grid) && (h.grid as number) >= 1)) throw bad('grid', `is ${JSON.stringify(h.grid ?? null)}, not a whole number of fine bins`);
  if (!(Number.isInteger(h.class_grid) && (h.class_grid as number) >= 1)) throw bad('class_grid', `is ${JSON.stringify(h.class_grid ?? null)}, not a whole number of fine bins`);
  if (h.edges !== 'right' && h.edges !== 'left') throw bad('edges', `is ${JSON.stringify(h.edges ?? null)}, not "right" or "left"`);
  const strings = (field: string, v: unknown): string[] => {
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw bad(field, 'is not a list of names');
    return v as string[];
  };
  const classes = strings('classes', h.classes);
  if (classes.length < 2) throw bad('classes', `names ${classes.length} class${classes.length === 1 ? '' : 'es'} (at least 2)`);
  const kinds = strings('kinds', h.kinds);
  if (!kinds.every((k) => k === 'logits' || k === 'probs')) throw bad('kinds', 'holds a kind other than "logits" and "probs"');
  if (typeof h.binary !== 'boolean') throw bad('binary', 'is not true or false');
  const view = h.binary_view ?? null;
  if (h.binary ? view !== 'positive' && view !== 'top-label' : view !== null) {
    throw bad('binary_view', h.binary ? 'is not "positive" or "top-label"' : 'is set, but the summary is not of binary one-column input (it must be null)');
  }
  if (h.binary && classes.length !== 2) throw bad('classes', 'must name 2 classes in a binary summary');
  if (typeof h.prob_floor !== 'number' || !(h.prob_floor > 0 && h.prob_floor < 1)) throw bad('prob_floor', 'is not a probability between 0 and 1');
  const sliceColumns = strings('slice_columns', h.slice_columns ?? []);
  if (!Array.isArray(h.sources)) throw bad('sources', 'is not a list');
  const sources = h.sources.map((s): SummarySource => {
    if (typeof s === 'string') return { name: s };
    if (typeof s === 'object' && s !== null && typeof (s as { name?: unknown }).name === 'string') return s as SummarySource;
    throw bad('sources', 'holds an entry that is neither a name nor an object with a name');
  });
  let replicates: Pick<SummaryHeader, 'replicates' | 'replicate_weights'> = {};
  if (h.replicates !== undefined && h.replicates !== null) {
    if (!(Number.isInteger(h.replicates) && (h.replicates as number) >= 1)) throw bad('replicates', `is ${JSON.stringify(h.replicates)}, not a whole number of replicates`);
    const w = h.replicate_weights as { engine?: unknown; id?: unknown } | undefined;
    if (typeof w !== 'object' || w === null || typeof w.engine !== 'string' || typeof w.id !== 'string') {
      throw bad('replicate_weights', 'is missing or not {engine, id}: replicates cannot be paired or merged without knowing how their weights were drawn');
    }
    replicates = { replicates: h.replicates as number, replicate_weights: { engine: w.engine, id: w.id } };
  }
  return {
    ...replicates,
    format: SUMMARY_FORMAT, version: SUMMARY_VERSION, grid: h.grid as number, class_grid: h.class_grid as number, edges: h.edges, classes, kinds: kinds as SummaryHeader['kinds'],
    binary: h.binary, binary_view: view as SummaryHeader['binary_view'], prob_floor: h.prob_floor, slice_columns: sliceColumns, sources,
    calib_version: typeof h.calib_version === 'string' ? h.calib_version : 'unknown',
  };
}
