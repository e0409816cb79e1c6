/**
 * `calib report` reads a multiclass logits file into a compact scan (each row's confidence and
 * outcome, the means of the rest): the read result has no per-row NLL, and the document is the
 * one the per-row arrays give (a reader that drops the scan: the pass over the matrix), on 1, 2
 * and 3 threads.
 */
import { describe, expect, it } from 'vitest';
import type { Progress, Reader, UseCaseDeps } from '../../src/app/ports.js';
import { runReport } from '../../src/app/report.js';
import { DEFAULT_READ_OPTIONS, readPredictionsOn, type ReadResult } from '../../src/io/read-predictions.js';
import { repoRoot } from '../helpers/cli.js';
import { eagerRuntime } from '../helpers/threads.js';
import { writeTemp } from '../io/helpers.js';
import { createRuntime } from '../../src/parallel/runtime.js';

const metric = { bins: 15, binning: 'width', binEdges: 'right', binaryView: 'positive' } as const;
const input = { kind: 'auto', probFloor: 1e-12, renormalize: false } as const;

function depsOn(threads: number, keepScan: boolean, reads: ReadResult[]): UseCaseDeps {
  const runtime = threads === 1 ? createRuntime({ threads: 1 }) : eagerRuntime(threads);
  const read: Reader = async (file, request) => {
    const { scan: _scan, ...rest } = request;
    const result = await readPredictionsOn(runtime.read, file, DEFAULT_READ_OPTIONS, keepScan ? request : rest);
    reads.push(result);
    return result;
  };
  const progress: Progress = { note: () => undefined, warn: () => undefined };
  return { read, progress, parallel: { evaluation: runtime.evaluation, threads } };
}

const options = (file: string) => ({
  file, metric, input, confidence: 0.95, interval: 'wilson', calibrationTests: true, resamples: 40, seed: 1, curve: false,
} as const);

const wide = (): string => {
  const k = 7;
  const lines = ['label,' + Array.from({ length: k }, (_, j) => `logit_${j}`).join(',')];
  for (let i = 0; i < 9000; i++) lines.push(`${(i * 13) % k},` + Array.from({ length: k }, (_, j) => (Math.sin(i * 3 + j * 7) * 5).toFixed(4)).join(','));
  return writeTemp(lines.join('\n') + '\n');
};

describe('report on a compact scan', () => {
  const files = [`${repoRoot}fixtures/digits-logreg-logits.csv`, `${repoRoot}fixtures/hand-3class-logits.csv`, wide()];
  for (const file of files) {
    it(`gives the matrix path's document on 1, 2 and 3 threads: ${file.split('/').pop()}`, async () => {
      const matrixReads: ReadResult[] = [];
      const expected = (await runReport(options(file), depsOn(1, false, matrixReads))).document;
      expect(matrixReads[0]!.scan).toBeUndefined();
      for (const threads of [1, 2, 3]) {
        const reads: ReadResult[] = [];
        const { document } = await runReport(options(file), depsOn(threads, true, reads));
        const scan = reads[0]!.scan!;
        expect('means' in scan).toBe(true); // the compact path was taken
        expect(Object.keys(scan.stats).sort()).toEqual(['confidence', 'outcome']);
        // On more than one thread the rows were scanned by the scan worker, which keeps them in shared memory.
        expect(scan.stats.confidence.buffer instanceof SharedArrayBuffer).toBe(threads > 1);
        expect(document).toEqual(expected);
      }
    });
  }

  it('falls back on the pass over the matrix when the NLL sum overflows (finite per-row values)', async () => {
    const file = writeTemp('label,a,b\n1,1e308,-7e307\n1,1e308,-7e307\n0,1,2\n');
    const reads: ReadResult[] = [];
    const matrixReads: ReadResult[] = [];
    const { document } = await runReport(options(file), depsOn(1, true, reads));
    expect(reads[0]!.scan).toBeUndefined();
    expect(document).toEqual((await runReport(options(file), depsOn(1, false, matrixReads))).document);
    expect(Number.isFinite(document.metrics.nll)).toBe(true);
  });
});
