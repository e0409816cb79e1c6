import { colorLevel, type CliIo } from './io.js';

/** What a command's action gets: where to print, and a place to set the exit code. */
export class Context {
  exitCode = 0;
  quiet = false;

  constructor(readonly io: CliIo) {}

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
