/**
 * Column selection by name or glob (`*` any run of characters, `?` one character), as given to
 * --scores and --ignore. Names are matched exactly (case-sensitive) against the trimmed header.
 */
export function isGlob(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
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
  const matches: number[] = [];
  if (isGlob(pattern)) {
    const re = globToRegExp(pattern);
    header.forEach((name, i) => { if (re.test(name)) matches.push(i); });
  } else {
    const i = header.indexOf(pattern);
    if (i >= 0) matches.push(i);
  }
  return matches;
}
