import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The newest modification time of the files under `dir` (0 when it does not exist). */
function newest(dir: string): number {
  let latest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/**
 * The tests import src/, but worker threads run JavaScript: src/parallel/worker-url.ts finds the
 * compiled workers in dist/ when calib runs from its sources, and the binary runs dist/'s bundle
 * (scripts/bundle.mjs). So dist/ is built before the tests start whenever a source file is newer
 * than the bundle's code cache, its last output (`npm test` has just built: nothing to do).
 */
export default function setup(): void {
  let built = 0;
  try {
    built = statSync(join(root, 'dist', 'calib.cjs.cache')).mtimeMs;
  } catch {
    built = 0;
  }
  if (newest(join(root, 'src')) > built) {
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
    execFileSync(process.execPath, [join(root, 'scripts', 'bundle.mjs')], { cwd: root, stdio: 'inherit' });
  }
}
