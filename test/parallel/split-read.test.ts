/**
 * Reading a large file in two halves, the second on a worker thread (src/io/fast/read-body.ts
 * SplitRead, src/parallel/range-worker.ts). The in-process property test of the same logic is in
 * test/fast/equivalence.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { writeTemp } from '../io/helpers.js';
import { eagerRuntime } from '../helpers/threads.js';
import * as readBody from '../../src/io/fast/read-body.js';
import * as rangeWorker from '../../src/parallel/range-worker.js';
import * as read from '../../src/io/read-predictions.js';
import * as builderModule from '../../src/io/table-builder.js';

/** Every plain file read in two halves. */
const split = eagerRuntime(2).read;

/** Rows with the labels' first appearances spread over both halves and a blank line in the middle. */
function multiclassFile(rows: number): string {
  const lines = ['id,label,a,b,c'];
  for (let i = 0; i < rows; i++) {
    const label = i < rows / 2 ? ['a', 'b'][i % 2] : ['a', 'b', 'c'][i % 3]; // 'c' first seen in the second half
    lines.push(`${i},${label},${(i % 17) / 4 - 2},${(-i % 13) / 8},${(i * 7919) % 1000 / 1e3}`);
    if (i === rows >> 1) lines.push('');
  }
  return lines.join('\n') + '\n';
}

describe('split read with the real workers', () => {
  it('reads a file in 2, 3 and 4 pieces with the same table and line numbers as one thread', async () => {
    const path = writeTemp(multiclassFile(6_000));
    const options = { ...read.DEFAULT_READ_OPTIONS, ignore: ['id'] };
    const one = new builderModule.TableBuilder(path, options);
    await readBody.readBodyFast(path, one, {}, 4096);
    const a = one.finish().table;
    for (const parts of [1, 2, 3]) {
      const many = new builderModule.TableBuilder(path, options, { shared: true });
      const jobs: number[] = [];
      await readBody.readBodyFast(path, many, {
        split: { minBytes: 0, parts, parse: (job, signal) => { jobs.push(job.from); return rangeWorker.parseRangeInWorker(job, signal); } },
      }, 4096);
      expect(jobs).toHaveLength(parts);
      const b = many.finish().table;
      expect(Array.from(b.values)).toEqual(Array.from(a.values));
      expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
      expect(b.classNames).toEqual(a.classNames);
      for (const row of [0, 1_500, 2_999, 3_000, 4_500, 5_999]) expect(b.lineOf(row)).toBe(a.lineOf(row));
    }
  });

  it('reads the second half on the worker, with the same table as one thread', async () => {
    const path = writeTemp(multiclassFile(3_000));
    const options = { ...read.DEFAULT_READ_OPTIONS, ignore: ['id'] };
    const one = new builderModule.TableBuilder(path, options);
    await readBody.readBodyFast(path, one, {}, 4096);
    const two = new builderModule.TableBuilder(path, options, { shared: true });
    let workerRows = 0;
    await readBody.readBodyFast(path, two, {
      split: { minBytes: 0, parse: async (job) => { const r = await rangeWorker.parseRangeInWorker(job); workerRows = r.ok ? r.rows : -1; return r; } },
    }, 4096);
    expect(workerRows).toBeGreaterThan(1_000);
    const [a, b] = [one.finish().table, two.finish().table];
    expect(Array.from(b.values)).toEqual(Array.from(a.values));
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    expect(b.classNames).toEqual(a.classNames);
    for (const row of [0, 1_500, 1_501, 2_999]) expect(b.lineOf(row)).toBe(a.lineOf(row));
  });

  it('readPredictions: the same predictions split or not, for binary, probability and logit files', async () => {
    const binary = ['label,p', ...Array.from({ length: 5_000 }, (_, i) => `${i % 2},${((i * 37) % 1000) / 1000}`)].join('\n');
    const probabilities = ['label,p0,p1', ...Array.from({ length: 5_000 }, (_, i) => `${i % 2},0.25,0.75`)].join('\n');
    for (const text of [binary, probabilities, multiclassFile(4_000)]) {
      const path = writeTemp(text);
      const options = { ...read.DEFAULT_READ_OPTIONS, ignore: ['id'] };
      const whole = await read.readPredictions(path, options, { chunkSize: 4096 });
      for (const threads of [2, 3, 4]) {
        const pieces = await read.readPredictionsOn(eagerRuntime(threads).read, path, options, { chunkSize: 4096 });
        expect(pieces.predictions.scores.buffer).toBeInstanceOf(SharedArrayBuffer);
        expect(Array.from(pieces.predictions.scores), `${threads} pieces`).toEqual(Array.from(whole.predictions.scores));
        expect({ ...pieces.predictions, scores: [] }).toEqual({ ...whole.predictions, scores: [] });
        expect(pieces.notes).toEqual(whole.notes);
      }
    }
  });

  it('reads again on one thread when the first rows made the row estimate too low', async () => {
    const long = Array.from({ length: 4 }, () => '0,1.0000000000000000,2.0000000000000000');
    const short = Array.from({ length: 5_000 }, (_, i) => `${i % 2},1,2`);
    const path = writeTemp(['label,a,b', ...long, ...short].join('\n') + '\n');
    const options = { ...read.DEFAULT_READ_OPTIONS, kind: 'logits' as const };
    const again = await read.readPredictionsOn(split, path, options, { chunkSize: 128 });
    expect(Array.from(again.predictions.scores)).toEqual(Array.from((await read.readPredictions(path, options)).predictions.scores));
    expect(again.predictions.rows).toBe(5_004);
  });

  it('stops the worker when the first half steps aside (its rows would not be used)', async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => `${i % 3},0.5,0.25,0.25`);
    rows[500] = '1,"0.5",0.25,0.25'; // a quoted cell early in the first half: the general path's
    const path = writeTemp(['label,a,b,c', ...rows].join('\n') + '\n');
    const builder = new builderModule.TableBuilder(path, read.DEFAULT_READ_OPTIONS, { shared: true });
    let second: Promise<unknown> | undefined;
    const halves = { minBytes: 0, parse: (job: Parameters<typeof rangeWorker.parseRangeInWorker>[0], signal: AbortSignal) => (second = rangeWorker.parseRangeInWorker(job, signal)) };
    await expect(readBody.readBodyFast(path, builder, { split: halves }, 4096)).rejects.toBeInstanceOf(readBody.NotFastPath);
    expect(await second).toEqual({ ok: false, reason: expect.stringMatching(/stopped/) });
  });
});

