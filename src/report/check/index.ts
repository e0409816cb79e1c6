export { renderCheckGithub, renderCheckStepSummary, escapeData, escapeProperty } from './github.js';
export { renderCheckJson } from './json.js';
export { renderCheckJunit, escapeXml } from './junit.js';
export { renderCheckMarkdown } from './markdown.js';
export type { MarkdownOptions } from './markdown.js';
export { renderCheckTable } from './table.js';
export type { CheckTableOptions } from './table.js';
export type { CheckRenderInfo } from './types.js';
