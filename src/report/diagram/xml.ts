/**
 * Escaping for text that goes into SVG or HTML. Both renderers build markup by hand, so every
 * piece of user text (titles, series names, table cells, config values) passes through here.
 */

// XML 1.0 forbids most C0 controls and unpaired surrogates even when escaped; a CSV header could
// contain either, so they become U+FFFD instead of making the whole file unreadable.
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
};

/**
 * Escape text for an XML/HTML text node or a quoted attribute value.
 * @example escapeXml('a < b & "c"') === 'a &lt; b &amp; &quot;c&quot;'
 */
export function escapeXml(text: string): string {
  return text.replace(INVALID_XML_CHARS, '\uFFFD').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
