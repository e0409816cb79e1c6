/**
 * The thresholds file of `calib check`: a JSON object from metric name to bounds,
 *
 *   { "ece": { "max": 0.05 }, "accuracy": { "min": 0.9 }, "overconfidence_gap": { "min": -0.02, "max": 0.02 } }
 *
 * Metric names are those of `calib report --format json` (plus `abs_gap`). A metric with a
 * change flag may also have its change threshold for `--baseline` (`"ece": {"max_increase":
 * 0.01}` or `"10%"`; `"accuracy": {"min_change": -0.005}`). The slicing settings have keys of
 * their own: `"group_by": "site"` (or a list), `"where": "split=test"` (or a list),
 * `"min_group_rows": 30` and `"group_gate": "per-group"` or `"worst-group"`. Anything not
 * understood is an error naming the file, the key and the closest valid name: a misspelt key
 * silently ignored would turn the gate off.
 */
import { CalibError } from '../core/errors.js';
import { CHANGE_FLAGS, parseChangeValue, type ChangeThreshold } from './change-thresholds.js';
import type { GroupGate } from './group-checks.js';
import { closestName } from './closest.js';
import { CHECK_METRIC_NAMES, isCheckMetricName } from './metrics.js';
import { sortThresholds, thresholdRangeError } from './thresholds.js';
import type { Bound, Threshold } from './thresholds.js';

const BOUNDS: readonly Bound[] = ['max', 'min'];
const EXAMPLE = '{"ece": {"max": 0.05}, "accuracy": {"min": 0.9}}';

/**
 * Parses the text of a thresholds file. `file` is the path as the user gave it, for messages.
 * Throws CalibError('usage') on invalid JSON, a key given twice in one object (JSON.parse would
 * keep the last silently), a non-object, an unknown metric or bound, a non-numeric bound, a
 * bound outside the metric's range, or a metric with no bound.
 */
export function parseThresholdConfig(text: string, file: string): Threshold[] {
  return parseCheckConfig(text, file).thresholds;
}

/** The slicing settings of a thresholds file (flags override each). */
export interface ConfigSettings {
  readonly groupBy?: string[];
  readonly where?: string[];
  readonly minGroupRows?: number;
  readonly groupGate?: GroupGate;
}

export interface CheckConfig {
  readonly thresholds: Threshold[];
  readonly changes: ChangeThreshold[];
  readonly settings: ConfigSettings;
}

const SETTING_KEYS = ['group_by', 'where', 'min_group_rows', 'group_gate'] as const;

/** The change key of a metric's bounds in the file (`max_increase` or `min_change`), if it has one. */
function changeKey(metric: string): { key: string; spec: (typeof CHANGE_FLAGS)[number] } | undefined {
  const spec = CHANGE_FLAGS.find((f) => f.metric === metric);
  return spec && { key: spec.bound === 'max' ? 'max_increase' : 'min_change', spec };
}

/** Parses a thresholds file: absolute thresholds, change thresholds and the slicing settings. */
export function parseCheckConfig(text: string, file: string): CheckConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CalibError('usage', `the thresholds file is not valid JSON (${reason}).`,
      { file, line: jsonErrorLine(text, reason) }, `Write it as a JSON object, e.g. ${EXAMPLE}.`);
  }
  const twice = duplicateKey(text);
  if (twice) {
    const inside = twice.parent === undefined ? 'the thresholds file' : JSON.stringify(twice.parent);
    throw new CalibError('usage', `${inside} gives ${JSON.stringify(twice.key)} twice (lines ${twice.first} and ${twice.second}); only one of them would count.`,
      { file, line: twice.second }, twice.parent === undefined
        ? `Keep one ${JSON.stringify(twice.key)} and put all its bounds in it, e.g. {"${twice.key}": {"min": 0.01, "max": 0.05}}.`
        : `Remove one of the two ${JSON.stringify(twice.key)} bounds.`);
  }
  if (!isPlainObject(parsed)) {
    throw new CalibError('usage', `the thresholds file must hold a JSON object, not ${describe(parsed)}.`, { file },
      `Write it as a JSON object, e.g. ${EXAMPLE}.`);
  }
  const thresholds: Threshold[] = [];
  const changes: ChangeThreshold[] = [];
  const settings: { groupBy?: string[]; where?: string[]; minGroupRows?: number; groupGate?: GroupGate } = {};
  for (const [metric, bounds] of Object.entries(parsed)) {
    const where = { file, line: keyLine(text, metric) };
    if ((SETTING_KEYS as readonly string[]).includes(metric)) {
      readSetting(metric as (typeof SETTING_KEYS)[number], bounds, where, settings);
      continue;
    }
    if (!isCheckMetricName(metric)) {
      const guess = closestName(metric, CHECK_METRIC_NAMES);
      throw new CalibError('usage', `unknown metric ${JSON.stringify(metric)} in the thresholds file.`, where,
        `${guess ? `Did you mean ${JSON.stringify(guess)}? ` : ''}Valid names: ${CHECK_METRIC_NAMES.join(', ')} (and the settings ${SETTING_KEYS.join(', ')}).`);
    }
    if (!isPlainObject(bounds)) {
      throw new CalibError('usage', `${JSON.stringify(metric)} must map to an object of bounds, not ${describe(bounds)}.`, where,
        `Write e.g. ${JSON.stringify({ [metric]: { max: 0.05 } })}.`);
    }
    const entries = Object.entries(bounds);
    if (entries.length === 0) {
      throw new CalibError('usage', `${JSON.stringify(metric)} has no bound.`, where, 'Give "max", "min" or both, or remove the key.');
    }
    const change = changeKey(metric);
    for (const [bound, value] of entries) {
      if (change && bound === change.key) {
        if (typeof value !== 'number' && typeof value !== 'string') {
          throw new CalibError('usage', `${metric}.${bound} must be a number or a percentage such as "10%", not ${describe(value)}.`,
            { file, line: keyLine(text, bound) }, `Write e.g. {"${metric}": {"${bound}": ${change.spec.bound === 'max' ? '0.01' : '-0.005'}}}.`);
        }
        let parsedChange;
        try {
          parsedChange = parseChangeValue(`${metric}.${bound}`, String(value));
        } catch (error) {
          throw error instanceof CalibError ? new CalibError('usage', error.message, { file, line: keyLine(text, bound) }, error.hint) : error;
        }
        changes.push({ metric: change.spec.metric, bound: change.spec.bound, ...parsedChange, source: 'config' });
        continue;
      }
      if (!(BOUNDS as readonly string[]).includes(bound)) {
        const guess = closestName(bound, BOUNDS);
        throw new CalibError('usage', `unknown bound ${JSON.stringify(bound)} for ${JSON.stringify(metric)} in the thresholds file.`,
          { file, line: keyLine(text, bound) },
          `${guess ? `Did you mean ${JSON.stringify(guess)}? ` : ''}A bound is "max" (value <= bound) or "min" (value >= bound)${change ? `, or "${change.key}" (the change from --baseline)` : ''}.`);
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new CalibError('usage', `${metric}.${bound} must be a number, not ${describe(value)}.`,
          { file, line: keyLine(text, bound) }, `Write the bound as a plain JSON number, e.g. {"${metric}": {"${bound}": 0.05}}.`);
      }
      const outside = thresholdRangeError(metric, bound as Bound, value, `${metric}.${bound}`);
      if (outside) throw new CalibError('usage', outside.message, { file, line: keyLine(text, bound) }, outside.hint);
      thresholds.push({ metric, bound: bound as Bound, value, source: 'config' });
    }
  }
  return { thresholds: sortThresholds(thresholds), changes, settings };
}

function readSetting(key: (typeof SETTING_KEYS)[number], value: unknown, where: { file: string; line: number | undefined },
  settings: { groupBy?: string[]; where?: string[]; minGroupRows?: number; groupGate?: GroupGate }): void {
  const bad = (expected: string, example: string): CalibError =>
    new CalibError('usage', `${JSON.stringify(key)} must be ${expected}, not ${describe(value)}.`, where, `Write e.g. ${example}.`);
  const strings = (example: string): string[] => {
    const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
    if (list === undefined || list.length === 0 || list.some((v) => typeof v !== 'string' || v.trim() === '')) throw bad('a string or a list of strings', example);
    return (list as string[]).map((v) => v.trim());
  };
  switch (key) {
    case 'group_by': settings.groupBy = strings('{"group_by": ["site", "lang"]}'); break;
    case 'where': settings.where = strings('{"where": "split=test"}'); break;
    case 'min_group_rows':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw bad('a whole number of rows of at least 1', '{"min_group_rows": 30}');
      settings.minGroupRows = value;
      break;
    case 'group_gate':
      if (value !== 'per-group' && value !== 'worst-group') throw bad('"per-group" or "worst-group"', '{"group_gate": "worst-group"}');
      settings.groupGate = value;
      break;
  }
}

/**
 * The first key that an object of the (valid JSON) text gives twice, with the lines of both and
 * the key of the object it is in (undefined at the top level).
 */
export function duplicateKey(text: string): { key: string; parent: string | undefined; first: number; second: number } | undefined {
  interface Level { readonly keys: Map<string, number> | undefined; readonly name: string | undefined; expectKey: boolean; lastKey?: string }
  const stack: Level[] = [];
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const top = stack[stack.length - 1];
    if (c === 10) {
      line++;
    } else if (c === 34) { // a string: a key when an object expects one
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 ? 2 : 1;
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        const first = top.keys.get(key);
        if (first !== undefined) return { key, parent: top.name, first, second: line };
        top.keys.set(key, line);
        top.lastKey = key;
        top.expectKey = false;
      }
      i = j;
    } else if (c === 123 || c === 91) { // { or [
      stack.push({ keys: c === 123 ? new Map() : undefined, name: top?.keys ? top.lastKey : top?.name, expectKey: c === 123 });
    } else if (c === 125 || c === 93) {
      stack.pop();
    } else if (c === 44 && top?.keys) {
      top.expectKey = true;
    }
  }
  return undefined;
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
