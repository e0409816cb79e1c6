import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The compiled module of one of calib's worker threads (`name` is its file in src/parallel/,
 * compiled). A worker runs JavaScript: next to this module when calib runs from dist/; when it
 * runs from its TypeScript sources (the tests), the build's copy in dist/parallel/ (the test
 * setup builds first). A missing module is an error, never a silent switch to one thread: the
 * runtime that wants workers is chosen where the CLI is wired (`--threads 1` wants none).
 */
export function workerUrl(name: string): URL {
  const here = new URL(`./${name}`, import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const built = new URL(`../../dist/parallel/${name}`, import.meta.url);
  if (import.meta.url.endsWith('.ts') && existsSync(fileURLToPath(built))) return built;
  throw new Error(`the worker module ${fileURLToPath(here)} is missing (build calib with \`npm run build\`, or run with --threads 1)`);
}
