/**
 * The per-group table in every text format: terminal table, Markdown, CSV and an HTML fragment.
 * JSON is the document itself (document.ts).
 */
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { count, csvField, fixed, markdownCell, markdownText, percent, signed } from '../format.js';
import { PLAIN_TABLE, trimLines } from '../plain-table.js';
import type { HtmlTable } from '../diagram/types.js';
import type { Interval } from '../../stats/intervals.js';
import { GROUP_METRICS, groupName, groupValue, type GroupMetricName, type GroupsDocument } from './document.js';

/** The overall row beside the groups: every row's metrics (and their intervals with --bootstrap). */
export interface GroupOverall {
  readonly rows: number;
  readonly metrics: Readonly<Record<GroupMetricName, number>>;
  readonly intervals?: Readonly<Partial<Record<string, Interval>>>;
}

const HEADS: Record<GroupMetricName, string> = {
  accuracy: 'accuracy', mean_confidence: 'confidence', overconfidence_gap: 'conf - acc', ece: 'ECE', nll: 'NLL',
};

/** The sentence on what --where kept, e.g. `--where split=test keeps 600 of 3,000 rows.` */
export function whereSentence(where: { readonly expressions: readonly string[]; readonly rows_before: number; readonly rows_after: number }): string {
  return `${where.expressions.map((e) => `--where ${e}`).join(' and ')} keeps ${count(where.rows_after)} of ${count(where.rows_before)} rows; every number is of those rows.`;
}

const value = (metric: GroupMetricName, v: number): string => (metric === 'overconfidence_gap' ? signed(v) : fixed(v));

const cellOf = (metrics: Readonly<Record<GroupMetricName, number>>, intervals: Readonly<Partial<Record<string, Interval>>> | undefined, metric: GroupMetricName): string => {
  const interval = intervals?.[metric];
  const text = value(metric, metrics[metric]);
  return interval ? `${text} [${value(metric, interval.lower)}, ${value(metric, interval.upper)}]` : text;
};

const withInterval = (doc: GroupsDocument, g: number, metric: GroupMetricName): string =>
  cellOf(doc.groups[g]!.metrics, doc.groups[g]!.intervals, metric);

const overallCells = (doc: GroupsDocument, overall: GroupOverall): string[] =>
  [...doc.by.map((_, i) => (i === 0 ? 'all' : '')), count(overall.rows), percent(1), ...GROUP_METRICS.map((m) => cellOf(overall.metrics, overall.intervals, m))];

const isWorst = (doc: GroupsDocument, key: Record<string, string>): boolean => doc.worst !== null && groupName(doc.worst.key) === groupName(key);

/** One sentence on the worst group and the spread, or why there is none. */
export function worstSentence(doc: GroupsDocument, options: { readonly ungated?: boolean } = {}): string {
  const small = doc.ungated > 0 && options.ungated !== false ? ` ${doc.ungated} group${doc.ungated === 1 ? ' has' : 's have'} fewer than ${doc.min_rows} rows: reported, not gated (--min-group-rows).` : '';
  if (doc.worst === null) return `No group has ${doc.min_rows} rows or more, so none is gated and none is the worst.${small}`;
  const metric = doc.worst_by === 'ece' ? 'ECE' : doc.worst_by;
  const spread = doc.spread === null ? '' : `; spread between groups ${fixed(doc.spread)}`;
  return `Worst group by ${metric}: ${groupName(doc.worst.key)} (${fixed(doc.worst.value)})${spread}.${small}`;
}

export function renderGroupsTable(doc: GroupsDocument, overall: GroupOverall, colorLevel: 0 | 1 | 2 | 3): string {
  const c = new Chalk({ level: colorLevel });
  const table = new Table({ ...PLAIN_TABLE, head: [...doc.by, 'rows', 'share', ...GROUP_METRICS.map((m) => HEADS[m])].map((h) => c.bold(h)) });
  doc.groups.forEach((group, g) => {
    const cells = [...doc.by.map((column) => groupValue(group.key[column])), count(group.rows), percent(group.share),
      ...GROUP_METRICS.map((m) => withInterval(doc, g, m))];
    const worst = isWorst(doc, group.key);
    table.push(cells.map((cell) => (group.gated ? (worst ? c.bold(cell) : cell) : c.dim(cell))));
  });
  table.push(overallCells(doc, overall).map((cell, i) => (i === 0 ? c.bold(cell) : cell)));
  return trimLines(`${c.bold(`By ${doc.by.join(', ')}`)}\n${table.toString()}\n${c.dim(worstSentence(doc))}`);
}

export function renderGroupsMarkdown(doc: GroupsDocument, overall: GroupOverall): string {
  const head = [...doc.by, 'rows', 'share', ...GROUP_METRICS.map((m) => HEADS[m])];
  const lines = [`| ${head.map(markdownText).join(' | ')} |`, `|${head.map((_, i) => (i < doc.by.length ? '---' : '---:')).join('|')}|`];
  doc.groups.forEach((group, g) => {
    // The group's values are the user's text: escaped, so that a value like `*new*` is not emphasis.
    const cells = [...doc.by.map((column) => markdownText(groupValue(group.key[column]))), count(group.rows), percent(group.share),
      ...GROUP_METRICS.map((m) => markdownCell(withInterval(doc, g, m)))];
    const mark = group.gated ? (isWorst(doc, group.key) ? '**' : '') : '_';
    lines.push(`| ${cells.map((cell) => (mark ? `${mark}${cell}${mark}` : cell)).join(' | ')} |`);
  });
  lines.push(`| ${overallCells(doc, overall).map((cell, i) => (i === 0 ? `**${cell}**` : markdownCell(cell))).join(' | ')} |`);
  return [`**By ${markdownText(doc.by.join(', '))}**`, '', ...lines, '', markdownText(worstSentence(doc))].join('\n');
}

/** One row per group (the overall row last, its key cells `all`), full precision. */
export function renderGroupsCsv(doc: GroupsDocument, overall: GroupOverall): string {
  const intervalColumns = doc.groups.some((g) => g.intervals) ? GROUP_METRICS.flatMap((m) => [`${m}_lower`, `${m}_upper`]) : [];
  const lines = [[...doc.by, 'rows', 'share', 'gated', 'worst', ...GROUP_METRICS, ...intervalColumns].map(csvField).join(',')];
  for (const group of doc.groups) {
    const worst = isWorst(doc, group.key);
    const intervals = intervalColumns.length > 0 ? GROUP_METRICS.flatMap((m) => [group.intervals?.[m]?.lower ?? null, group.intervals?.[m]?.upper ?? null]) : [];
    lines.push([...doc.by.map((column) => group.key[column] ?? ''), group.rows, group.share, String(group.gated), String(worst),
      ...GROUP_METRICS.map((m) => group.metrics[m]), ...intervals].map(csvField).join(','));
  }
  const overallIntervals = intervalColumns.length > 0 ? GROUP_METRICS.flatMap((m) => [overall.intervals?.[m]?.lower ?? null, overall.intervals?.[m]?.upper ?? null]) : [];
  lines.push([...doc.by.map(() => 'all'), overall.rows, 1, '', '', ...GROUP_METRICS.map((m) => overall.metrics[m]), ...overallIntervals].map(csvField).join(','));
  return lines.join('\n') + '\n';
}

/** The per-group table in the HTML report's table shape (the overall row last). */
export function groupsHtmlTable(doc: GroupsDocument, overall: GroupOverall): HtmlTable {
  const rows = doc.groups.map((group, g) => {
    const mark = !group.gated ? ' (not gated)' : isWorst(doc, group.key) ? ' (worst)' : '';
    const cells = [...doc.by.map((column) => groupValue(group.key[column])), count(group.rows), percent(group.share), ...GROUP_METRICS.map((m) => withInterval(doc, g, m))];
    cells[doc.by.length - 1] = `${cells[doc.by.length - 1]}${mark}`;
    return cells;
  });
  rows.push(overallCells(doc, overall));
  return { caption: `By ${doc.by.join(', ')}: ${worstSentence(doc)}`, columns: [...doc.by, 'rows', 'share', ...GROUP_METRICS.map((m) => HEADS[m])], rows };
}
