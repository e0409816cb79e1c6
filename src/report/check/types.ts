import type { FromSummaryRecord } from '../report/document.js';
import type { Warning } from '../../core/warnings.js';
import type { MetricConfig } from '../../core/config.js';
import type { BootstrapSettings } from '../../stats/bootstrap.js';
import type { GroupsDocument } from '../groups/document.js';
import type { GroupOverall } from '../groups/render.js';
import type { WhereDocument } from '../report/document.js';

/** What the check renderers say about where the numbers came from. */
export interface CheckRenderInfo {
  /** The prediction file as the user named it (`-` for stdin). */
  readonly file: string;
  /** The format it was read as (csv, npy, npz, parquet, jsonl, json); the JSON's `format`. */
  readonly format?: string;
  /** The thresholds file, when one was used. */
  readonly thresholdsFile?: string;
  /** The bootstrap behind the intervals, when one ran. */
  readonly bootstrap?: BootstrapSettings;
  /** Problems with the input that did not stop the run (the probability floor's hits, ...), as sentences. */
  readonly warnings?: readonly string[];
  /**
   * The same as typed records (src/core/warnings.ts); when given, they are the warnings (and
   * `warnings` is not read), and the JSON has them as `warning_records` too.
   */
  readonly warningRecords?: readonly Warning[];
  /** Conventions behind the numbers, echoed as `config` in JSON only (e.g. the report's config block). */
  readonly config?: MetricConfig | Readonly<Record<string, unknown>>;
  /** With --where: what it kept. */
  readonly where?: WhereDocument;
  /** With --group-by: every group's metrics (the table), and the overall row beside them. */
  readonly groups?: GroupsDocument;
  readonly overall?: GroupOverall;
  /** With --from-summary: the summaries merged, and every approximate metric with its bound. */
  readonly fromSummary?: FromSummaryRecord;
  readonly approximate?: ReadonlyArray<{ readonly metric: string; readonly bound: number | null; readonly why: string }>;
}

/** The sentences of the run's warnings, for every format. */
export function checkWarnings(info: CheckRenderInfo): readonly string[] {
  return info.warningRecords ? info.warningRecords.map((w) => w.message) : info.warnings ?? [];
}
