/**
 * `calib temperature --group-by`: every group before and after scaling, as a terminal table,
 * Markdown or HTML tables, with the temperature each group was scaled by.
 */
import type { HtmlTable } from '../diagram/types.js';
import { markdownCell } from '../format.js';
import { groupName } from '../groups/document.js';
import { groupsHtmlTable, renderGroupsMarkdown, renderGroupsTable, whereSentence, type GroupOverall } from '../groups/render.js';
import type { TemperatureDocument } from './document.js';

const overall = (doc: TemperatureDocument, when: 'before' | 'after'): GroupOverall =>
  ({ rows: doc.evaluation_detail.rows, metrics: when === 'after' ? doc.groups?.overall_after ?? doc.after.metrics : doc.before.metrics });

/** `T per group (--fit-per-group): site=A 1.0210 (1,300 fit rows), site=D the global 1.1000 (12 fit rows: fewer than 30)`. */
export function temperaturesSentence(doc: TemperatureDocument): string {
  const g = doc.groups!;
  if (g.fit === 'global') return `Every group is scaled by the T fitted on all rows, ${doc.temperature.toFixed(4)} (--fit-per-group fits one per group).`;
  return `T per group (--fit-per-group, fitted on each group's rows of ${doc.fit.file}): ${g.temperatures.map((t) =>
    `${groupName(t.key)} ${t.temperature.toFixed(4)}${t.fit_rows === null ? ` (the global T: fewer than ${g.after.min_rows} fit rows)` : ''}`).join('; ')}.`;
}

export function renderTemperatureGroupsTable(doc: TemperatureDocument, colorLevel: 0 | 1 | 2 | 3): string {
  const g = doc.groups;
  if (!g) return '';
  const lines = ['', ...(doc.where ? [whereSentence(doc.where)] : []), temperaturesSentence(doc), '',
    `Before scaling: ${renderGroupsTable(g.before, overall(doc, 'before'), colorLevel)}`, '',
    `After scaling: ${renderGroupsTable(g.after, overall(doc, 'after'), colorLevel)}`];
  return lines.join('\n') + '\n';
}

export function renderTemperatureGroupsMarkdown(doc: TemperatureDocument): string {
  const g = doc.groups;
  if (!g) return '';
  return ['', ...(doc.where ? [markdownCell(whereSentence(doc.where)), ''] : []), markdownCell(temperaturesSentence(doc)), '',
    '#### Before scaling', '', renderGroupsMarkdown(g.before, overall(doc, 'before')), '',
    '#### After scaling', '', renderGroupsMarkdown(g.after, overall(doc, 'after'))].join('\n') + '\n';
}

export function temperatureGroupsHtmlTables(doc: TemperatureDocument): HtmlTable[] {
  const g = doc.groups;
  if (!g) return [];
  const before = groupsHtmlTable(g.before, overall(doc, 'before'));
  const after = groupsHtmlTable(g.after, overall(doc, 'after'));
  return [{ ...before, caption: `Before scaling. ${before.caption}` }, { ...after, caption: `After scaling. ${after.caption} ${temperaturesSentence(doc)}` }];
}
