import { spawn } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { addressSpaceLimit } from '../io/address-space.js';

/**
 * Under a limit on address space (`ulimit -v`), glibc's malloc reserves 64 MiB of address space
 * for each thread that allocates (V8's compiler and GC threads, libuv's pool): half a gigabyte
 * that the limit counts although it is never used, so that V8 dies with "Fatal process OOM" or
 * std::bad_alloc on a 5 MB file. MALLOC_ARENA_MAX=1 stops that, but glibc reads it only when the
 * process starts: so calib starts itself again with it set, passing stdin, stdout and stderr
 * through and signals on, and returns the child's exit code (128 + n if a signal ended it).
 * Undefined when no relaunch is needed (no limit, or MALLOC_ARENA_MAX already set) or possible.
 */
export async function relaunchUnderAddressLimit(): Promise<number | undefined> {
  if (!Number.isFinite(addressSpaceLimit()) || process.env.MALLOC_ARENA_MAX !== undefined) return undefined;
  const script = process.argv[1];
  if (script === undefined) return undefined;
  return new Promise((resolve) => {
    let started = false;
    const child = spawn(process.execPath, [...process.execArgv, script, ...process.argv.slice(2)], {
      stdio: 'inherit', env: { ...process.env, MALLOC_ARENA_MAX: '1' },
    });
    const forward = (signal: NodeJS.Signals): void => { child.kill(signal); };
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    child.once('spawn', () => {
      started = true;
      for (const signal of signals) process.on(signal, forward);
    });
    // Could not start a second process: run in this one (as before, without the setting).
    child.once('error', () => { if (!started) resolve(undefined); });
    child.once('exit', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      resolve(code ?? 128 + (signal ? osConstants.signals[signal] : 0));
    });
  });
}
