import type { DecodeTask, ParquetThreads } from '../io/formats/parquet-direct.js';
import type { ThreadPool } from './pool.js';
import { inSharedMemory } from './shares.js';

/**
 * A Parquet file's column chunks decoded on the pool's threads (ReadThreads.parquet): every
 * helper takes jobs of the same task (parquet-direct.ts `decodeJobs`) while the calling thread
 * takes its own, each job writing its values to their one place in the shared matrix, so the
 * numbers are the same on any number of threads. The helpers are started when the file is
 * found large enough (`start`), while it is read. A helper that fails leaves its job undone for
 * the calling thread (`finishJobs`).
 */
export function parquetOnThreads(pool: ThreadPool, minBytes: number): ParquetThreads {
  return {
    minBytes,
    start: () => pool.prestart(),
    decode(task: DecodeTask, mine: () => void): void {
      const helpers = inSharedMemory(task.bytes, task.next, task.done, task.status, ...task.columns.map((c) => c.data))
        ? pool.helpers().slice(0, Math.max(0, task.done.length - 1)) : [];
      if (helpers.length === 0) {
        mine();
        return;
      }
      pool.runAll(helpers, helpers.map(() => ({ kind: 'parquet' as const, task })), mine);
    },
  };
}
