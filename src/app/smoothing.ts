import { warn, type Warning } from '../core/warnings.js';
import { documentWarnings } from '../report/json.js';
import { smoothingConvention, type SmoothingDocument } from '../report/smoothing/document.js';
import { smoothingAnalysis } from '../smoothing/index.js';
import { objectiveOption, type UseCaseDeps } from './ports.js';

export interface SmoothingOptions {
  readonly file: string;
  /** Smoothing amounts a, each in [0, 1), in the order they are reported. */
  readonly alphas: readonly number[];
  readonly prior: 'uniform' | 'empirical';
}

/** `calib smoothing`: what label smoothing by each amount would have done to this model's fit. */
export async function runSmoothing(options: SmoothingOptions, deps: UseCaseDeps): Promise<{ document: SmoothingDocument }> {
  const read = await deps.read(options.file, { fit: true });
  const p = read.predictions;
  const analysis = smoothingAnalysis(p, { alphas: options.alphas, prior: options.prior, ...objectiveOption(deps.parallel) });
  const found: Warning[] = analysis.alphas.filter((row) => row.temperature_boundary !== 'none')
    .map((row) => warn.smoothingTemperatureAtBound(row.alpha, row.temperature, row.temperature_boundary === 'zero' ? 'lower' : 'upper'));
  if (options.prior !== 'uniform') deps.progress.note('the target logit gap is defined for the uniform prior only, so it is omitted with --prior empirical.');
  for (const warning of found) deps.progress.warn(warning);
  const document: SmoothingDocument = {
    file: options.file, format: read.format, rows: p.rows, classes: p.classes, kind: p.kind, binary: p.binary, columns: read.columns,
    convention: smoothingConvention(p.classes, p.binary, options.prior),
    ...analysis,
    ...documentWarnings([...read.warningRecords, ...found]),
  };
  return { document };
}
