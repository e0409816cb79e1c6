/**
 * JSON output of every command: one object, two-space indented, full double precision
 * (JSON.stringify writes the shortest text that reads back to the same double).
 * Infinite values have no JSON form; the documents use null for them instead.
 */
export function renderJson(document: object): string {
  return JSON.stringify(document, null, 2) + '\n';
}
