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

  /** The arguments calib was run with (without node and the script), for reports that show their command line. */
  argv: readonly string[] = [];

  constructor(readonly io: CliIo, runtime?: Runtime) {
    this.runtime = runtime;
  }

  /** The command line that made this run, quoted for a POSIX shell: `calib report 'my file.csv'`. */
  commandLine(): string {
    const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
    return ['calib', ...this.argv.map(quote)].join(' ');
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
