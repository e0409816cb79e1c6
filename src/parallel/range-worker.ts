import { Worker } from 'node:worker_threads';
import type { RangeJob, RangeResult } from '../io/fast/parse-range.js';
import { workerExecArgv } from './worker-exec-argv.js';
import { workerUrl } from './worker-url.js';

/**
 * `parseRange(job)` on a worker thread (parse-worker.ts), for the reader's split reads
 * (io/fast/read-body.ts `SplitRead`); a worker that fails answers `ok: false`. An aborted
 * `signal` stops the worker (its answer is then `ok: false` too).
 */
export function parseRangeInWorker(job: RangeJob, signal?: AbortSignal): Promise<RangeResult> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: RangeResult): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const worker = new Worker(workerUrl('parse-worker.js'), {
      workerData: job,
      execArgv: workerExecArgv(),
    });
    worker.once('message', (result: RangeResult) => settle(result));
    worker.once('error', (error) => settle({ ok: false, reason: `the parse worker failed: ${error.message}` }));
    worker.once('exit', (code) => settle({ ok: false, reason: `the parse worker stopped (exit code ${code})` }));
    signal?.addEventListener('abort', () => { void worker.terminate(); }, { once: true });
  });
}
