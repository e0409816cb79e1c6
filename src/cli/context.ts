import type { Runtime } from '../parallel/runtime.js';
import { colorLevel, type CliIo } from './io.js';

/** What a command's action gets: where to print, and a place to set the exit code. */
export class Context {
  exitCode = 0;
  quiet = false;
  /** `--threads N`, when given. */
  threadsFlag: number | undefined;
  /** The run's threads (cli/runtime.ts `runtimeOf`), made on first use unless given here. */
  runtime: Runtime | undefined;

  constructor(readonly io: CliIo, runtime?: Runtime) {
    this.runtime = runtime;
  }

  /** The result: stdout. */
  out(text: string): void {
    this.io.stdout.write(text);
  }

  /** Progress and notes: stderr, silenced by --quiet. */
  note(text: string): void {
    if (!this.quiet) this.io.stderr.write(`calib: ${text}\n`);
  }

  /** Warnings: stderr, always. */
  warn(text: string): void {
    this.io.stderr.write(`calib: warning: ${text}\n`);
  }

  /** Chalk level for stdout given the command's --no-color flag. */
  stdoutColor(flag: boolean | undefined): 0 | 1 {
    return colorLevel(this.io.stdout, this.io.env, flag);
  }
}
