import { createRuntime, type Runtime } from '../../src/parallel/runtime.js';
import { ThreadPool } from '../../src/parallel/pool.js';

/** The thread counts every threaded step is checked on: the numbers must not depend on it. */
export const THREAD_COUNTS = [2, 3, 4] as const;

/** A pool of `threads` threads (helpers are the process's, started on first use). */
export function pool(threads: number): ThreadPool {
  return new ThreadPool(threads);
}

/** A runtime of `threads` threads that shares out work of any size, so small test inputs take the worker paths. */
export function eagerRuntime(threads: number): Runtime {
  return createRuntime({ threads, eager: true });
}
