/**
 * Worker threads inherit node's flags, and `--input-type` (from `node --input-type=module -e`)
 * stops a worker's file from loading. calib's workers drop it (src/io/worker-exec-argv.ts): the
 * API works from such a script. Runs the compiled modules (`npm test` builds first).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { writeTemp } from '../io/helpers.js';

describe('workers started from node --input-type=module -e', () => {
  it('the scan while reading runs on its worker and returns', () => {
    const path = writeTemp(['label,a,b,c', ...Array.from({ length: 200 }, (_, i) => `${i % 3},0.5,${i % 7},-1`)].join('\n') + '\n');
    const reader = new URL('../../dist/io/read-predictions.js', import.meta.url).href;
    const script = `
      const { readPredictions, DEFAULT_READ_OPTIONS } = await import(${JSON.stringify(reader)});
      const r = await readPredictions(${JSON.stringify(path)}, DEFAULT_READ_OPTIONS,
        { scan: { binaryView: 'top-label', classwiseBins: 15, edges: 'right' }, scanInWorker: true });
      console.log(r.scan.stats.confidence.length);`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('200');
  });
});
