/**
 * The parts of `calib check`'s output beyond the overall checks: the thresholds per group
 * (`--group-by`) and the change thresholds against a baseline (`--baseline`), as sentences and
 * JSON, shared by every format.
 */
import type { ChangeResult } from '../../check/change-thresholds.js';
import type { GroupCheckResult } from '../../check/group-checks.js';
import { comparedEnd, describeCompared, type CheckReport, type CheckResult, type FailOn } from '../../check/run-checks.js';
import { fixed, signed } from '../format.js';
import { groupName } from '../groups/document.js';
import { formatInterval, formatThreshold } from './format.js';
import { checkSentence } from './sentence.js';

/** `site=C: ece = 0.2243 is above the maximum 0.05`. */
export function groupCheckSentence(entry: GroupCheckResult, failOn: FailOn, confidence?: number): string {
  return `${groupName(entry.key)} (${entry.rows} rows): ${checkSentence(entry.check, failOn, confidence)}`;
}

/** A change threshold as the user wrote it, with its sign: `+0.01`, `-0.005`. */
const signedThreshold = (x: number): string => `${x > 0 ? '+' : ''}${formatThreshold(x)}`;

/** The bound on a change as given: `+0.01`, `10% of the baseline's 0.0488`. */
export function changeBound(change: ChangeResult): string {
  return change.relative ? `${formatThreshold(Number((change.threshold * 100).toPrecision(12)))}% of the baseline's ${fixed(Math.abs(change.base))} (${signed(change.allowed)})`
    : signedThreshold(change.threshold);
}

/**
 * `ece: 0.0488 -> 0.0526, change +0.0038 is within the allowed increase +0.01`, or with
 * intervals `... change +0.0038, upper end of the 95% interval +0.0102, is above ...`.
 */
export function changeSentence(change: ChangeResult, failOn: FailOn, confidence?: number): string {
  const kind = change.op === '<=' ? 'allowed increase' : 'allowed change';
  const verdict = change.passed ? 'is within the' : change.op === '<=' ? 'is above the' : 'is below the';
  const compared = failOn === 'point' || change.interval === undefined ? ''
    : `, ${describeCompared(change, failOn, confidence)} ${signed(change.compared)},`;
  return `${change.metric}: baseline ${fixed(change.base)} -> candidate ${fixed(change.candidate)}, change ${signed(change.delta)}${compared} ${verdict} ${kind} ${changeBound(change)}`;
}

/** A change threshold's name as a test case: `ece change <= +0.01`. */
export function changeName(change: ChangeResult): string {
  return `${change.metric} change ${change.op} ${change.relative ? `${formatThreshold(Number((change.threshold * 100).toPrecision(12)))}%` : signedThreshold(change.threshold)}`;
}

/** `12 rows of site=D are under --min-group-rows 30: reported, not gated.` or undefined. */
export function ungatedSentence(report: CheckReport): string | undefined {
  const groups = report.groups;
  if (!groups || groups.ungated.length === 0) return undefined;
  const list = groups.ungated.map((g) => `${groupName(g.key)} (${g.rows} rows)`).join(', ');
  return `${groups.ungated.length === 1 ? 'group' : 'groups'} ${list} ${groups.ungated.length === 1 ? 'has' : 'have'} fewer than ${groups.minRows} rows: reported, not gated (--min-group-rows).`;
}

/** What the group gate did, in one sentence. */
export function groupGateSentence(report: CheckReport): string | undefined {
  const groups = report.groups;
  if (!groups) return undefined;
  return groups.mode === 'per-group' ? `every threshold on every group of at least ${groups.minRows} rows (--per-group)`
    : `every threshold on the group where it is worst, among groups of at least ${groups.minRows} rows (--worst-group)`;
}

/** One check's JSON: the keys of `checks[]` in the check schema. */
export function checkResultJson(c: CheckResult, failOn: FailOn): Record<string, unknown> {
  return {
    metric: c.metric,
    value: c.value,
    threshold: c.threshold,
    op: c.op,
    passed: c.passed,
    interval: c.interval ? { lower: c.interval.lower, upper: c.interval.upper } : null,
    compared: c.compared,
    compared_end: comparedEnd(c.op, failOn),
    source: c.source,
  };
}

/** The JSON of the group checks and the baseline (keys as the check schema says). */
export function extraJson(report: CheckReport): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (report.groups) {
    const g = report.groups;
    out.group_checks = {
      mode: g.mode,
      min_rows: g.minRows,
      passed: g.passed,
      checks: g.checks.map((entry) => ({
        group: entry.key,
        rows: entry.rows,
        ...checkResultJson(entry.check, report.failOn),
      })),
      ungated: g.ungated.map((u) => ({ group: u.key, rows: u.rows })),
    };
  }
  if (report.baseline) {
    const b = report.baseline;
    out.baseline = {
      file: b.file,
      format: b.format,
      rows: b.rows,
      paired: b.paired,
      pairing_reason: b.pairingReason,
      pairing_by_id: b.idPairing ? { ...b.idPairing, dropped: [...b.idPairing.dropped] } : null,
      passed: b.report.passed,
      checks: b.report.checks.map((c) => ({
        metric: c.metric,
        base: c.base,
        candidate: c.candidate,
        delta: c.delta,
        threshold: c.threshold,
        relative: c.relative,
        allowed: c.allowed,
        op: c.op,
        passed: c.passed,
        interval: c.interval ? { lower: c.interval.lower, upper: c.interval.upper } : null,
        compared: c.compared,
        compared_end: comparedEnd(c.op, report.failOn),
        source: c.source,
      })),
    };
  }
  return out;
}

/** Rows of the baseline table: metric, baseline, candidate, change, interval, allowed, result. */
export function changeRows(report: CheckReport, result: (passed: boolean) => string): string[][] {
  return (report.baseline?.report.checks ?? []).map((c) => [
    c.metric, fixed(c.base), fixed(c.candidate), signed(c.delta), c.interval ? formatInterval(c.interval, signed) : '',
    `${c.op} ${c.relative ? `${formatThreshold(Number((c.threshold * 100).toPrecision(12)))}% (${signed(c.allowed)})` : signed(c.allowed)}`, result(c.passed),
  ]);
}

/** Whether the change checks carry intervals (a bootstrap ran). */
export function withChangeIntervals(report: CheckReport): boolean {
  return (report.baseline?.report.checks ?? []).some((c) => c.interval !== undefined);
}

/** `rows paired by id column "id" (--id): 600 ids in both files`. */
export function idPairingSentence(p: NonNullable<NonNullable<CheckReport['baseline']>['idPairing']>): string {
  const dropped = p.dropped.some((d) => d > 0) ? `; --pair inner dropped ${p.dropped[0]} baseline and ${p.dropped[1]} candidate rows whose id is not in both` : '';
  return `rows paired by id column ${JSON.stringify(p.column)} (${p.found === 'flag' ? '--id' : 'named like an id in both files'}): ${p.matched} ids in both files${dropped}.`;
}
