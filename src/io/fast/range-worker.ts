import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { threadsAllowed } from '../address-space.js';
import { workerExecArgv } from '../worker-exec-argv.js';
import type { RangeJob, RangeResult } from './parse-range.js';

/** The compiled worker next to this module; absent when running from TypeScript sources (tests). */
const WORKER_URL = new URL('./parse-worker.js', import.meta.url);

/** True when a parse worker can be started (and may be: not under a limit on address space). */
export function canParseInWorker(): boolean {
  return threadsAllowed() && existsSync(fileURLToPath(WORKER_URL));
}

/**
 * `parseRange(job)` on a worker thread; a worker that fails answers `ok: false`. An aborted
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
    const worker = new Worker(WORKER_URL, {
      workerData: job,
      execArgv: workerExecArgv(),
    });
    worker.once('message', (result: RangeResult) => settle(result));
    worker.once('error', (error) => settle({ ok: false, reason: `the parse worker failed: ${error.message}` }));
    worker.once('exit', (code) => settle({ ok: false, reason: `the parse worker stopped (exit code ${code})` }));
    signal?.addEventListener('abort', () => { void worker.terminate(); }, { once: true });
  });
}
