import type { CheckReport, CheckResult } from '../../check/run-checks.js';
import { groupName } from '../groups/document.js';
import { changeName, changeSentence, groupCheckSentence } from './extra.js';
import { checkSentence } from './sentence.js';
import { formatThreshold } from './format.js';
import { checkWarnings, type CheckRenderInfo } from './types.js';

/**
 * JUnit XML for CI test reporters (Jenkins, GitLab, Azure, the GitHub test-report actions): one
 * `<testsuite name="calib check">` inside `<testsuites>`, one `<testcase>` per check named like
 * `ece <= 0.05`, and a `<failure>` for each failed check. Counts are in `tests` and `failures`.
 * The input's warnings, if any, are the suite's `<system-err>`, one `warning: ...` line each.
 */
export function renderCheckJunit(report: CheckReport, info: CheckRenderInfo): string {
  const confidence = info.bootstrap?.confidence;
  const cases = junitCases(report, confidence);
  const tests = cases.length;
  const failures = cases.filter((c) => c.failure !== undefined).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  const counts = `tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="calib" ${counts}>`,
    `  <testsuite name="calib check" ${counts}>`,
    '    <properties>',
    `      <property name="file" value="${escapeXml(info.file)}"/>`,
    ...(info.thresholdsFile ? [`      <property name="thresholds_file" value="${escapeXml(info.thresholdsFile)}"/>`] : []),
    `      <property name="fail_on" value="${report.failOn}"/>`,
    ...(info.bootstrap ? [
      `      <property name="bootstrap_resamples" value="${info.bootstrap.resamples}"/>`,
      `      <property name="bootstrap_seed" value="${info.bootstrap.seed}"/>`,
      `      <property name="bootstrap_confidence" value="${info.bootstrap.confidence}"/>`,
    ] : []),
    '    </properties>',
  ];
  for (const c of cases) {
    const open = `    <testcase name="${escapeXml(c.name)}" classname="${escapeXml(c.classname)}"`;
    if (c.failure === undefined && c.skipped === undefined) {
      lines.push(`${open}/>`);
      continue;
    }
    lines.push(`${open}>`);
    if (c.failure !== undefined) {
      lines.push(`      <failure message="${escapeXml(c.failure)}" type="${c.type}">${escapeXml(`${c.failure} (${info.file})`)}</failure>`);
    } else {
      lines.push(`      <skipped message="${escapeXml(c.skipped!)}"/>`);
    }
    lines.push('    </testcase>');
  }
  // Warnings about the input (the probability floor's hits, ...) go where test reporters show a
  // suite's diagnostics: its standard error.
  const warnings = checkWarnings(info);
  if (warnings.length > 0) lines.push(`    <system-err>${warnings.map((w) => `warning: ${escapeXml(w)}`).join('\n')}</system-err>`);
  lines.push('  </testsuite>', '</testsuites>');
  return lines.join('\n') + '\n';
}

interface JunitCase {
  readonly name: string;
  readonly classname: string;
  readonly failure?: string;
  readonly type?: 'threshold' | 'change';
  readonly skipped?: string;
}

/**
 * One test case per check: the overall ones (`calib.check`), one per group and threshold
 * (`calib.check.group`, named `ece <= 0.05 [site=C]`; a group under --min-group-rows is a skipped
 * case per threshold), and one per change threshold (`calib.check.baseline`).
 */
function junitCases(report: CheckReport, confidence: number | undefined): JunitCase[] {
  const name = (check: CheckResult): string => `${check.metric} ${check.op} ${formatThreshold(check.threshold)}`;
  const out: JunitCase[] = report.checks.map((check) => ({
    name: name(check), classname: 'calib.check',
    ...(check.passed ? {} : { failure: checkSentence(check, report.failOn, confidence), type: 'threshold' as const }),
  }));
  for (const entry of report.groups?.checks ?? []) {
    out.push({
      name: `${name(entry.check)} [${groupName(entry.key)}]`, classname: 'calib.check.group',
      ...(entry.check.passed ? {} : { failure: groupCheckSentence(entry, report.failOn, confidence), type: 'threshold' as const }),
    });
  }
  const thresholds = report.checks.length > 0 ? report.checks : uniqueChecks(report);
  for (const group of report.groups?.ungated ?? []) {
    for (const check of thresholds) {
      out.push({
        name: `${name(check)} [${groupName(group.key)}]`, classname: 'calib.check.group',
        skipped: `${group.rows} rows, fewer than --min-group-rows ${report.groups!.minRows}: reported, not gated`,
      });
    }
  }
  for (const change of report.baseline?.report.checks ?? []) {
    out.push({
      name: changeName(change), classname: 'calib.check.baseline',
      ...(change.passed ? {} : { failure: `${changeSentence(change, report.failOn, confidence)} (baseline ${report.baseline!.file})`, type: 'change' as const }),
    });
  }
  return out;
}

function uniqueChecks(report: CheckReport): CheckResult[] {
  const seen = new Set<string>();
  return (report.groups?.checks ?? []).map((c) => c.check).filter((c) => {
    const key = `${c.metric}${c.op}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Escapes text for XML 1.0 attribute values and character data: the five predefined entities,
 * line breaks and tabs as character references (so attribute values keep them), and characters
 * XML 1.0 cannot carry at all (other C0 controls, lone surrogates, U+FFFE/U+FFFF) replaced by U+FFFD.
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    .replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
