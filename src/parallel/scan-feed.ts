import { Worker } from 'node:worker_threads';
import type { ScanFeed } from '../io/fast/scan-feed.js';
import type { CompactRowScan, RowScan, ScanConfig } from '../metrics/row-stats.js';
import type { ScanMessage } from './scan-worker.js';
import { workerExecArgv } from './worker-exec-argv.js';
import { workerUrl } from './worker-url.js';

/** A `ScanFeed` whose scan runs on a worker thread (scan-worker.ts) while the reader parses: the rows must be in shared memory. */
export function workerScanFeed(classes: number, config: ScanConfig, expectedRows: number): ScanFeed {
  const worker = new Worker(workerUrl('scan-worker.js'), { workerData: { classes, config, expectedRows }, execArgv: workerExecArgv() });
  const result = new Promise<RowScan | CompactRowScan | undefined>((resolve, reject) => {
    worker.once('message', (scan: RowScan | CompactRowScan | undefined) => resolve(scan ?? undefined));
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
