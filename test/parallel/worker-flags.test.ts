/**
 * Worker threads inherit node's flags, and `--input-type` (from `node --input-type=module -e`)
 * stops a worker's file from loading. calib's workers drop it (src/parallel/worker-exec-argv.ts):
 * the CLI's entry works from such a script. Runs the compiled modules (the test setup builds dist/).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { writeTemp } from '../io/helpers.js';
import { repoRoot } from '../helpers/cli.js';

describe('workers started from node --input-type=module -e', () => {
  it('the scan while reading runs on its worker and returns', () => {
    const path = writeTemp(['label,a,b,c', ...Array.from({ length: 200 }, (_, i) => `${i % 3},0.5,${i % 7},-1`)].join('\n') + '\n');
    // The package's own entry points (package.json "exports"), as a user's script imports them.
    const script = `
      const { main, nodeIo, createRuntime } = await import('calib/cli');
      const runtime = createRuntime({ threads: 2, eager: true });
      const code = await main(['report', ${JSON.stringify(path)}, '--format', 'json', '--quiet'], nodeIo(), { runtime });
      process.exitCode = code;`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000, cwd: repoRoot });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).rows).toBe(200);
  });
});
