import type { CompactRowScan, RowScan, ScanConfig } from '../../metrics/row-stats.js';
import { RowScanner } from '../../metrics/streaming/row-scanner.js';

/**
 * Per-row statistics (`RowScanner`) computed while a file is being read. On another thread (a
 * feed from src/parallel, which a runtime hands the reader: read-predictions.ts `ReadThreads`),
 * the scan of the rows read so far (one `exp` per score, as costly as parsing them) runs on
 * another core while the reader parses the next chunk; the rows must then be in shared memory.
 * Inline, it scans each batch as it is announced. Either way the result is `scanRows`' own, or
 * with `config.meansOnly` its `CompactRowScan` (undefined when that cannot be had, see
 * `RowScanner.finishCompact`).
 */
export interface ScanFeed {
  /**
   * Rows `0 .. rows - 1` of `scores` (K per row) and `labels` are final; with `windowRows`, the
   * rows from the last one scanned on are in a window of that many rows (RowBuffer.startWindow).
   */
  feed(scores: Float64Array, labels: Int32Array, rows: number, windowRows?: number): void;
  /** Returns once rows `0 .. rows - 1` (fed before) have been scanned: their slots may be written again. */
  waitScanned(rows: number): void;
  finish(): Promise<RowScan | CompactRowScan | undefined>;
  /** Stops without a result (the scan turned out not to be needed). */
  cancel(): void;
}

export function inlineScanFeed(classes: number, config: ScanConfig, expectedRows: number): ScanFeed {
  const scanner = new RowScanner(classes, config, expectedRows);
  return {
    feed: (scores, labels, rows, windowRows) => scanner.scanUntil(scores, labels, rows, windowRows),
    // Each feed is scanned before it returns.
    waitScanned: () => undefined,
    finish: () => Promise.resolve(config.meansOnly === true ? scanner.finishCompact() : scanner.finish()),
    cancel: () => undefined,
  };
}
