import { describe, expect, test } from 'vitest';
import { runChecks } from '../../src/check/run-checks.js';
import type { Threshold } from '../../src/check/thresholds.js';
import { DEFAULT_METRIC_CONFIG } from '../../src/core/config.js';
import type { MetricValues } from '../../src/metrics/types.js';
import {
  escapeData, escapeProperty, escapeXml, renderCheckGithub, renderCheckJson, renderCheckJunit, renderCheckMarkdown,
  renderCheckStepSummary, renderCheckTable,
} from '../../src/report/check/index.js';
import type { CheckRenderInfo } from '../../src/report/check/index.js';
import { parseXml } from './xml.js';

const metrics: MetricValues = {
  accuracy: 0.88, mean_confidence: 0.93, overconfidence_gap: 0.05, ece: 0.031, mce: 0.2, rmsce: 0.06,
  ace: 0.045, classwise_ece: 0.03, nll: 0.35, brier: 0.15, entropy: 0.4,
  smece: 0.03, ece_debiased: 0.02, ece_sweep: 0.035,
};
const thresholds: Threshold[] = [
  { metric: 'ece', bound: 'max', value: 0.05, source: 'flag' },
  { metric: 'accuracy', bound: 'min', value: 0.9, source: 'config' },
];
const point = runChecks(metrics, thresholds);
const intervals = { ece: { lower: 0.02, upper: 0.04 }, accuracy: { lower: 0.85, upper: 0.91 } };
const strict = runChecks(metrics, thresholds, { failOn: 'strict', intervals });
const passing = runChecks(metrics, [thresholds[0]!]);
// A file name with every character the formats must escape.
const nasty = 'runs/<a> & "b", 100%:\r\nx|`y`_*.csv';
const info: CheckRenderInfo = { file: 'preds.csv', thresholdsFile: 'gate.json' };
const boot: CheckRenderInfo = { ...info, bootstrap: { resamples: 1000, seed: 0, confidence: 0.95 } };

describe('table', () => {
  test('plain text: failures first, PASS/FAIL as words, the verdict last', () => {
    expect(renderCheckTable(point, info, { colorLevel: 0 })).toBe([
      'metric     value  threshold  result',
      'accuracy  0.8800  >= 0.9     FAIL',
      'ece       0.0310  <= 0.05    PASS',
      'calib check preds.csv: FAILED: 1 of 2 checks',
      '',
    ].join('\n'));
  });

  test('with intervals: an interval column and what was compared', () => {
    const text = renderCheckTable(strict, boot, { colorLevel: 0 });
    expect(text).toContain('accuracy  0.8800  [0.8500, 0.9100]  >= 0.9     FAIL');
    expect(text).toContain('95% interval');
    expect(text).toContain('compared: the strict end of each 95% interval (percentile bootstrap, 1000 resamples, seed 0): the upper end for a maximum, the lower end for a minimum');
  });

  test('colour is a parameter: ANSI codes only when a level is given', () => {
    const plain = renderCheckTable(point, info, { colorLevel: 0 });
    const coloured = renderCheckTable(point, info, { colorLevel: 1 });
    expect(plain).not.toContain('\u001b[');
    expect(coloured).toContain('\u001b[31m'); // red FAIL
    expect(coloured).toContain('\u001b[32mPASS'); // green PASS
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });

  test('all passing', () => {
    expect(renderCheckTable(passing, info, { colorLevel: 0 })).toMatch(/calib check preds\.csv: passed: the check\n$/);
  });
});

describe('json', () => {
  test('passed, checks with the fields of the contract, file and config info', () => {
    const doc = JSON.parse(renderCheckJson(strict, { ...boot, config: DEFAULT_METRIC_CONFIG }));
    expect(Object.keys(doc)[0]).toBe('schema_version');
    expect(doc).toEqual({
      schema_version: '1',
      passed: false,
      fail_on: 'strict',
      file: 'preds.csv',
      thresholds_file: 'gate.json',
      bootstrap: { method: 'percentile', resamples: 1000, seed: 0, confidence: 0.95 },
      config: DEFAULT_METRIC_CONFIG,
      checks: [
        { metric: 'accuracy', value: 0.88, threshold: 0.9, op: '>=', passed: false, interval: { lower: 0.85, upper: 0.91 }, compared: 0.85, compared_end: 'lower', source: 'config' },
        { metric: 'ece', value: 0.031, threshold: 0.05, op: '<=', passed: true, interval: { lower: 0.02, upper: 0.04 }, compared: 0.04, compared_end: 'upper', source: 'flag' },
      ],
      warnings: [],
    });
  });

  test("the input's warnings are in the document", () => {
    const doc = JSON.parse(renderCheckJson(point, { file: 'p.csv', warnings: ['3 row(s) gave the true class a probability of exactly 0'] }));
    expect(doc.warnings).toEqual(['3 row(s) gave the true class a probability of exactly 0']);
  });

  test('no bootstrap: interval and bootstrap are null', () => {
    const doc = JSON.parse(renderCheckJson(point, { file: '-' }));
    expect(doc.bootstrap).toBeNull();
    expect(doc.thresholds_file).toBeNull();
    expect(doc.checks[0].interval).toBeNull();
    expect(doc.checks[0].compared_end).toBe('point');
  });
});

describe('junit', () => {
  test('parses back: one testsuite, one testcase per check, a failure for each failed check', () => {
    const root = parseXml(renderCheckJunit(point, info));
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toMatchObject({ tests: '2', failures: '1' });
    expect(root.children).toHaveLength(1);
    const suite = root.children[0]!;
    expect(suite.attributes).toMatchObject({ name: 'calib check', tests: '2', failures: '1', errors: '0' });
    const cases = suite.children.filter((c) => c.name === 'testcase');
    expect(cases.map((c) => c.attributes.name)).toEqual(['accuracy >= 0.9', 'ece <= 0.05']);
    const failure = cases[0]!.children[0]!;
    expect(failure.name).toBe('failure');
    expect(failure.attributes.message).toBe('accuracy = 0.8800 is below the minimum 0.9');
    expect(cases[1]!.children).toEqual([]);
    const properties = suite.children.find((c) => c.name === 'properties')!.children;
    expect(properties.map((p) => [p.attributes.name, p.attributes.value])).toEqual([
      ['file', 'preds.csv'], ['thresholds_file', 'gate.json'], ['fail_on', 'point'],
    ]);
  });

  test('escapes names so they survive a round trip, line breaks included', () => {
    const xml = renderCheckJunit(strict, { ...boot, file: nasty });
    const suite = parseXml(xml).children[0]!;
    const file = suite.children.find((c) => c.name === 'properties')!.children[0]!;
    expect(file.attributes.value).toBe(nasty);
    const failure = suite.children.find((c) => c.name === 'testcase')!.children[0]!;
    expect(failure.text).toBe(`accuracy: lower end of the 95% interval = 0.8500 (point estimate 0.8800) is below the minimum 0.9 (${nasty})`);
    // No raw specials leak into attribute values or text.
    expect(xml).not.toContain('<a>');
    expect(xml).not.toMatch(/& /);
  });

  test('escapeXml: entities, character references, and characters XML cannot carry', () => {
    expect(escapeXml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
    expect(escapeXml('a\tb\nc\rd')).toBe('a&#9;b&#10;c&#13;d');
    expect(escapeXml('bell\u0007 nul\u0000 lone\uD800 pair\uD83D\uDE00')).toBe('bell\uFFFD nul\uFFFD lone\uFFFD pair\uD83D\uDE00');
  });
});

describe('github', () => {
  test('::error per failure, ::notice per pass, with the title property', () => {
    const lines = renderCheckGithub(point, info).trimEnd().split('\n');
    expect(lines).toEqual([
      '::error title=calib check::accuracy = 0.8800 is below the minimum 0.9 (preds.csv)',
      '::notice title=calib check::ece = 0.0310 is within the maximum 0.05 (preds.csv)',
    ]);
  });

  test('messages escape %, CR and LF so each command stays on one line', () => {
    const text = renderCheckGithub(point, { file: nasty });
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^::(error|notice) title=calib check::[^\r\n]*$/);
    expect(lines[0]).toContain('100%25:'); // % escaped; ':' needs no escape in a message
    expect(lines[0]).toContain('%0D%0Ax|');
    // Unescaping gives back the file name.
    const message = lines[0]!.split('::')[2]!;
    expect(message.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')).toContain(nasty);
  });

  test('escapeData and escapeProperty follow the runner rules (% first)', () => {
    expect(escapeData('50%\r\n%0A')).toBe('50%25%0D%0A%250A');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });

  test('the step summary is Markdown with a verdict heading', () => {
    const summary = renderCheckStepSummary(point, info);
    expect(summary.split('\n')[0]).toBe('### ❌ calib check `preds.csv`: FAILED: 1 of 2 checks');
    expect(summary).toContain('Thresholds from `gate.json`.');
    expect(summary).toContain('| `accuracy` | 0.8800 | ≥ 0.9 | ❌ **FAIL** |');
    expect(renderCheckStepSummary(passing, { file: 'p.csv' }).split('\n')[0]).toBe('### ✅ calib check `p.csv`: passed: the check');
  });
});

describe('markdown', () => {
  test('a verdict line and a table, failures first', () => {
    expect(renderCheckMarkdown(point, info)).toBe([
      '**calib check** `preds.csv` (thresholds from `gate.json`): FAILED: 1 of 2 checks',
      '',
      '| metric | value | threshold | result |',
      '| --- | ---: | ---: | --- |',
      '| `accuracy` | 0.8800 | ≥ 0.9 | ❌ **FAIL** |',
      '| `ece` | 0.0310 | ≤ 0.05 | ✅ pass |',
      '',
    ].join('\n'));
  });

  test('intervals add a column and the note on what was compared', () => {
    const text = renderCheckMarkdown(strict, boot);
    expect(text).toContain('| metric | value | 95% interval | threshold | result |');
    expect(text).toContain('| `ece` | 0.0310 | [0.0200, 0.0400] | ≤ 0.05 | ✅ pass |');
    expect(text).toMatch(/compared: the strict end/);
  });

  test('a file name cannot break the table or the code span', () => {
    const text = renderCheckMarkdown(point, { file: nasty });
    const first = text.split('\n')[0]!;
    expect(first).not.toContain('\n');
    // Backticks inside a code span become quotes; pipes are escaped.
    expect(first).toContain("x\\|'y'_*.csv");
    expect(text.split('\n').filter((l) => l.startsWith('|')).every((l) => (l.match(/(?<!\\)\|/g) ?? []).length === 5)).toBe(true);
  });
});
