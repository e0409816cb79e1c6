import { readFileSync } from 'node:fs';

let limit: number | undefined;

/**
 * The process's limit on address space (RLIMIT_AS, `ulimit -v`) in bytes, Infinity when there is
 * none or it cannot be read (Linux's /proc/self/limits; elsewhere no limit is assumed).
 */
export function addressSpaceLimit(): number {
  if (limit === undefined) {
    limit = Infinity;
    try {
      const line = /^Max address space\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
      if (line && /^\d+$/.test(line[1]!)) limit = Number(line[1]);
    } catch {
      // No /proc: no limit known.
    }
  }
  return limit;
}

/**
 * Worker threads only without a limit on address space: each thread reserves hundreds of
 * megabytes of address space for its heap and code (never touched, so free without a limit),
 * and a reservation the limit refuses kills V8 outright ("Fatal process OOM"), with no error to
 * catch. Under `ulimit -v` calib runs on one thread; the numbers are the same.
 */
export function threadsAllowed(): boolean {
  return addressSpaceLimit() === Infinity;
}

/**
 * The most a single up-front reservation (room for rows not read yet) may take: a quarter of the
 * address-space limit, so that the heap and the copies made later still fit.
 */
export function reservationBudget(): number {
  return addressSpaceLimit() / 4;
}

/** The process's address space in use now (VmSize), or undefined where /proc cannot tell. */
export function addressSpaceInUse(): number | undefined {
  try {
    const size = /^VmSize:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return size ? Number(size[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Address space a command on a file of `bytes` bytes needs beyond what the process holds at the
 * start, by measurement (VmPeak on one thread: report about 2.8x the file size, temperature 3.4x,
 * plus room for the heap to grow): 3x the file and 64 MiB.
 */
export function addressSpaceNeeded(bytes: number): number {
  return 3 * bytes + 64 * 1024 * 1024;
}
