/**
 * Node's flags for calib's worker threads: the process's own, without `--input-type`. A worker
 * inherits the process's flags, and with `--input-type` (set by `node --input-type=module -e`)
 * its file would not load; a worker the caller waits for would then stall until a timeout.
 */
export function workerExecArgv(): string[] {
  return process.execArgv.filter((arg) => !arg.startsWith('--input-type'));
}
