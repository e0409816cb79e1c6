/**
 * A one-line progress bar for reading large files: bytes read of the total, throughput and the
 * time left, redrawn in place on a terminal. The reader reports through a plain callback
 * (`ReadSource.onProgress`); this module only draws, and only on a TTY, so redirected stderr,
 * CI logs and `--quiet` (the CLI passes no callback) stay clean.
 */

/** Called by the reader after each chunk: bytes read so far and the file's size in bytes. */
export type ProgressCallback = (bytesRead: number, totalBytes: number) => void;

export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface ProgressBarOptions {
  /** Shown before the bar (e.g. the file name). */
  readonly label?: string;
  /** Files smaller than this get no bar (they are read before anyone could look). Default 32 MB. */
  readonly minBytes?: number;
  /** Milliseconds between redraws. Default 100. */
  readonly interval?: number;
  /** Clock in milliseconds (injectable for tests). Default `performance.now`. */
  readonly now?: () => number;
}

export interface ProgressBar {
  /** Pass this as the reader's `onProgress`. */
  readonly update: ProgressCallback;
  /** Erases the bar (call when reading ends, whether it succeeded or not). */
  readonly done: () => void;
}

const MB = 1e6;

/**
 * A progress bar drawing on `stream` when it is a TTY and the file is at least `minBytes` long;
 * otherwise `update` and `done` do nothing.
 * @example
 * const bar = createProgressBar(process.stderr, { label: 'preds.csv' });
 * await readPredictions(path, options, { onProgress: bar.update }).finally(bar.done);
 * // preds.csv [########............]  41%  195/475 MB  152 MB/s  ETA 2s
 */
export function createProgressBar(stream: ProgressStream, options: ProgressBarOptions = {}): ProgressBar {
  const minBytes = options.minBytes ?? 32 * MB;
  const interval = options.interval ?? 100;
  const now = options.now ?? (() => performance.now());
  const started = now();
  let lastDraw = -Infinity;
  let drawn = false;
  return {
    update(bytesRead, totalBytes) {
      if (stream.isTTY !== true || totalBytes < minBytes) return;
      const t = now();
      if (t - lastDraw < interval && bytesRead < totalBytes) return;
      lastDraw = t;
      const width = Math.max(20, Math.min(120, stream.columns ?? 80) - 1);
      stream.write(`\r${formatProgress(bytesRead, totalBytes, (t - started) / 1000, options.label, width)}\x1b[K`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}

/**
 * The bar's text, at most `width` characters: label, bar, percent, MB read of total, MB/s, ETA.
 * @example formatProgress(237.5e6, 475e6, 2, 'preds.csv', 80)
 * // 'preds.csv [##########..........]  50%  238/475 MB  119 MB/s  ETA 2s'
 */
export function formatProgress(bytesRead: number, totalBytes: number, seconds: number, label: string | undefined, width: number): string {
  const fraction = totalBytes > 0 ? Math.min(1, bytesRead / totalBytes) : 0;
  const rate = seconds > 0 ? bytesRead / seconds : 0;
  const eta = rate > 0 ? Math.ceil((totalBytes - bytesRead) / rate) : undefined;
  const tail = `${String(Math.floor(fraction * 100)).padStart(3)}%  ${(bytesRead / MB).toFixed(0)}/${(totalBytes / MB).toFixed(0)} MB` +
    `  ${(rate / MB).toFixed(0)} MB/s${eta === undefined ? '' : `  ETA ${formatSeconds(eta)}`}`;
  const head = label === undefined ? '' : `${label} `;
  const barWidth = Math.max(10, Math.min(30, width - head.length - tail.length - 3));
  const filled = Math.round(fraction * barWidth);
  const line = `${head}[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${tail}`;
  return line.length > width ? line.slice(0, width) : line;
}

function formatSeconds(s: number): string {
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}
