import type { MetricConfig } from '../core/config.js';
import type { ReadResult } from '../io/read-predictions.js';
import { reportConfig, type ReportConfig } from '../report/report/document.js';
import type { MetricOptions } from './evaluate.js';

/** The reading options that change numbers, echoed in every document's `config`. */
export interface InputConventions {
  readonly kind: 'auto' | 'logits' | 'probs';
  readonly probFloor: number;
  readonly renormalize: boolean;
}

/** The `config` block of a file's document: every convention behind its numbers. */
export function configOf(read: ReadResult, options: MetricOptions, metric: MetricConfig, input: InputConventions): ReportConfig {
  return reportConfig({
    metric, binsRule: options.bins === 'auto' ? 'auto' : 'fixed', binary: read.predictions.binary, probFloor: input.probFloor,
    renormalize: input.renormalize, kindFlag: input.kind, labelColumn: read.labelColumn, scoreColumns: read.scoreColumns, columns: read.columns,
  });
}
