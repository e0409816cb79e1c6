import { describeCompared, formatPercent } from '../../check/run-checks.js';
import type { CheckReport, CheckResult, FailOn } from '../../check/run-checks.js';
import { fixed } from '../format.js';
import { formatThreshold } from './format.js';

/**
 * One plain sentence per check, for annotations and JUnit messages.
 *
 * @example 'ece = 0.0812 is above the maximum 0.05' (failed, point);
 *   'ece: upper end of the 95% interval = 0.1020 (point estimate 0.0812) is within the maximum 0.12' (strict).
 */
export function checkSentence(check: CheckResult, failOn: FailOn, confidence?: number): string {
  const kind = check.op === '<=' ? 'maximum' : 'minimum';
  const verdict = check.passed ? 'is within the' : check.op === '<=' ? 'is above the' : 'is below the';
  const subject = failOn === 'point'
    ? `${check.metric} = ${fixed(check.value)}`
    : `${check.metric}: ${describeCompared(check, failOn, confidence)} = ${fixed(check.compared)} (point estimate ${fixed(check.value)})`;
  return `${subject} ${verdict} ${kind} ${formatThreshold(check.threshold)}`;
}

/** 'passed: all 3 checks' or 'FAILED: 1 of 3 checks'. */
export function verdictLine(report: CheckReport): string {
  // Every check counts: the overall ones, the groups' (--group-by) and the baseline's (--baseline).
  const flags = [...report.checks.map((c) => c.passed), ...(report.groups?.checks ?? []).map((c) => c.check.passed),
    ...(report.baseline?.report.checks ?? []).map((c) => c.passed)];
  const total = flags.length;
  const failed = flags.filter((p) => !p).length;
  const noun = total === 1 ? 'check' : 'checks';
  return report.passed ? `passed: ${total === 1 ? 'the' : `all ${total}`} ${noun}` : `FAILED: ${failed} of ${total} ${noun}`;
}

/** What was compared and the bootstrap behind it, or undefined for point estimates. */
export function comparedNote(failOn: FailOn, bootstrap?: { resamples: number; seed: number; confidence: number }): string | undefined {
  if (failOn === 'point') return undefined;
  const level = bootstrap ? `${formatPercent(bootstrap.confidence)} ` : '';
  const how = bootstrap ? ` (percentile bootstrap, ${bootstrap.resamples} resamples, seed ${bootstrap.seed})` : '';
  const ends = failOn === 'strict' ? 'the upper end for a maximum, the lower end for a minimum'
    : 'the lower end for a maximum, the upper end for a minimum';
  return `compared: the ${failOn} end of each ${level}interval${how}: ${ends}`;
}
