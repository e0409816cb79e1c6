import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every temporary file the tests make (helpers call `os.tmpdir()`) goes under one directory for
 * the run, removed when the run ends, so a test run leaves nothing behind in the system's temp
 * directory. Set before the test workers start, which inherit TMPDIR.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'calib-tests-'));
  process.env.TMPDIR = root;
  return () => {
    if (process.env.CALIB_KEEP_TEST_FILES === undefined) rmSync(root, { recursive: true, force: true });
  };
}
