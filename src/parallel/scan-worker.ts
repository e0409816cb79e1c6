/**
 * Worker thread of `ScanFeed`: scans rows with `RowScanner` as the reader announces them. The
 * rows live in shared memory written by the reader; a row is only read after the message that
 * announces it, and the reader rewrites a row's slot (a window, RowBuffer.startWindow) only
 * after `progress` says the row was scanned, so no locking is needed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ScanConfig } from '../metrics/row-stats.js';
import { RowScanner } from '../metrics/streaming/row-scanner.js';
import { ScanProgress } from './protocol.js';

export type ScanMessage =
  | { readonly type: 'rows'; readonly scores: Float64Array; readonly labels: Int32Array; readonly rows: number; readonly windowRows: number }
  | { readonly type: 'finish' };

const { classes, config, expectedRows, progress } = workerData as {
  classes: number; config: ScanConfig; expectedRows: number; progress: Int32Array;
};
// Shared memory for what a compact scan keeps: the result goes to the reader without a copy.
const scanner = new RowScanner(classes, config, expectedRows, config.meansOnly === true);
const port = parentPort!;
port.on('message', (message: ScanMessage) => {
  if (message.type === 'rows') {
    try {
      scanner.scanUntil(message.scores, message.labels, message.rows, message.windowRows);
    } catch (error) {
      Atomics.store(progress, ScanProgress.failed, 1);
      Atomics.notify(progress, ScanProgress.scanned);
      throw error;
    }
    Atomics.store(progress, ScanProgress.scanned, scanner.scanned);
    Atomics.notify(progress, ScanProgress.scanned);
  } else {
    port.postMessage(config.meansOnly === true ? scanner.finishCompact() : scanner.finish());
    port.close();
  }
});
