/**
 * "Did you mean ...?" for misspelt names: the candidate at the smallest edit distance
 * (Levenshtein 1966), compared case-insensitively with `-` and `_` treated alike so that
 * `classwise-ece` finds `classwise_ece`. A candidate that starts the name, or that the name starts
 * (`maximum` -> `max`), is close whatever the distance. Returns undefined when nothing is close
 * (distance more than half the longer name), so a wild guess is not suggested.
 *
 * @example closestName('ecee', ['ece', 'mce', 'nll']) = 'ece' (one deletion).
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const wanted = normalize(name);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const other = normalize(candidate);
    if (wanted.length > 0 && (wanted.startsWith(other) || other.startsWith(wanted))) return candidate;
    const distance = editDistance(wanted, other);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined) return undefined;
  return bestDistance <= Math.max(wanted.length, best.length) / 2 ? best : undefined;
}

function normalize(name: string): string {
  return name.trim().toLowerCase().replace(/-/g, '_');
}

/** Levenshtein distance with one rolling row. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
