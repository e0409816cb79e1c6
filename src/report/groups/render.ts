/**
 * The per-group table in every text format: terminal table, Markdown, CSV and an HTML fragment.
 * JSON is the document itself (document.ts).
 */
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { count, csvField, fixed, markdownCell, percent, signed } from '../format.js';
import { PLAIN_TABLE } from '../report/table.js';
import { GROUP_METRICS, groupName, type GroupMetricName, type GroupsDocument } from './document.js';

const HEADS: Record<GroupMetricName, string> = {
  accuracy: 'accuracy', mean_confidence: 'confidence', overconfidence_gap: 'conf - acc', ece: 'ECE', nll: 'NLL',
};

const value = (metric: GroupMetricName, v: number): string => (metric === 'overconfidence_gap' ? signed(v) : fixed(v));

const withInterval = (doc: GroupsDocument, g: number, metric: GroupMetricName): string => {
  const group = doc.groups[g]!;
  const interval = group.intervals?.[metric];
  const text = value(metric, group.metrics[metric]);
  return interval ? `${text} [${value(metric, interval.lower)}, ${value(metric, interval.upper)}]` : text;
};

/** One sentence on the worst group and the spread, or why there is none. */
export function worstSentence(doc: GroupsDocument): string {
  const small = doc.ungated > 0 ? ` ${doc.ungated} group${doc.ungated === 1 ? ' has' : 's have'} fewer than ${doc.min_rows} rows: reported, not gated (--min-group-rows).` : '';
  if (doc.worst === null) return `No group has ${doc.min_rows} rows or more, so none is gated and none is the worst.${small}`;
  const metric = doc.worst_by === 'ece' ? 'ECE' : doc.worst_by;
  const spread = doc.spread === null ? '' : `; spread between groups ${fixed(doc.spread)}`;
  return `Worst group by ${metric}: ${groupName(doc.worst.key)} (${fixed(doc.worst.value)})${spread}.${small}`;
}

export function renderGroupsTable(doc: GroupsDocument, overall: Record<GroupMetricName, number> & { rows: number }, colorLevel: 0 | 1 | 2 | 3): string {
  const c = new Chalk({ level: colorLevel });
  const table = new Table({ ...PLAIN_TABLE, head: [...doc.by, 'rows', 'share', ...GROUP_METRICS.map((m) => HEADS[m])].map((h) => c.bold(h)) });
  doc.groups.forEach((group, g) => {
    const cells = [...doc.by.map((column) => group.key[column] ?? ''), count(group.rows), percent(group.share),
      ...GROUP_METRICS.map((m) => withInterval(doc, g, m))];
    const worst = doc.worst !== null && groupName(doc.worst.key) === groupName(group.key);
    table.push(cells.map((cell) => (group.gated ? (worst ? c.bold(cell) : cell) : c.dim(cell))));
  });
  table.push([...doc.by.map((_, i) => (i === 0 ? c.bold('all') : '')), count(overall.rows), percent(1),
    ...GROUP_METRICS.map((m) => value(m, overall[m]))]);
  return `${c.bold(`By ${doc.by.join(', ')}`)}\n${table.toString()}\n${c.dim(worstSentence(doc))}`;
}

export function renderGroupsMarkdown(doc: GroupsDocument, overall: Record<GroupMetricName, number> & { rows: number }): string {
  const head = [...doc.by, 'rows', 'share', ...GROUP_METRICS.map((m) => HEADS[m])];
  const lines = [`| ${head.map(markdownCell).join(' | ')} |`, `|${head.map((_, i) => (i < doc.by.length ? '---' : '---:')).join('|')}|`];
  doc.groups.forEach((group, g) => {
    const cells = [...doc.by.map((column) => group.key[column] ?? ''), count(group.rows), percent(group.share),
      ...GROUP_METRICS.map((m) => withInterval(doc, g, m))];
    const mark = group.gated ? (doc.worst !== null && groupName(doc.worst.key) === groupName(group.key) ? '**' : '') : '_';
    lines.push(`| ${cells.map((cell) => (mark ? `${mark}${markdownCell(cell)}${mark}` : markdownCell(cell))).join(' | ')} |`);
  });
  lines.push(`| ${[...doc.by.map((_, i) => (i === 0 ? '**all**' : '')), count(overall.rows), percent(1), ...GROUP_METRICS.map((m) => value(m, overall[m]))].join(' | ')} |`);
  return [`**By ${markdownCell(doc.by.join(', '))}**`, '', ...lines, '', markdownCell(worstSentence(doc))].join('\n');
}

/** One row per group (the overall row last, its key cells `all`), full precision. */
export function renderGroupsCsv(doc: GroupsDocument, overall: Record<GroupMetricName, number> & { rows: number }): string {
  const intervalColumns = doc.groups.some((g) => g.intervals) ? GROUP_METRICS.flatMap((m) => [`${m}_lower`, `${m}_upper`]) : [];
  const lines = [[...doc.by, 'rows', 'share', 'gated', 'worst', ...GROUP_METRICS, ...intervalColumns].map(csvField).join(',')];
  for (const group of doc.groups) {
    const worst = doc.worst !== null && groupName(doc.worst.key) === groupName(group.key);
    const intervals = intervalColumns.length > 0 ? GROUP_METRICS.flatMap((m) => [group.intervals?.[m]?.lower ?? null, group.intervals?.[m]?.upper ?? null]) : [];
    lines.push([...doc.by.map((column) => group.key[column] ?? ''), group.rows, group.share, String(group.gated), String(worst),
      ...GROUP_METRICS.map((m) => group.metrics[m]), ...intervals].map(csvField).join(','));
  }
  lines.push([...doc.by.map(() => 'all'), overall.rows, 1, '', '', ...GROUP_METRICS.map((m) => overall[m]), ...intervalColumns.map(() => null)].map(csvField).join(','));
  return lines.join('\n') + '\n';
}

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An HTML `<section>` with the per-group table (classes styled by the report's stylesheet). */
export function renderGroupsHtml(doc: GroupsDocument, overall: Record<GroupMetricName, number> & { rows: number }): string {
  const head = [...doc.by, 'rows', 'share', ...GROUP_METRICS.map((m) => HEADS[m])];
  const rows = doc.groups.map((group, g) => {
    const worst = doc.worst !== null && groupName(doc.worst.key) === groupName(group.key);
    const cls = !group.gated ? ' class="ungated"' : worst ? ' class="worst"' : '';
    const cells = [...doc.by.map((column) => group.key[column] ?? ''), count(group.rows), percent(group.share), ...GROUP_METRICS.map((m) => withInterval(doc, g, m))];
    return `<tr${cls}>${cells.map((cell, i) => `<td${i >= doc.by.length ? ' class="num"' : ''}>${escape(cell)}</td>`).join('')}</tr>`;
  });
  const all = [...doc.by.map((_, i) => (i === 0 ? 'all' : '')), count(overall.rows), percent(1), ...GROUP_METRICS.map((m) => value(m, overall[m]))];
  rows.push(`<tr class="overall">${all.map((cell, i) => `<td${i >= doc.by.length ? ' class="num"' : ''}>${escape(cell)}</td>`).join('')}</tr>`);
  return `<section class="groups"><h2>By ${escape(doc.by.join(', '))}</h2><table><thead><tr>${head.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table><p class="note">${escape(worstSentence(doc))}</p></section>`;
}
