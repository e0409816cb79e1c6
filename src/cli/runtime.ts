import { availableParallelism } from 'node:os';
import { errors } from '../core/errors.js';
import { threadsAllowed } from '../io/address-space.js';
import { createRuntime, type Runtime } from '../parallel/runtime.js';
import type { ScaleObjective } from '../fit/scale-objective.js';
import type { Context } from './context.js';

/**
 * Where the CLI wires its parts to the threads they may use: one runtime per run (src/parallel),
 * of `--threads N` threads (default: every core node reports, `os.availableParallelism()`; never
 * more). Under a limit on address space (`ulimit -v`), one thread: every thread reserves hundreds
 * of megabytes of address space (io/address-space.ts). The numbers are the same on any count.
 */
export function runtimeOf(context: Context): Runtime {
  context.runtime ??= createRuntime({ threads: threadCount(context.threadsFlag) });
  return context.runtime;
}

/** The threads a run uses, given `--threads` (undefined: not given). */
export function threadCount(flag: number | undefined): number {
  const available = threadsAllowed() ? availableParallelism() : 1;
  return Math.max(1, Math.min(flag ?? available, available));
}

/** `--threads N`: a positive whole number, or exit 2 naming the flag. */
export function parseThreadsFlag(value: string): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw errors.badOption('--threads', value, 'a positive whole number of threads (1: no worker threads)');
  return n;
}

/** A temperature fit's `objective` option for the run's threads (`{}` on one thread: the plain objective). */
export function objectiveOf(context: Context): { objective?: ScaleObjective } {
  const { objective } = runtimeOf(context);
  return objective ? { objective } : {};
}
