import type { CheckReport } from '../../check/run-checks.js';
import { renderCheckMarkdown } from './markdown.js';
import { groupName } from '../groups/document.js';
import { changeSentence, groupCheckSentence, ungatedSentence } from './extra.js';
import { checkSentence } from './sentence.js';
import { checkWarnings, type CheckRenderInfo } from './types.js';

/**
 * GitHub Actions workflow commands: `::error title=calib check::...` for each failed check and
 * `::notice title=calib check::...` for each passed one, after a `::warning` for each of the
 * input's warnings, so failures show as annotations on the run. Messages and properties are escaped as the runner expects (actions/toolkit, `command.ts`):
 * in messages `%`, CR and LF; in properties also `:` and `,`.
 */
export function renderCheckGithub(report: CheckReport, info: CheckRenderInfo): string {
  const confidence = info.bootstrap?.confidence;
  const title = escapeProperty('calib check');
  const warnings = checkWarnings(info).map((w) => `::warning title=${title}::${escapeData(`${w} (${info.file})`)}`);
  const lines = report.checks.map((check) => {
    const command = check.passed ? 'notice' : 'error';
    const message = `${checkSentence(check, report.failOn, confidence)} (${info.file})`;
    return `::${command} title=${title}::${escapeData(message)}`;
  });
  // One annotation per failing group (titled with the group), a notice for the groups not gated.
  for (const entry of report.groups?.checks ?? []) {
    if (entry.check.passed) continue;
    lines.push(`::error title=${escapeProperty(`calib check: ${groupName(entry.key)}`)}::${escapeData(`${groupCheckSentence(entry, report.failOn, confidence)} (${info.file})`)}`);
  }
  const passedGroups = (report.groups?.checks ?? []).filter((c) => c.check.passed).length;
  if (passedGroups > 0) lines.push(`::notice title=${title}::${escapeData(`${passedGroups} group check${passedGroups === 1 ? '' : 's'} passed (${info.file})`)}`);
  const small = ungatedSentence(report);
  if (small) lines.push(`::notice title=${title}::${escapeData(`${small.replace(/\.$/, '')} (${info.file})`)}`);
  for (const change of report.baseline?.report.checks ?? []) {
    const message = `${changeSentence(change, report.failOn, confidence)} (${info.file} against ${report.baseline!.file})`;
    lines.push(`::${change.passed ? 'notice' : 'error'} title=${escapeProperty('calib check: baseline')}::${escapeData(message)}`);
  }
  return [...warnings, ...lines].join('\n') + '\n';
}

/** The Markdown to append to `$GITHUB_STEP_SUMMARY`: a verdict heading, then the Markdown report. */
export function renderCheckStepSummary(report: CheckReport, info: CheckRenderInfo): string {
  return renderCheckMarkdown(report, info, { heading: true });
}

/** Workflow-command message escaping: `%` first, then CR and LF. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow-command property escaping: as for messages, plus `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
