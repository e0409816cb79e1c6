import { describe, expect, it } from 'vitest';
import { createProgressBar, formatProgress } from '../../src/io/progress.js';
import { DEFAULT_READ_OPTIONS, readPredictions } from '../../src/io/read-predictions.js';
import { writeTemp } from '../io/helpers.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 80, write: (text: string) => writes.push(text) } };
}

describe('formatProgress', () => {
  it('shows percent, MB read of total, MB/s and the time left', () => {
    // 237.5 MB of 475 MB in 2 s: 50%, 118.75 MB/s, (475 - 237.5) / 118.75 = 2 s left.
    expect(formatProgress(237.5e6, 475e6, 2, 'preds.csv', 80))
      .toBe('preds.csv [###############...............]  50%  238/475 MB  119 MB/s  ETA 2s');
  });

  it('fits the width and counts minutes past 60 s', () => {
    const line = formatProgress(1e6, 1000e6, 1, 'a-very-long-file-name-that-does-not-fit.csv', 50);
    expect(line.length).toBeLessThanOrEqual(50);
    // 1 MB/s with 999 MB left: 999 s = 16m39s.
    expect(formatProgress(1e6, 1000e6, 1, undefined, 120)).toContain('ETA 16m39s');
  });
});

describe('createProgressBar', () => {
  it('draws in place on a TTY, at most once per interval, and erases itself when done', () => {
    const { writes, stream } = fakeStream(true);
    let t = 0;
    const bar = createProgressBar(stream, { minBytes: 0, interval: 100, now: () => t });
    t = 50; bar.update(10e6, 100e6);
    t = 60; bar.update(20e6, 100e6); // within 100 ms of the last draw: skipped
    t = 200; bar.update(100e6, 100e6);
    expect(writes).toHaveLength(2);
    expect(writes[0]).toMatch(/^\r.* 10%  10\/100 MB/);
    expect(writes[1]).toMatch(/100%/);
    bar.done();
    expect(writes[2]).toBe('\r\x1b[K');
  });

  it('is silent when the stream is not a TTY or the file is small', () => {
    const pipe = fakeStream(false);
    const bar = createProgressBar(pipe.stream, { minBytes: 0 });
    bar.update(1, 2);
    bar.done();
    expect(pipe.writes).toEqual([]);
    const tty = fakeStream(true);
    const small = createProgressBar(tty.stream); // default minimum: 32 MB
    small.update(1e6, 10e6);
    small.done();
    expect(tty.writes).toEqual([]);
  });
});

describe('onProgress from the reader', () => {
  const text = 'label,a,b\n' + Array.from({ length: 200_000 }, (_, i) => `${i % 2},${i % 7}.25,-${i % 3}.5`).join('\n') + '\n';

  for (const fastPath of [true, false]) {
    it(`reports increasing byte counts up to the file size (${fastPath ? 'fast' : 'general'} path)`, async () => {
      const path = writeTemp(text);
      const calls: [number, number][] = [];
      await readPredictions(path, DEFAULT_READ_OPTIONS, { fastPath, onProgress: (read, total) => calls.push([read, total]) });
      expect(calls.length).toBeGreaterThan(1);
      const size = Buffer.byteLength(text);
      expect(calls.every(([, total]) => total === size)).toBe(true);
      expect(calls.at(-1)![0]).toBe(size);
      calls.slice(1).forEach(([read], i) => expect(read).toBeGreaterThan(calls[i]![0]));
    });
  }
});
