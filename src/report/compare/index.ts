export { COMPARE_CSV_COLUMNS, renderCompareCsv } from './csv.js';
export { compareJsonDocument, renderCompareJson } from './json.js';
export { renderCompareMarkdown } from './markdown.js';
export type { CompareMarkdownOptions } from './markdown.js';
export { compareHtml } from './html.js';
export { BEST_MARKER, SIGNIFICANT_MARKER, renderCompareTable } from './table.js';
export type { CompareTableOptions } from './table.js';
