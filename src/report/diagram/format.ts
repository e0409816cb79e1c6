/** Number formatting shared by the diagram renderers, independent of the host's locale. */

/**
 * A metric value for a legend: four decimals, as in the tables.
 * @example formatMetric(0.04231) === '0.0423'
 */
export function formatMetric(value: number): string {
  return value.toFixed(4);
}

/**
 * A count with thousands separators, whatever the locale.
 * @example formatCount(1234567) === '1,234,567'
 */
export function formatCount(n: number): string {
  const digits = Math.round(Math.abs(n)).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? '-' + grouped : grouped;
}

/**
 * A short count for an axis tick: `950`, `12k`, `2.5k`, `1.2M`.
 * @example formatTickCount(2500) === '2.5k'
 */
export function formatTickCount(n: number): string {
  if (n < 10_000 && Number.isInteger(n)) return String(n);
  if (n < 1_000_000) return `${trim(n / 1000)}k`;
  return `${trim(n / 1_000_000)}M`;
}

function trim(x: number): string {
  return String(Number(x.toFixed(1)));
}

/** A probability tick label: `0`, `0.2`, ..., `1`, with one decimal as in most plotting tools. */
export function formatUnitTick(x: number): string {
  return x.toFixed(1);
}

/** An SVG coordinate: two decimals at most, no trailing zeros, never `-0`. */
export function coord(x: number): string {
  const s = String(Math.round(x * 100) / 100);
  return s === '-0' ? '0' : s;
}
