/**
 * The thresholds file of `calib check`: a JSON object from metric name to bounds,
 *
 *   { "ece": { "max": 0.05 }, "accuracy": { "min": 0.9 }, "overconfidence_gap": { "min": -0.02, "max": 0.02 } }
 *
 * Metric names are those of `calib report --format json` (plus `abs_gap`). Anything not
 * understood is an error naming the file, the key and the closest valid name: a misspelt key
 * silently ignored would turn the gate off.
 */
import { CalibError } from '../core/errors.js';
import { closestName } from './closest.js';
import { CHECK_METRIC_NAMES, isCheckMetricName } from './metrics.js';
import { sortThresholds } from './thresholds.js';
import type { Bound, Threshold } from './thresholds.js';

const BOUNDS: readonly Bound[] = ['max', 'min'];
const EXAMPLE = '{"ece": {"max": 0.05}, "accuracy": {"min": 0.9}}';

/**
 * Parses the text of a thresholds file. `file` is the path as the user gave it, for messages.
 * Throws CalibError('usage') on invalid JSON, a non-object, an unknown metric or bound, a
 * non-numeric bound, or a metric with no bound.
 */
export function parseThresholdConfig(text: string, file: string): Threshold[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CalibError('usage', `the thresholds file is not valid JSON (${reason}).`,
      { file, line: jsonErrorLine(text, reason) }, `Write it as a JSON object, e.g. ${EXAMPLE}.`);
  }
  if (!isPlainObject(parsed)) {
    throw new CalibError('usage', `the thresholds file must hold a JSON object, not ${describe(parsed)}.`, { file },
      `Write it as a JSON object, e.g. ${EXAMPLE}.`);
  }
  const thresholds: Threshold[] = [];
  for (const [metric, bounds] of Object.entries(parsed)) {
    const where = { file, line: keyLine(text, metric) };
    if (!isCheckMetricName(metric)) {
      const guess = closestName(metric, CHECK_METRIC_NAMES);
      throw new CalibError('usage', `unknown metric ${JSON.stringify(metric)} in the thresholds file.`, where,
        `${guess ? `Did you mean ${JSON.stringify(guess)}? ` : ''}Valid names: ${CHECK_METRIC_NAMES.join(', ')}.`);
    }
    if (!isPlainObject(bounds)) {
      throw new CalibError('usage', `${JSON.stringify(metric)} must map to an object of bounds, not ${describe(bounds)}.`, where,
        `Write e.g. ${JSON.stringify({ [metric]: { max: 0.05 } })}.`);
    }
    const entries = Object.entries(bounds);
    if (entries.length === 0) {
      throw new CalibError('usage', `${JSON.stringify(metric)} has no bound.`, where, 'Give "max", "min" or both, or remove the key.');
    }
    for (const [bound, value] of entries) {
      if (!(BOUNDS as readonly string[]).includes(bound)) {
        const guess = closestName(bound, BOUNDS);
        throw new CalibError('usage', `unknown bound ${JSON.stringify(bound)} for ${JSON.stringify(metric)} in the thresholds file.`,
          { file, line: keyLine(text, bound) },
          `${guess ? `Did you mean ${JSON.stringify(guess)}? ` : ''}A bound is "max" (value <= bound) or "min" (value >= bound).`);
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new CalibError('usage', `${metric}.${bound} must be a number, not ${describe(value)}.`,
          { file, line: keyLine(text, bound) }, `Write the bound as a plain JSON number, e.g. {"${metric}": {"${bound}": 0.05}}.`);
      }
      thresholds.push({ metric, bound: bound as Bound, value, source: 'config' });
    }
  }
  return sortThresholds(thresholds);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 20 ? value.slice(0, 17) + '...' : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value === 'boolean' ? 'the boolean' : 'the value'} ${String(value)}`;
}

/** The 1-based line of the first `"key"` in the text, so the message points at it. */
function keyLine(text: string, key: string): number | undefined {
  const at = text.indexOf(JSON.stringify(key));
  return at < 0 ? undefined : lineOf(text, at);
}

/** V8's JSON messages end with "at position N" (and in newer versions "(line L column C)"). */
function jsonErrorLine(text: string, message: string): number | undefined {
  const line = /line (\d+)/.exec(message);
  if (line) return Number(line[1]);
  const position = /position (\d+)/.exec(message);
  return position ? lineOf(text, Number(position[1])) : undefined;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
