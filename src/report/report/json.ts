import type { ReportDocument } from './document.js';

/** The JSON contract of `calib report --format json`: one object, full double precision. */
export function renderReportJson(doc: ReportDocument): string {
  return JSON.stringify(doc, null, 2) + '\n';
}
