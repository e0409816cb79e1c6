import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as vm from 'node:vm';

/**
 * How bin/calib.js loads the CLI quickly (docs/performance.md, "Start-up"). `npm run build` makes,
 * after tsc, one CommonJS bundle of the CLI (`dist/calib.cjs`, scripts/bundle.mjs) and V8's code
 * cache for it (`dist/calib.cjs.cache`: the bytecode of every function a small `report` and
 * `--help` run). Loading that one file, compiled from the cache, takes a fraction of the time of
 * loading the hundred modules of dist/ one by one and compiling each function on its first call.
 *
 * Whatever goes wrong falls back to the module tree, which is the same code: no bundle, a bundle
 * older than dist/ (tsc ran alone since), a cache from another build (each build stamps the bundle
 * and its cache with one id) or one V8 refuses (another node version or other V8 flags).
 */
export interface CliEntry {
  readonly main: typeof import('./main.js').main;
  readonly nodeIo: typeof import('./main.js').nodeIo;
  readonly relaunchUnderAddressLimit: typeof import('./main.js').relaunchUnderAddressLimit;
}

const BUNDLE = fileURLToPath(new URL('../calib.cjs', import.meta.url));
const TREE = fileURLToPath(new URL('./main.js', import.meta.url));
const CACHE = `${BUNDLE}.cache`;
/** The bundle's first line, `// calib bundle <id>`, and the cache's first bytes, `<id>\n`. */
const STAMP = /^\/\/ calib bundle (\S+)\n/;

export async function loadCli(): Promise<CliEntry> {
  return loadBundle()?.exports ?? await import('./main.js');
}

/**
 * The bundle compiled with its code cache (or without one, `fresh`), with a way to write the cache
 * of what has run so far (scripts/bundle.mjs). Undefined when the bundle is missing or stale.
 */
export function loadBundle(options: { fresh?: boolean } = {}): { exports: CliEntry; cached: boolean; writeCache(): void } | undefined {
  let source: string;
  try {
    if (statSync(BUNDLE).mtimeMs < statSync(TREE).mtimeMs) return undefined;
    source = readFileSync(BUNDLE, 'utf8');
  } catch {
    return undefined;
  }
  const id = STAMP.exec(source)?.[1];
  if (id === undefined) return undefined;
  const cachedData = options.fresh ? undefined : cacheFor(id);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: BUNDLE,
    ...(cachedData ? { cachedData } : {}),
    // The bundle has no import() of its own (esbuild turns them into calls); this is for safety.
    ...(vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ? { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER } : {}),
  });
  const module = { exports: {} as CliEntry };
  (script.runInThisContext() as (...args: unknown[]) => void)
    .call(module.exports, module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE));
  return {
    exports: module.exports,
    /** Whether V8 took the code cache (it refuses one from another node version or other flags). */
    cached: cachedData !== undefined && !script.cachedDataRejected,
    writeCache: () => writeFileSync(CACHE, Buffer.concat([Buffer.from(`${id}\n`), script.createCachedData()])),
  };
}

function cacheFor(id: string): Buffer | undefined {
  try {
    const cache = readFileSync(CACHE);
    const head = `${id}\n`;
    return cache.toString('latin1', 0, head.length) === head ? cache.subarray(head.length) : undefined;
  } catch {
    return undefined;
  }
}
