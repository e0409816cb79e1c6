import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import type { Runtime } from '../../src/parallel/runtime.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  stdin?: string | Buffer;
  env?: Record<string, string | undefined>;
  tty?: boolean;
  /** The threads to run on (default: as `--threads` and the machine's cores say). */
  runtime?: Runtime;
}

/** Runs `main` in-process with a fake io: fast, and what the CLI printed comes back as strings. */
export async function run(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => { stdout += text; return true; }, isTTY: options.tty ?? false, columns: 100 },
    stderr: { write: (text: string) => { stderr += text; return true; }, isTTY: options.tty ?? false },
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    env: options.env ?? {},
  };
  const code = await main(argv, io, options.runtime ? { runtime: options.runtime } : {});
  return { code, stdout, stderr };
}

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const binPath = join(repoRoot, 'bin', 'calib.js');

/** Runs the real built binary (`npm test` builds first), with NO_COLOR set unless overridden. */
export function runBinary(argv: readonly string[], options: RunOptions = {}): RunResult {
  const result = spawnSync(process.execPath, [binPath, ...argv], {
    input: options.stdin,
    env: { PATH: process.env.PATH, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
    cwd: repoRoot,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temporary directory for one test's files. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'calib-test-'));
}

/** Writes `content` into a new temp dir under `name` and returns the path. */
export function tempFile(name: string, content: string | Buffer): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}
