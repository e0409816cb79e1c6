// Lint rules that keep the architecture honest: the numeric core (metrics, fit, smoothing, stats)
// is pure, so it may not import file-system, process, terminal or CLI modules; rendering (report)
// does not touch files either, and the use cases (app) reach the world only through what they are
// given. Only src/io and src/cli talk to the outside world.
import tseslint from 'typescript-eslint';

const ioModules = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'node:process', 'process',
  'node:child_process', 'node:zlib', 'node:stream', 'node:readline', 'node:worker_threads'];
const uiModules = ['chalk', 'cli-table3', 'commander'];

const forbid = (names, why) => names.map((name) => ({ name, message: why }));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.bench/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests read parsed JSON documents; typing every field there would add noise, not safety.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/core/**', 'src/metrics/**', 'src/summary/**', 'src/fit/**', 'src/smoothing/**', 'src/stats/**', 'src/check/**', 'src/compare/**', 'src/sql/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          ...forbid(ioModules, 'The numeric core is pure: do I/O in src/io or src/cli.'),
          ...forbid(uiModules, 'The numeric core is pure: render in src/report, parse flags in src/cli.'),
        ],
        patterns: [{ group: ['**/io/*', '**/parallel/*', '**/cli/*', '**/report/*'], message: 'The core must not depend on outer layers.' }],
      }],
      'no-restricted-globals': ['error', { name: 'process', message: 'The numeric core is pure: no process.' }],
      'no-console': 'error',
    },
  },
  {
    files: ['src/report/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: forbid([...ioModules, 'commander'], 'Rendering returns strings; the CLI writes them.'),
        patterns: [{ group: ['**/cli/*'], message: 'Rendering must not depend on the CLI.' }],
      }],
      'no-restricted-globals': ['error', { name: 'process', message: 'Rendering is pure: pass options in.' }],
      'no-console': 'error',
    },
  },
  {
    // The use cases (src/app) run a command from parsed options and what they are given (a reader,
    // a progress sink, opaque parallel hooks): they build documents, but neither read files,
    // render text nor parse flags, so they run in-process without the commander program.
    files: ['src/app/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          ...forbid(ioModules, 'A use case does I/O only through the reader and progress it is given.'),
          ...forbid(uiModules, 'A use case returns documents: render in src/report, parse flags in src/cli.'),
        ],
        patterns: [
          { group: ['**/cli/*'], message: 'Use cases must not depend on the CLI.' },
          { group: ['**/parallel/*'], message: 'Threads reach a use case as hooks (app/ports.ts), passed in by the CLI.' },
          { group: ['**/io/*', '!**/io/read-predictions.js', '!**/io/select-columns.js', '!**/io/column-stats.js'],
            message: 'A use case reads through its Reader; from src/io it may use the read result and column types only.' },
          { group: ['**/report/**/table.js', '**/report/**/markdown.js', '**/report/**/csv.js', '**/report/diagram/svg*.js', '**/report/diagram/html*.js', '**/report/diagram/terminal.js'],
            message: 'A use case returns documents; the CLI renders them.' },
        ],
      }],
      'no-restricted-globals': ['error', { name: 'process', message: 'A use case gets its options passed in: no process.' }],
      'no-console': 'error',
    },
  },
  {
    // src/io reads files for the core; it may use node's I/O modules, but never starts a thread:
    // src/parallel implements the hooks io takes (ReadThreads), and the CLI wires them in.
    files: ['src/io/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          ...forbid(uiModules, 'Reading input must not render or parse flags.'),
          ...forbid(['worker_threads', 'node:worker_threads'], 'io starts no thread: src/parallel implements its hooks (ReadThreads).'),
        ],
        patterns: [
          { group: ['**/cli/*', '**/report/*'], message: 'io must not depend on outer layers.' },
          { group: ['**/parallel/*'], message: 'io must not import parallel (parallel imports io): take a hook (ReadThreads) that the CLI wires in.' },
        ],
      }],
      'no-console': 'error',
    },
  },
  {
    // src/parallel owns every worker thread: like io, it may use node's runtime modules.
    files: ['src/parallel/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: forbid(uiModules, 'Running threads must not render or parse flags.'),
        patterns: [{ group: ['**/cli/*', '**/report/*'], message: 'parallel must not depend on outer layers.' }],
      }],
      'no-console': 'error',
    },
  },
);
