import type { MetricConfig } from '../core/config.js';
import { CalibError, errors } from '../core/errors.js';
import { fromFile, type Warning } from '../core/warnings.js';
import { compareModels, type CompareResult, type ModelInput } from '../compare/index.js';
import { crossFitTemperature } from '../fit/index.js';
import type { ColumnDecision } from '../io/select-columns.js';
import { evaluate } from '../metrics/evaluate.js';
import { compareJsonDocument } from '../report/compare/json.js';
import type { DiagramInput } from '../report/diagram/types.js';
import { documentWarnings } from '../report/json.js';
import { estimatorBins } from '../report/report/document.js';
import { binAccuracyIntervals } from '../stats/intervals.js';
import { finiteMetrics, metricConfigFrom, type MetricOptions } from './evaluate.js';
import { alignById, idRequest, type IdPairingDocument } from './pairing.js';
import { objectiveOption, type UseCaseDeps } from './ports.js';
import { applyWhere, DEFAULT_MIN_GROUP_ROWS, evaluateSlices, parseSlices, textRequests, type SliceOptions, type WhereDocument } from './slices.js';
import type { PairMode } from '../compare/id-pairing.js';
import type { GroupsDocument } from '../report/groups/document.js';
import type { ReadResult } from '../io/read-predictions.js';

export interface CompareOptions {
  /** Two or more prediction files; the first is the baseline. */
  readonly files: readonly string[];
  /** Model names in file order (default: from the file names). */
  readonly names?: readonly string[];
  /** Also compare after a temperature cross-fitted per model, over `cv` folds. */
  readonly temperature: boolean;
  readonly cv: number;
  /** Bootstrap intervals for every delta from this many resamples. */
  readonly bootstrap?: number;
  readonly seed: number;
  readonly confidence: number;
  readonly metric: MetricOptions;
  /** Evaluate every model's bins for the reliability diagram (SVG, PNG, HTML). */
  readonly diagram: boolean;
  /** `--title` of the diagram. */
  readonly title?: string;
  /** --id COL: pair rows by this column (else by the column every file names like an id, when their ids match). */
  readonly id?: string;
  /** --pair: every id in every file (exact), or only the shared ones (inner). */
  readonly pair?: PairMode;
  /** --where and --group-by (each model's groups, from its own file's columns). */
  readonly slice?: SliceOptions;
}

export interface CompareRun {
  /** The JSON output (without `schema_version`). */
  readonly document: Record<string, unknown>;
  readonly raw: CompareResult;
  /** With `temperature`: the comparison after each model's cross-fitted temperature. */
  readonly scaled?: CompareResult;
  /** Every warning: each file's (prefixed with it), then the comparison's. */
  readonly warnings: readonly Warning[];
  /** With `diagram`: one panel of every model's bins, and one after temperature scaling. */
  readonly diagram?: DiagramInput;
  /** With --group-by: each model's groups, in file order. */
  readonly groups?: readonly GroupsDocument[];
}

/** Usage errors of the options, before any file is read. */
export function checkCompareOptions(options: Pick<CompareOptions, 'files' | 'names' | 'slice'>): void {
  const { files, names } = options;
  parseSlices(options.slice);
  if (files.length < 2) throw new CalibError('usage', 'compare needs at least two prediction files.', undefined, 'Name two or more files; the first is the baseline.');
  if (names !== undefined && names.length !== files.length) {
    throw new CalibError('usage', `--names gives ${names.length} names for ${files.length} files.`, undefined, 'Give one name per file, in file order.');
  }
  if (files.filter((file) => file === '-').length > 1) throw errors.stdinTwice();
}

/** `calib compare`: models side by side on the same metrics, with paired deltas when they can be. */
export async function runCompare(options: CompareOptions, deps: UseCaseDeps): Promise<CompareRun> {
  checkCompareOptions(options);
  const inputs: ModelInput[] = [];
  const columns: ColumnDecision[][] = [];
  const readWarnings: Warning[] = [];
  const clauses = parseSlices(options.slice);
  const pairOptions = { pair: options.pair ?? 'exact', ...(options.id !== undefined ? { id: options.id } : {}) } as const;
  const textColumns = textRequests(options.slice, idRequest(pairOptions));
  let reads: ReadResult[] = [];
  const wheres: (WhereDocument | undefined)[] = [];
  for (const file of options.files) {
    const cut = applyWhere(await deps.read(file, { fit: options.temperature, textColumns }), clauses, deps.progress, options.slice?.groupBy);
    wheres.push(cut.where);
    reads.push(cut.read);
  }
  const aligned = alignById(reads, pairOptions, deps.progress);
  reads = aligned.reads;
  const pairing: IdPairingDocument | undefined = aligned.pairing;
  for (const [index, read] of reads.entries()) {
    const file = options.files[index]!;
    columns.push(read.columns);
    readWarnings.push(...read.warningRecords.map((w) => fromFile(file, w)));
    inputs.push({ file, preds: read.predictions, ...(options.names ? { name: options.names[index]! } : {}) });
  }
  const metric = metricConfigFrom(options.metric, Math.min(...inputs.map((m) => m.preds.rows)));
  const by = options.slice?.groupBy ?? [];
  const groups = by.length === 0 ? undefined
    : reads.map((read) => evaluateSlices(read, by, metric, { minRows: options.slice?.minGroupRows ?? DEFAULT_MIN_GROUP_ROWS, progress: deps.progress }).document);
  const bootstrap = options.bootstrap === undefined ? undefined : { resamples: options.bootstrap, seed: options.seed, confidence: options.confidence };
  if (bootstrap) deps.progress.note(`bootstrapping ${bootstrap.resamples} resamples (seed ${bootstrap.seed})...`);
  const evaluation = deps.parallel?.evaluation ?? {};
  const compared = compareModels(inputs, metric, { ...(bootstrap ? { bootstrap } : {}), evaluation });
  const byId = pairing ? `rows put in one order by id column ${JSON.stringify(pairing.column)} (${pairing.matched} ids); ` : '';
  const raw: CompareResult = byId ? { ...compared, pairingReason: byId + compared.pairingReason } : compared;
  let scaled: CompareResult | undefined;
  let scaledInputs: ModelInput[] | undefined;
  if (options.temperature) {
    scaledInputs = inputs.map((m) => ({
      ...m,
      temperature: crossFitTemperature(m.preds, { folds: options.cv, seed: options.seed, ...objectiveOption(deps.parallel) }).perRow,
    }));
    const after = compareModels(scaledInputs, metric, { ...(bootstrap ? { bootstrap } : {}), evaluation });
    scaled = byId ? { ...after, pairingReason: byId + after.pairingReason } : after;
  }
  for (const model of raw.models) finiteMetrics(model, model.file);
  for (const model of scaled?.models ?? []) finiteMetrics(model, model.file, ' after temperature scaling');
  for (const warning of raw.warningRecords) deps.progress.warn(warning);
  if (!raw.paired) deps.progress.note(`unpaired comparison: ${raw.pairingReason}`);

  const warnings = [...readWarnings, ...raw.warningRecords];
  const conventions = {
    bins: metric.bins, bins_rule: options.metric.bins === 'auto' ? 'auto' : 'fixed', binning: metric.binning, bin_edges: metric.edges,
    binary_view: metric.binaryView, estimators: estimatorBins(metric),
  };
  const document = compareJsonDocument(raw, conventions);
  // The inputs' own warnings (the probability floor's hits, ...) before the comparison's.
  Object.assign(document, documentWarnings(warnings));
  // How each file was read: its columns' roles (README "Input files").
  // What each file was read as, next to its name.
  const withFormats = (models: Record<string, unknown>[]): Record<string, unknown>[] =>
    models.map(({ name, file, ...rest }, i) => ({ name, file, format: reads[i]!.format, ...rest }));
  document.models = withFormats(document.models);
  document.models.forEach((model, i) => {
    model.columns = columns[i];
    if (wheres[i]) model.where = wheres[i];
    if (groups) model.groups = groups[i];
  });
  if (pairing) document.pairing_by_id = pairing;
  if (scaled) {
    const after = compareJsonDocument(scaled);
    document.after_temperature = { folds: options.cv, seed: options.seed, ...after, models: withFormats(after.models) };
  }
  return {
    document, raw, warnings, ...(scaled ? { scaled } : {}), ...(groups ? { groups } : {}),
    ...(options.diagram ? { diagram: compareDiagram(raw, inputs, metric, scaledInputs, options.title) } : {}),
  };
}

/** One panel with one series per model (and one per model after temperature, when asked). */
function compareDiagram(result: CompareResult, inputs: readonly ModelInput[], metric: MetricConfig, scaled?: readonly ModelInput[],
  title?: string): DiagramInput {
  const series = inputs.map((m, i) => {
    const { bins, metrics } = evaluate(m.preds, metric);
    return { name: result.models[i]!.name, bins, ece: metrics.ece, n: m.preds.rows, intervals: binAccuracyIntervals(bins, 'wilson', 0.95).intervals };
  });
  const panels = [{ title: 'Reliability', series }];
  if (scaled) {
    panels.push({
      title: 'After temperature scaling (cross-fitted)',
      series: scaled.map((m, i) => {
        const { bins, metrics } = evaluate(m.preds, metric, { temperature: m.temperature! });
        return { name: result.models[i]!.name, bins, ece: metrics.ece, n: m.preds.rows, intervals: binAccuracyIntervals(bins, 'wilson', 0.95).intervals };
      }),
    });
  }
  return { title: title ?? `calib compare: ${result.models.map((m) => m.name).join(', ')}`, panels: title && panels.length === 1 ? [{ ...panels[0]!, title }] : panels };
}
