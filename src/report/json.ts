import { messagesOf, type Warning } from '../core/warnings.js';

/**
 * The version of the JSON output contract (schemas/*.schema.json, CHANGELOG.md). A string,
 * "1", "2", ...: changing, removing or renaming a key bumps it; adding a key also changes the
 * schemas (they forbid unknown keys at the top level) and gets a line in CHANGELOG.md.
 */
export const SCHEMA_VERSION = '1';

/**
 * JSON output of every command: one object, two-space indented, full double precision
 * (JSON.stringify writes the shortest text that reads back to the same double), with
 * `schema_version` as its first key. Infinite values have no JSON form; the documents use
 * null for them instead.
 */
export function renderJson(document: object): string {
  return JSON.stringify({ schema_version: SCHEMA_VERSION, ...document }, null, 2) + '\n';
}

/**
 * The warnings of a document, in two keys: `warnings`, their sentences (as schema version 1 has
 * always had them), and `warning_records`, the same warnings in the same order as records with a
 * stable code and the data behind the sentence (docs/conventions.md, "Warnings").
 */
export interface DocumentWarnings {
  warnings: string[];
  warning_records: Warning[];
}

export function documentWarnings(list: readonly Warning[]): DocumentWarnings {
  return { warnings: messagesOf(list), warning_records: [...list] };
}
