#!/usr/bin/env node
// The second half of `npm run build` (after tsc): bundles the CLI into one CommonJS file,
// dist/calib.cjs, then runs it in this process on a small file (a 100-row report in each format,
// --help) and writes V8's code cache of what ran, dist/calib.cjs.cache. bin/calib.js loads the
// two through dist/cli/entry.js (src/cli/entry.ts), which falls back to the module tree of dist/
// when either is missing or stale. See docs/performance.md, "Start-up".
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const outfile = join(dist, 'calib.cjs');

// A bundled module's import.meta.url becomes the URL it has in dist/, so the paths it makes from it
// (the worker threads' modules next to it, the fonts in assets/) are the same as from the tree.
const moduleUrls = {
  name: 'module-urls',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!args.path.startsWith(dist) || !text.includes('import.meta')) return undefined;
      const url = `new URL(${JSON.stringify(relative(dist, args.path))}, require('node:url').pathToFileURL(__filename)).href`;
      const contents = text.replaceAll('import.meta.url', url);
      if (contents.includes('import.meta')) throw new Error(`${args.path}: import.meta other than import.meta.url cannot be bundled`);
      return { contents, loader: 'js' };
    });
  },
};

await build({
  entryPoints: [join(dist, 'cli', 'main.js')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // A native module: loaded from node_modules by the bundle's require when a PNG is drawn.
  external: ['@resvg/resvg-js'],
  // The stamp that ties the cache to this bundle (src/cli/entry.ts).
  banner: { js: `// calib bundle ${randomUUID()}` },
  plugins: [moduleUrls],
  logLevel: 'warning',
});

// The code cache: the bytecode of every function that ran, so a run compiles none of them again.
const { loadBundle } = await import('../dist/cli/entry.js');
const bundle = loadBundle({ fresh: true });
if (!bundle) throw new Error('dist/calib.cjs did not load');
const dir = mkdtempSync(join(tmpdir(), 'calib-bundle-'));
try {
  const file = join(dir, 'small.csv');
  writeFileSync(file, smallFile(100, 10));
  const sink = { write: () => true };
  const io = { stdout: sink, stderr: sink, stdin: new PassThrough(), env: {}, files: {} };
  for (const argv of [['--help'], ['report', '--help'], ['report', file], ['report', file, '--format', 'json'], ['report', file, '--format', 'csv'], ['report', file, '--format', 'markdown']]) {
    const code = await bundle.exports.main(argv, io);
    if (code !== 0) throw new Error(`calib ${argv.join(' ')} exited with ${code} while making the code cache`);
  }
  bundle.writeCache();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** `rows` rows of `classes` logits and a label, from a fixed generator (the bench's 100 x 10 shape). */
function smallFile(rows, classes) {
  let state = 12345;
  const next = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const lines = [['label', ...Array.from({ length: classes }, (_, k) => `logit_${k}`)].join(',')];
  for (let i = 0; i < rows; i++) {
    const label = Math.floor(next() * classes);
    lines.push([label, ...Array.from({ length: classes }, (_, k) => ((k === label ? 2 : 0) + 4 * next() - 2).toFixed(4))].join(','));
  }
  return `${lines.join('\n')}\n`;
}
