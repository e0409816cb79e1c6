import type { ReportDocument } from './document.js';
import { renderJson } from '../json.js';

/** The JSON contract of `calib report --format json`: one object, full double precision, `schema_version` first. */
export function renderReportJson(doc: ReportDocument): string {
  return renderJson(doc);
}
