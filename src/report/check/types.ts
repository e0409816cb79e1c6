import type { MetricConfig } from '../../core/config.js';
import type { BootstrapSettings } from '../../stats/bootstrap.js';

/** What the check renderers say about where the numbers came from. */
export interface CheckRenderInfo {
  /** The prediction file as the user named it (`-` for stdin). */
  readonly file: string;
  /** The thresholds file, when one was used. */
  readonly thresholdsFile?: string;
  /** The bootstrap behind the intervals, when one ran. */
  readonly bootstrap?: BootstrapSettings;
  /** Problems with the input that did not stop the run (the probability floor's hits, ...). */
  readonly warnings?: readonly string[];
  /** Conventions behind the numbers, echoed as `config` in JSON only (e.g. the report's config block). */
  readonly config?: MetricConfig | Readonly<Record<string, unknown>>;
}
