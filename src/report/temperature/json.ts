import type { TemperatureDocument } from './document.js';

/** `calib temperature --format json`: one object, full double precision. */
export function renderTemperatureJson(doc: TemperatureDocument): string {
  return JSON.stringify(doc, null, 2) + '\n';
}
