import type { ParallelHooks, UseCaseDeps } from '../app/ports.js';
import { TWO_THREADS } from '../parallel/two-threads.js';
import type { Context } from './context.js';
import { loadPredictions } from './load.js';
import type { InputFlags } from './options.js';

/**
 * The second thread's hooks every command passes to its use case: the per-row pass, the sort and
 * smooth ECE, and the consistency test (loaded only when a test runs). Commands that fit a
 * temperature add `objectivePool`.
 */
export const PARALLEL: ParallelHooks = {
  evaluation: TWO_THREADS,
  consistencyThreads: async (rows, resamples) => (await import('../parallel/consistency-counter.js')).consistencyThreadsFor(rows, resamples),
};

/**
 * What a command gives its use case (src/app): files read with the command's input flags (notes,
 * warnings and the progress bar on stderr), its notes and warnings on stderr, and `parallel`.
 */
export function useCaseDeps(context: Context, flags: InputFlags, parallel: ParallelHooks = PARALLEL): UseCaseDeps {
  return {
    read: (file, request) => loadPredictions(file, flags, context, request),
    progress: { note: (text) => context.note(text), warn: (warning) => context.warn(warning.message) },
    parallel,
  };
}
