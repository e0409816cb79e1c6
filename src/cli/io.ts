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
}

export function nodeIo(): CliIo {
  // `calib report big.csv | head`: when the reader goes away, stop quietly (as Unix tools do)
  // instead of dying on an unhandled EPIPE with a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
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
