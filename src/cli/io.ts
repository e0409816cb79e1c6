import { fstatSync, readlinkSync, writeSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { isatty } from 'node:tty';
import { CalibError } from '../core/errors.js';
import { removePendingTempFilesSync, watchTempFiles, writeError, type FileIdentity } from '../io/atomic-write.js';

/**
 * Everything the CLI touches in the outside world, passed in so that tests can drive `main` with
 * a fake and read back what it printed (the bin passes the real process).
 */
export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly stdin: NodeJS.ReadableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * The regular files behind stdin and stdout (a shell redirect), when they are files: an output
   * file may be neither the input read as `-` nor the file stdout goes to.
   */
  readonly files?: { readonly stdin?: FileIdentity; readonly stdout?: FileIdentity };
}

/** Signals that end calib while it writes an output: the temporary file is removed first. */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export function nodeIo(): CliIo {
  cleanUpOnSignals();
  const files: { stdin?: FileIdentity; stdout?: FileIdentity } = {};
  const stdin = regularFile(0);
  const stdout = regularFile(1);
  if (stdin) files.stdin = stdin;
  if (stdout) files.stdout = stdout;
  return {
    stdout: new FdOutput(1, 'stdout'),
    stderr: new FdOutput(2, 'stderr'),
    stdin: process.stdin,
    env: process.env,
    files,
  };
}

function regularFile(fd: number): FileIdentity | undefined {
  try {
    const info = fstatSync(fd);
    return info.isFile() ? { dev: info.dev, ino: info.ino } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * While a temporary output file exists, SIGINT, SIGTERM and SIGHUP remove it and end the
 * process with 128 + the signal's number (130, 143, 129), as a shell reports a death by signal.
 * The handlers are installed only then: at any other time the signal's default action stops
 * calib at once, even in the middle of a long computation.
 */
function cleanUpOnSignals(): void {
  const handlers = SIGNALS.map((signal) => [signal, (): void => {
    removePendingTempFilesSync();
    process.exit(128 + osConstants.signals[signal]);
  }] as const);
  watchTempFiles((pending) => {
    for (const [signal, handler] of handlers) {
      if (pending) process.on(signal, handler);
      else process.off(signal, handler);
    }
  });
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * stdout or stderr written with blocking writes of every byte, each one checked: a full disk
 * behind `> out.json`, or /dev/full, is an error (exit 2) instead of a cut result and exit 0.
 * When the reader of a pipe goes away (`calib report big.csv | head`), calib stops quietly, as
 * Unix tools do. stderr is best-effort: a failure to report is not reported.
 */
class FdOutput implements OutputStream {
  constructor(private readonly fd: 1 | 2, private readonly name: 'stdout' | 'stderr') {}

  get isTTY(): boolean {
    return isatty(this.fd);
  }

  get columns(): number | undefined {
    return this.isTTY ? (this.fd === 1 ? process.stdout : process.stderr).columns : undefined;
  }

  write(text: string): boolean {
    const bytes = Buffer.from(text);
    let offset = 0;
    while (offset < bytes.length) {
      try {
        offset += writeSync(this.fd, bytes, offset, bytes.length - offset);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          // A non-blocking pipe whose reader is slow: wait a moment and try again.
          Atomics.wait(pause, 0, 0, 1);
          continue;
        }
        if (code === 'EPIPE') process.exit(process.exitCode ?? 0);
        if (this.name === 'stderr') return false;
        throw stdoutError(error);
      }
    }
    return true;
  }
}

/** A failed write of the result, naming the file behind stdout when there is one. */
function stdoutError(error: unknown): CalibError {
  let target: string | undefined;
  try {
    const link = readlinkSync('/proc/self/fd/1');
    if (link.startsWith('/')) target = link;
  } catch {
    // Not Linux, or no /proc.
  }
  const where = target ?? 'stdout';
  const reason = writeError(error, where).message.replace(/^cannot write the file: /, '');
  return new CalibError('input', `cannot write the result to stdout: ${reason}`, { file: where },
    'Free some space or send stdout elsewhere; what was written there is incomplete.');
}

/**
 * Colour on a stream: never with --no-color or a non-empty NO_COLOR (no-color.org), always with
 * FORCE_COLOR set to something other than 0, otherwise only on a terminal (and not TERM=dumb).
 * Returns a chalk level: 0 none, 1 basic 16 colours.
 */
export function colorLevel(stream: OutputStream, env: CliIo['env'], flag: boolean | undefined): 0 | 1 {
  if (flag === false) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return 1;
  if (env.TERM === 'dumb') return 0;
  return stream.isTTY ? 1 : 0;
}
