/** Number formatting shared by the text renderers (JSON keeps full precision instead). */

/** Fixed decimals; null/undefined as an en dash; -0 as 0. */
export function fixed(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined) return '–';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : value < 0 ? '-inf' : 'nan';
  const text = value.toFixed(digits);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

/** Fixed decimals with an explicit sign, for gaps and deltas. */
export function signed(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined) return '–';
  const text = fixed(value, digits);
  return text.startsWith('-') || !Number.isFinite(value) ? text : `+${text}`;
}

export function percent(value: number, digits = 1): string {
  return `${(value * 100).toFixed(digits)}%`;
}

/**
 * Integer with thousands separators, for row counts: `count(1234567)` is `1,234,567`. Written out
 * rather than `toLocaleString('en-US')`, whose first call loads ICU data (~30 ms of a 100-row run).
 */
export function count(value: number): string {
  if (!Number.isSafeInteger(value)) return String(value);
  const digits = String(Math.abs(value));
  const head = digits.length % 3 || 3;
  let text = digits.slice(0, head);
  for (let i = head; i < digits.length; i += 3) text += `,${digits.slice(i, i + 3)}`;
  return value < 0 ? `-${text}` : text;
}

/** `(0.0667, 0.1333]` style interval text for a bin. */
export function binRange(lower: number, upper: number, edges: 'right' | 'left' | 'mass', last: boolean, digits = 2): string {
  const lo = lower.toFixed(digits);
  const hi = upper.toFixed(digits);
  if (edges === 'mass') return `[${lo}, ${hi}]`;
  if (edges === 'right') return lower === 0 ? `[${lo}, ${hi}]` : `(${lo}, ${hi}]`;
  return last ? `[${lo}, ${hi}]` : `[${lo}, ${hi})`;
}

/**
 * Labels of a whole bin list: `binRange` with the fewest decimals (2 to 8) that tell the bins
 * apart. Equal-mass bins crowd near 1 (`[0.99962, 0.99991]`), where two decimals would label
 * every one `[1.00, 1.00]`; a bin whose ends differ gets ends that read differently, and
 * neighbouring bins get different labels, unless the values themselves are equal.
 *
 * @example binRanges([{ lower: 0.9991, upper: 0.9995 }, { lower: 0.9995, upper: 1 }], 'mass')
 *   // ['[0.9991, 0.9995]', '[0.9995, 1.0000]']
 */
export function binRanges(bins: readonly { lower: number; upper: number }[], edges: 'right' | 'left' | 'mass'): string[] {
  const distinct = (digits: number): boolean => bins.every((bin, i) => {
    if (bin.lower !== bin.upper && bin.lower.toFixed(digits) === bin.upper.toFixed(digits)) return false;
    const prev = bins[i - 1];
    return !prev || (prev.lower === bin.lower && prev.upper === bin.upper)
      || prev.lower.toFixed(digits) !== bin.lower.toFixed(digits) || prev.upper.toFixed(digits) !== bin.upper.toFixed(digits);
  });
  let digits = 2;
  while (digits < 8 && !distinct(digits)) digits++;
  return bins.map((bin, i) => binRange(bin.lower, bin.upper, edges, i === bins.length - 1, digits));
}

/**
 * A file as a diagram or page title names it: its base name (`runs/2024-06/resnet50.csv` ->
 * `resnet50.csv`), `stdin` for `-`. The full path stays in the configuration and the JSON.
 */
export function displayFileName(file: string): string {
  if (file === '-') return 'stdin';
  const segments = file.split(/[\\/]+/).filter((s) => s !== '');
  return segments[segments.length - 1] ?? file;
}

/** CSV field: quoted when it holds a delimiter, quote or line break (RFC 4180). */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Escape for a Markdown table cell. */
export function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * Escape user text (a group's value, a column name) for a Markdown table cell outside a code
 * span: besides `|`, the characters that would make emphasis, code, links or HTML of it.
 * @example markdownText('*new*_site') === '\\*new\\*\\_site'
 */
export function markdownText(text: string): string {
  return markdownCell(text.replace(/[\\`*_[\]<>~]/g, (ch) => `\\${ch}`));
}

/** The columns' roles in one line, for config tables: `label: y; score: p_0, p_1; id: id`. */
export function columnRolesText(columns: readonly { readonly name: string; readonly position: number; readonly role: string }[]): string {
  const byRole = new Map<string, string[]>();
  for (const c of columns) {
    const list = byRole.get(c.role) ?? [];
    list.push(c.name === '' ? `#${c.position}` : c.name);
    byRole.set(c.role, list);
  }
  return [...byRole].map(([role, names]) => `${role}: ${names.length > 6 ? `${names.slice(0, 3).join(', ')}, ..., ${names[names.length - 1]!} (${names.length})` : names.join(', ')}`).join('; ');
}
