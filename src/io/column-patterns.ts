/**
 * Column selection by name, glob (`*` any run of characters, `?` one character) or position (`#1`
 * is the first column), as given to --label, --scores and --ignore. Names are matched exactly
 * (case-sensitive) against the trimmed header; a name that the header holds twice matches both.
 * Positions address columns whose header is empty or duplicated.
 */
export function isGlob(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** `#N`, N >= 1: the N-th column of the header. */
const POSITION = /^#(\d+)$/;

export function isPosition(pattern: string): boolean {
  return POSITION.test(pattern.trim());
}

export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (const ch of pattern) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

/** Indices (in header order) of the columns matched by `pattern`. */
export function matchColumns(pattern: string, header: readonly string[]): number[] {
  const position = POSITION.exec(pattern.trim());
  if (position !== null) {
    const i = Number(position[1]) - 1;
    // A header column literally named `#3` is matched by name first.
    if (header.includes(pattern)) return header.flatMap((name, j) => (name === pattern ? [j] : []));
    return i >= 0 && i < header.length ? [i] : [];
  }
  const matches: number[] = [];
  if (isGlob(pattern)) {
    const re = globToRegExp(pattern);
    header.forEach((name, i) => { if (re.test(name)) matches.push(i); });
  } else {
    header.forEach((name, i) => { if (name === pattern) matches.push(i); });
  }
  return matches;
}
