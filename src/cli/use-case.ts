import type { ParallelHooks, UseCaseDeps } from '../app/ports.js';
import type { Context } from './context.js';
import { loadPredictions } from './load.js';
import type { InputFlags } from './options.js';
import { runtimeOf } from './runtime.js';

/**
 * The run's threads (src/parallel, `--threads N`) as the hooks a use case takes: the per-row
 * pass, the sort and smooth ECE, the temperature fits' passes and the consistency test. On one
 * thread every hook is left out, so the use case runs the plain single-thread code. The runtime
 * lives as long as the run, and its threads end with it.
 */
export function parallelHooks(context: Context): ParallelHooks {
  const runtime = runtimeOf(context);
  const threads = runtime.threads;
  return {
    evaluation: runtime.evaluation,
    threads,
    ...(runtime.objective ? { objective: runtime.objective } : {}),
    ...(runtime.counter ? { counter: runtime.counter } : {}),
  };
}

/**
 * What a command gives its use case (src/app): files read with the command's input flags (notes,
 * warnings and the progress bar on stderr), its notes and warnings on stderr, and the run's threads.
 */
export function useCaseDeps(context: Context, flags: InputFlags): UseCaseDeps {
  return {
    read: (file, request) => loadPredictions(file, flags, context, request),
    progress: { note: (text) => context.note(text), warn: (warning) => context.warn(warning.message) },
    parallel: parallelHooks(context),
  };
}
