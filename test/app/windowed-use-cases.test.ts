/**
 * `report` and `check` ask for a windowed read (`ReadRequest.scoresUnused`) only when nothing
 * reads the scores after the per-row pass: with a reader that windows every such request, each
 * option that needs the rows (--bootstrap, --group-by, the per-class diagrams) must still run and
 * give the document of a read that keeps every row.
 */
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/app/check.js';
import type { Progress, Reader, ReadRequest, UseCaseDeps } from '../../src/app/ports.js';
import { runReport, type ReportOptions } from '../../src/app/report.js';
import { mergeThresholds, thresholdsFromFlags } from '../../src/check/index.js';
import { DEFAULT_READ_OPTIONS, readPredictions } from '../../src/io/read-predictions.js';
import { writeTemp } from '../io/helpers.js';

const metric = { bins: 15, binning: 'width', binEdges: 'right', binaryView: 'positive' } as const;
const input = { kind: 'auto', probFloor: 1e-12, renormalize: false } as const;

/** 5,000 rows of 4 logits and a site column: several windows of 2 x 1024 rows. */
function logitsFile(): string {
  const lines = ['site,label,z_0,z_1,z_2,z_3'];
  for (let i = 0; i < 5000; i++) {
    const z = Array.from({ length: 4 }, (_, j) => ((((i * 131 + j * 977) % 20011) / 1000) - 10).toFixed(3));
    lines.push(`${['a', 'b', 'c'][i % 3]},${(i * 7) % 4},${z.join(',')}`);
  }
  return writeTemp(lines.join('\n') + '\n');
}

/** Deps whose reader windows every request that allows it (whatever the file's size), recording which did. */
function deps(windowing: boolean): UseCaseDeps & { windowed: boolean[] } {
  const windowed: boolean[] = [];
  const read: Reader = (file, request: ReadRequest) => {
    const allowed = windowing && request.scoresUnused === true;
    windowed.push(allowed);
    const options = request.textColumns ? { ...DEFAULT_READ_OPTIONS, textColumns: request.textColumns } : DEFAULT_READ_OPTIONS;
    return readPredictions(file, options, {
      ...(request.scan ? { scan: request.scan } : {}), chunkSize: 8192, ...(allowed ? { window: { minBytes: 0, halfRows: 1024 } } : {}),
    });
  };
  const progress: Progress = { note: () => undefined, warn: () => undefined };
  return { read, progress, windowed };
}

const base: ReportOptions = {
  file: '', metric, input, confidence: 0.95, interval: 'wilson', calibrationTests: true, resamples: 20, seed: 0, curve: true, diagram: 'corp',
};

describe('report and check with a reader that windows what they allow', () => {
  const file = logitsFile();
  const cases: [string, Partial<ReportOptions>, boolean][] = [
    ['a plain report (with the calibration tests, the curve and CORP)', {}, true],
    ['--bootstrap', { bootstrap: 5 }, false],
    ['--group-by', { slice: { groupBy: ['site'], minGroupRows: 10 } }, false],
    ['--where', { slice: { where: ['site=a'] } }, false],
    ['the per-class diagrams (keepScores)', { keepScores: true }, false],
  ];
  for (const [name, options, expectWindow] of cases) {
    it(`report, ${name}: the document of the whole read${expectWindow ? ', read in a window' : ''}`, async () => {
      const windowing = deps(true);
      const run = await runReport({ ...base, ...options, file }, windowing);
      expect(windowing.windowed).toEqual([expectWindow]);
      const whole = await runReport({ ...base, ...options, file }, deps(false));
      expect(run.document).toEqual(whole.document);
      expect(run.curve).toEqual(whole.curve);
    });
  }

  const thresholds = mergeThresholds([], thresholdsFromFlags({ maxEce: 0.5 }));
  const checkCases: [string, object, boolean][] = [
    ['a plain gate', {}, true],
    ['--bootstrap', { bootstrap: 5 }, false],
    ['--group-by', { slice: { groupBy: ['site'], minGroupRows: 10 } }, false],
  ];
  for (const [name, options, expectWindow] of checkCases) {
    it(`check, ${name}: the report of the whole read`, async () => {
      const checkOptions = { file, thresholds, seed: 0, confidence: 0.95, failOn: 'point', metric, input, ...options } as const;
      const windowing = deps(true);
      const run = await runCheck(checkOptions as Parameters<typeof runCheck>[0], windowing);
      expect(windowing.windowed).toEqual([expectWindow]);
      const whole = await runCheck(checkOptions as Parameters<typeof runCheck>[0], deps(false));
      expect(run.report).toEqual(whole.report);
    });
  }
});
