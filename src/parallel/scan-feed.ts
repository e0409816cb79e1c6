import { Worker } from 'node:worker_threads';
import type { ScanFeed } from '../io/fast/scan-feed.js';
import type { CompactRowScan, RowScan, ScanConfig } from '../metrics/row-stats.js';
import { ScanProgress } from './protocol.js';
import type { ScanMessage } from './scan-worker.js';
import { workerExecArgv } from './worker-exec-argv.js';
import { workerUrl } from './worker-url.js';

/** A `ScanFeed` whose scan runs on a worker thread (scan-worker.ts) while the reader parses: the rows must be in shared memory. */
export function workerScanFeed(classes: number, config: ScanConfig, expectedRows: number): ScanFeed {
  const progress = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  const worker = new Worker(workerUrl('scan-worker.js'), { workerData: { classes, config, expectedRows, progress }, execArgv: workerExecArgv() });
  const result = new Promise<RowScan | CompactRowScan | undefined>((resolve, reject) => {
    worker.once('message', (scan: RowScan | CompactRowScan | undefined) => resolve(scan ?? undefined));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the scan worker stopped early (exit code ${code})`)));
  });
  result.catch(() => undefined); // observed by finish(); a cancelled feed never asks
  let last = 0;
  const send = (message: ScanMessage): void => worker.postMessage(message);
  return {
    feed(scores, labels, rows, windowRows = 0) {
      if (rows === last) return;
      last = rows;
      send({ type: 'rows', scores, labels, rows, windowRows });
    },
    waitScanned(rows) {
      // The reader waits here (it may: node's main thread can block) while the worker catches up.
      // A worker that died without a word (its events wait for this thread) is given up on after
      // STALL_MS without progress; the reader then reads the file whole, on this thread.
      let quiet = 0;
      let seen = -1;
      for (;;) {
        const scanned = Atomics.load(progress, ScanProgress.scanned);
        if (scanned >= rows) return;
        if (Atomics.load(progress, ScanProgress.failed) !== 0) throw new Error('the scan worker failed');
        if (scanned !== seen) {
          seen = scanned;
          quiet = 0;
        }
        if (Atomics.wait(progress, ScanProgress.scanned, scanned, WAIT_MS) === 'timed-out' && ++quiet * WAIT_MS >= STALL_MS) {
          throw new Error(`the scan worker made no progress for ${STALL_MS / 1000} s`);
        }
      }
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

/** waitScanned looks again this often, and gives up when the worker has not moved for STALL_MS (it died). */
const WAIT_MS = 1000;
const STALL_MS = 30_000;
