import type { CheckReport } from '../../check/run-checks.js';
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
  const tests = report.checks.length;
  const failures = report.checks.filter((c) => !c.passed).length;
  const counts = `tests="${tests}" failures="${failures}" errors="0" skipped="0"`;
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
  for (const check of report.checks) {
    const name = escapeXml(`${check.metric} ${check.op} ${formatThreshold(check.threshold)}`);
    const open = `    <testcase name="${name}" classname="calib.check"`;
    if (check.passed) {
      lines.push(`${open}/>`);
      continue;
    }
    const message = checkSentence(check, report.failOn, confidence);
    lines.push(`${open}>`);
    lines.push(`      <failure message="${escapeXml(message)}" type="threshold">${escapeXml(`${message} (${info.file})`)}</failure>`);
    lines.push('    </testcase>');
  }
  // Warnings about the input (the probability floor's hits, ...) go where test reporters show a
  // suite's diagnostics: its standard error.
  const warnings = checkWarnings(info);
  if (warnings.length > 0) lines.push(`    <system-err>${warnings.map((w) => `warning: ${escapeXml(w)}`).join('\n')}</system-err>`);
  lines.push('  </testsuite>', '</testsuites>');
  return lines.join('\n') + '\n';
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
