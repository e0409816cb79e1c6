/**
 * A Python with numpy, for the tests that read calib's .npy output back with numpy itself. Found
 * as CALIB_PYTHON, else the first `python3` (on PATH, then Debian's) that imports numpy. `npm test`
 * installs nothing: without one those tests are skipped, saying why. .ci/run installs Debian's
 * python3-numpy and sets CALIB_REQUIRE_NUMPY, so there a missing numpy fails instead.
 */
import { execFileSync } from 'node:child_process';

function find(): string | undefined {
  const candidates = [process.env.CALIB_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => c !== undefined && c !== '');
  for (const python of candidates) {
    try {
      execFileSync(python, ['-c', 'import numpy'], { stdio: 'ignore' });
      return python;
    } catch {
      // not this one
    }
  }
  return undefined;
}

export const python = find();

if (python === undefined) {
  const why = 'No Python with numpy (set CALIB_PYTHON, or install python3-numpy): the tests that read .npy output back with numpy are skipped.';
  if (process.env.CALIB_REQUIRE_NUMPY === '1') throw new Error(why);
  process.stderr.write(`${why}\n`);
}
