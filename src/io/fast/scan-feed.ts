import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RowScan, ScanConfig } from '../../metrics/row-stats.js';
import { RowScanner } from '../../metrics/streaming/row-scanner.js';
import type { ScanMessage } from './scan-worker.js';
import { threadsAllowed } from '../address-space.js';
import { workerExecArgv } from '../worker-exec-argv.js';

/**
 * Per-row statistics (`RowScanner`) computed while a file is being read. On a worker thread,
 * the scan of the rows read so far (one `exp` per score, as costly as parsing them) runs on the
 * second core while the reader parses the next chunk; the rows must then be in shared memory.
 * Inline, it scans each batch as it is announced. Either way the result is `scanRows`' own.
 */
export interface ScanFeed {
  /** Rows `0 .. rows - 1` of `scores` (K per row) and `labels` are final. */
  feed(scores: Float64Array, labels: Int32Array, rows: number): void;
  finish(): Promise<RowScan>;
  /** Stops without a result (the scan turned out not to be needed). */
  cancel(): void;
}

/** The compiled worker next to this module; absent when running from TypeScript sources (tests). */
const WORKER_URL = new URL('./scan-worker.js', import.meta.url);

/** True when a worker thread can be started (the compiled worker module exists) and may be (no limit on address space). */
export function canScanInWorker(): boolean {
  return threadsAllowed() && existsSync(fileURLToPath(WORKER_URL));
}

export function inlineScanFeed(classes: number, config: ScanConfig, expectedRows: number): ScanFeed {
  const scanner = new RowScanner(classes, config, expectedRows);
  return {
    feed: (scores, labels, rows) => scanner.scanUntil(scores, labels, rows),
    finish: () => Promise.resolve(scanner.finish()),
    cancel: () => undefined,
  };
}

export function workerScanFeed(classes: number, config: ScanConfig, expectedRows: number): ScanFeed {
  const worker = new Worker(WORKER_URL, { workerData: { classes, config, expectedRows }, execArgv: workerExecArgv() });
  const result = new Promise<RowScan>((resolve, reject) => {
    worker.once('message', (scan: RowScan) => resolve(scan));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the scan worker stopped early (exit code ${code})`)));
  });
  result.catch(() => undefined); // observed by finish(); a cancelled feed never asks
  let last = 0;
  const send = (message: ScanMessage): void => worker.postMessage(message);
  return {
    feed(scores, labels, rows) {
      if (rows === last) return;
      last = rows;
      send({ type: 'rows', scores, labels, rows });
    },
    async finish() {
      send({ type: 'finish' });
      try {
        return await result;
      } finally {
        void worker.terminate();
      }
    },
    cancel() {
      void worker.terminate();
    },
  };
}
