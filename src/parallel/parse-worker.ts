/**
 * Worker thread that reads the second half of a large file (parse-range.ts) while the main thread
 * reads the first. It reads with synchronous calls: this thread has nothing else to do.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { parseRange, type RangeJob, type RangeResult } from '../io/fast/parse-range.js';

const job = workerData as RangeJob;
let result: RangeResult;
let fd: number | undefined;
try {
  fd = openSync(job.path, 'r');
  const file = fd;
  result = parseRange(job, (buffer, offset, length, position) => readSync(file, buffer, offset, length, position));
} catch (error) {
  result = { ok: false, reason: error instanceof Error ? error.message : String(error) };
} finally {
  if (fd !== undefined) closeSync(fd);
}
parentPort!.postMessage(result);
