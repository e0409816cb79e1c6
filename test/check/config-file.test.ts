import { describe, expect, test } from 'vitest';
import { parseThresholdConfig } from '../../src/check/config-file.js';
import { CalibError } from '../../src/core/errors.js';

/** The CalibError a call throws (the test fails if it does not throw one). */
function errorOf(fn: () => unknown): CalibError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CalibError) return error;
    throw error;
  }
  throw new Error('expected a CalibError');
}

describe('parseThresholdConfig', () => {
  test('reads max and min bounds in canonical order, tagged as config', () => {
    const text = '{"accuracy": {"min": 0.9}, "ece": {"max": 0.05}, "overconfidence_gap": {"max": 0.02, "min": -0.02}, "abs_gap": {"max": 0.03}}';
    expect(parseThresholdConfig(text, 'gate.json')).toEqual([
      { metric: 'accuracy', bound: 'min', value: 0.9, source: 'config' },
      { metric: 'overconfidence_gap', bound: 'max', value: 0.02, source: 'config' },
      { metric: 'overconfidence_gap', bound: 'min', value: -0.02, source: 'config' },
      { metric: 'ece', bound: 'max', value: 0.05, source: 'config' },
      { metric: 'abs_gap', bound: 'max', value: 0.03, source: 'config' },
    ]);
  });

  test('an empty object is no thresholds, and a byte-order mark is tolerated', () => {
    expect(parseThresholdConfig('{}', 'gate.json')).toEqual([]);
    expect(parseThresholdConfig('\uFEFF{"nll": {"max": 1}}', 'gate.json')).toHaveLength(1);
  });

  test('an unknown metric is a usage error naming the file, the line, the key and the closest name', () => {
    const error = errorOf(() => parseThresholdConfig('{\n  "accuracy": {"min": 0.9},\n  "ecee": {"max": 0.05}\n}', 'ci/gate.json'));
    expect(error.kind).toBe('usage');
    expect(error.where).toEqual({ file: 'ci/gate.json', line: 3 });
    expect(error.message).toContain('"ecee"');
    expect(error.hint).toMatch(/^Did you mean "ece"\?/);
    expect(error.format()).toMatch(/^ci\/gate\.json:3: unknown metric "ecee"/);
  });

  test('kebab-case and capitalised names suggest the snake_case name', () => {
    expect(errorOf(() => parseThresholdConfig('{"classwise-ece": {"max": 0.1}}', 'g.json')).hint).toContain('"classwise_ece"');
    expect(errorOf(() => parseThresholdConfig('{"NLL": {"max": 1}}', 'g.json')).hint).toContain('"nll"');
    // Nothing close: no guess, but the list of valid names.
    const far = errorOf(() => parseThresholdConfig('{"latency_ms": {"max": 5}}', 'g.json'));
    expect(far.hint).not.toContain('Did you mean');
    expect(far.hint).toContain('accuracy, mean_confidence');
  });

  test('an unknown bound is an error suggesting max or min', () => {
    const error = errorOf(() => parseThresholdConfig('{"ece": {"maximum": 0.05}}', 'g.json'));
    expect(error.kind).toBe('usage');
    expect(error.message).toBe('unknown bound "maximum" for "ece" in the thresholds file.');
    expect(error.hint).toMatch(/^Did you mean "max"\?/);
  });

  test.each([
    ['{"ece": {"max": "0.05"}}', 'ece.max must be a number, not the string "0.05".'],
    ['{"ece": {"max": null}}', 'ece.max must be a number, not null.'],
    ['{"ece": {"max": true}}', 'ece.max must be a number, not the boolean true.'],
    ['{"ece": {"max": [0.05]}}', 'ece.max must be a number, not an array.'],
    ['{"ece": 0.05}', '"ece" must map to an object of bounds, not the value 0.05.'],
    ['{"ece": {}}', '"ece" has no bound.'],
    ['[{"ece": {"max": 0.05}}]', 'the thresholds file must hold a JSON object, not an array.'],
    ['null', 'the thresholds file must hold a JSON object, not null.'],
  ])('%s is rejected: %s', (text, message) => {
    const error = errorOf(() => parseThresholdConfig(text, 'g.json'));
    expect(error.kind).toBe('usage');
    expect(error.message).toBe(message);
    expect(error.where?.file).toBe('g.json');
  });

  test('invalid JSON is a usage error pointing at the line', () => {
    const error = errorOf(() => parseThresholdConfig('{\n  "ece": {"max": 0.05},\n}\n', 'g.json'));
    expect(error.kind).toBe('usage');
    expect(error.message).toMatch(/^the thresholds file is not valid JSON/);
    expect(error.where).toEqual({ file: 'g.json', line: 3 });
  });
});
