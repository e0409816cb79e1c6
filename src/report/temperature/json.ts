import type { TemperatureDocument } from './document.js';
import { renderJson } from '../json.js';

/** `calib temperature --format json`: one object, full double precision, `schema_version` first. */
export function renderTemperatureJson(doc: TemperatureDocument): string {
  return renderJson(doc);
}
