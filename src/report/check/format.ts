/**
 * Text helpers of the check and compare renderers, on top of the shared ../format.ts: threshold
 * and interval text and Markdown escaping for names that come from the user (file names).
 */
import { fixed } from '../format.js';

/** A threshold as the user wrote it (shortest round-trip form): 0.05 stays '0.05'. */
export function formatThreshold(x: number): string {
  return String(x);
}

/** '[0.0210, 0.0410]'; pass `signed` from ../format.js for differences. */
export function formatInterval(interval: { lower: number; upper: number }, format: (x: number) => string = fixed): string {
  return `[${format(interval.lower)}, ${format(interval.upper)}]`;
}

/**
 * Escapes text for inside a Markdown paragraph or table cell (GitHub-flavoured): inline markup,
 * link brackets, HTML angle brackets and pipes. Line-start markup (#, +, 1.) is left alone
 * because this text never starts a line.
 *
 * @example escapeMarkdown('runs/a_b|c.csv') = 'runs/a\\_b\\|c.csv'
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>|~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}
