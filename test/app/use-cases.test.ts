import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/app/check.js';
import { runCompare } from '../../src/app/compare.js';
import { runInspect } from '../../src/app/inspect.js';
import type { Progress, Reader, UseCaseDeps } from '../../src/app/ports.js';
import { runReport } from '../../src/app/report.js';
import { runSmoothing } from '../../src/app/smoothing.js';
import { runTemperature } from '../../src/app/temperature.js';
import { mergeThresholds, thresholdsFromFlags } from '../../src/check/index.js';
import { CalibError } from '../../src/core/errors.js';
import type { Warning } from '../../src/core/warnings.js';
import { DEFAULT_READ_OPTIONS, readPredictions } from '../../src/io/read-predictions.js';
import { renderJson } from '../../src/report/json.js';
import { repoRoot, run } from '../helpers/cli.js';

// The use cases run in-process with a plain reader and a recording progress: no commander, no
// stdout. Their documents are what the CLI prints as JSON.

const fixture = (name: string): string => `${repoRoot}fixtures/${name}`;
const FLOORED = fixture('digits-gnb-probs.csv'); // 14 rows give the true class probability 0
const LOGITS = fixture('digits-logreg-logits.csv');
const metric = { bins: 15, binning: 'width', binEdges: 'right', binaryView: 'positive' } as const;
const input = { kind: 'auto', probFloor: 1e-12, renormalize: false } as const;

function deps(): UseCaseDeps & { notes: string[]; warned: Warning[]; reads: string[] } {
  const notes: string[] = [];
  const warned: Warning[] = [];
  const reads: string[] = [];
  const read: Reader = (file, request) => { reads.push(file); return readPredictions(file, DEFAULT_READ_OPTIONS, request); };
  const progress: Progress = { note: (text) => notes.push(text), warn: (w) => warned.push(w) };
  return { read, progress, notes, warned, reads };
}

const floorRecord = (file: string) => ({
  code: 'prob-floor-hits',
  message: '14 row(s) gave the true class a probability of exactly 0; it was replaced by 1e-12 (--prob-floor), which sets their NLL.',
  data: { file, rows: 14, prob_floor: 1e-12 },
});

describe('use cases, called directly', () => {
  it('runReport returns the document the CLI prints, with the floor warning as a record', async () => {
    const d = deps();
    const { document, curve } = await runReport({
      file: FLOORED, metric, input, confidence: 0.95, interval: 'wilson', calibrationTests: false, resamples: 50, seed: 0, curve: true,
    }, d);
    expect(document.warning_records).toEqual([floorRecord(FLOORED)]);
    expect(document.warnings).toEqual([floorRecord(FLOORED).message]);
    expect(curve!.length).toBeGreaterThan(10);
    expect(d.reads).toEqual([FLOORED]);
    const cli = await run(['report', FLOORED, '--format', 'json', '--quiet']);
    expect(renderJson(document)).toBe(cli.stdout);
  });

  it('runTemperature says an in-sample "after" is optimistic, in the document and as it goes', async () => {
    const d = deps();
    const { document, calibrated } = await runTemperature({ file: LOGITS, cv: 5, seed: 0, inSample: true, metric, input }, d);
    expect(document.evaluation).toBe('in-sample');
    expect(document.warning_records.map((w) => w.code)).toEqual(['in-sample-evaluation']);
    expect(d.warned.map((w) => w.code)).toEqual(['in-sample-evaluation']);
    expect(calibrated).toBeUndefined();
  });

  it.each([['in-sample', { inSample: true }], ['cross-fit', { inSample: false }]] as const)(
    'runTemperature (%s) evaluates "after" through the per-row pass it is given, with the same numbers', async (_, mode) => {
      const { scanRows } = await import('../../src/metrics/row-stats.js');
      let calls = 0;
      const counting = { ...deps(), parallel: { evaluation: { scan: (...args: Parameters<typeof scanRows>) => { calls++; return scanRows(...args); } } } };
      const plain = await runTemperature({ file: LOGITS, cv: 3, seed: 0, metric, input, ...mode }, deps());
      const hooked = await runTemperature({ file: LOGITS, cv: 3, seed: 0, metric, input, ...mode }, counting);
      // The "after" pass (and "before", when no scan was made while reading) reach the hook.
      expect(calls).toBeGreaterThanOrEqual(1);
      expect(hooked.document).toEqual(plain.document);
    });

  it("runTemperature carries the --apply file's warnings, prefixed with the file, and returns what --write writes", async () => {
    const d = deps();
    const { document, calibrated } = await runTemperature({
      file: LOGITS, apply: FLOORED, write: 'out.csv', cv: 5, seed: 0, inSample: false, metric, input,
    }, d);
    // The digits files score the same ten classes, so the fit's T applies to the other file.
    expect(document.warnings).toEqual([`${FLOORED}: ${floorRecord(FLOORED).message}`]);
    expect(document.warning_records[0]!.data).toEqual(floorRecord(FLOORED).data);
    expect(document.written).toEqual({ file: 'out.csv', rows: document.evaluation_detail.rows, source: FLOORED });
    expect(calibrated!.probabilities.length).toBe(document.evaluation_detail.rows * 10);
    expect(d.reads).toEqual([LOGITS, FLOORED]);
  });

  it('runSmoothing and runCheck carry the read warnings; runCheck fails a threshold without an exit code', async () => {
    const smoothing = await runSmoothing({ file: FLOORED, alphas: [0, 0.1], prior: 'uniform' }, deps());
    expect(smoothing.document.warning_records.map((w) => w.code)).toEqual(['prob-floor-hits']);
    const thresholds = mergeThresholds([], thresholdsFromFlags({ maxEce: 0.000001 }));
    const check = await runCheck({ file: FLOORED, thresholds, seed: 0, confidence: 0.95, failOn: 'point', metric, input }, deps());
    expect(check.report.passed).toBe(false);
    expect(check.info.warningRecords).toEqual([floorRecord(FLOORED)]);
    await expect(runCheck({ file: FLOORED, thresholds, seed: 0, confidence: 0.95, failOn: 'upper', metric, input }, deps()))
      .rejects.toThrow(/--fail-on upper compares an end of a confidence interval/);
  });

  it('runCompare puts each file\'s warnings, prefixed, before the comparison\'s', async () => {
    const d = deps();
    const binary = fixture('breast-cancer-logreg-probs.csv');
    const result = await runCompare({
      files: [binary, fixture('breast-cancer-forest-probs.csv')], temperature: false, cv: 5, seed: 0, confidence: 0.95, metric, diagram: true,
    }, d);
    expect(result.document.warnings).toEqual(result.warnings.map((w) => w.message));
    expect(result.diagram!.panels[0]!.series).toHaveLength(2);
    const mixed = await runCompare({
      files: [FLOORED, LOGITS], temperature: false, cv: 5, seed: 0, confidence: 0.95, metric, diagram: false,
    }, deps());
    expect(mixed.warnings.map((w) => w.code)).toEqual(['prob-floor-hits']);
    expect(mixed.warnings[0]!.message.startsWith(`${FLOORED}: `)).toBe(true);
  });

  it('runInspect reports a refused file with its error instead of throwing', async () => {
    const d: Pick<UseCaseDeps, 'read'> = { read: () => Promise.reject(new CalibError('input', 'no label column.', { file: 'x.csv' }, 'Use --label.')) };
    const survey = { headerNames: ['a', 'b'], sample: [['0.1', '0.9']], rows: 1, columns: [], format: 'parquet' as const };
    const { document, failure } = await runInspect({ file: 'x.csv', read: DEFAULT_READ_OPTIONS }, survey, d);
    expect(failure).toBeInstanceOf(CalibError);
    expect(document.error).toEqual({ message: 'x.csv: no label column.', hint: 'Use --label.' });
    expect(document.warning_records).toEqual([]);
    // A refused file still says what it was read as: the survey's format.
    expect(document.format).toBe('parquet');
  });
});
