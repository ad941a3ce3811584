/** "Did you mean …?": the closest of what was found to what was wanted. */

/** Edit distance (insertions, deletions, substitutions). */
export function distance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0] ?? 0;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j] ?? 0;
      const left = previous[j - 1] ?? 0;
      previous[j] = Math.min(above + 1, left + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length] ?? 0;
}

/** Lower case, with - _ . and spaces made equal: gin_app, Gin-App and gin.app all match gin-app. */
const loose = (s: string): string => s.toLowerCase().replace(/[-_.\s]+/g, '-');

/**
 * The candidate the learner most likely meant to be `wanted`, or undefined when none is close.
 * Close: equal once case and separators are ignored, or within a third of the length in edits.
 */
export function closest(wanted: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    if (candidate === wanted) continue;
    const score = loose(candidate) === loose(wanted) ? 0 : distance(loose(candidate), loose(wanted));
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return bestScore <= Math.max(1, Math.floor(wanted.length / 3)) ? best : undefined;
}

/** " — did you name it `gin_app`?" or "" (for appending to a message). */
export function didYouMean(wanted: string, candidates: readonly string[], noun = 'it'): string {
  const guess = closest(wanted, candidates);
  return guess === undefined ? '' : ` — did you name ${noun} \`${guess}\`?`;
}

/** "a, b and c" (or "none") for lists in messages. */
export function listOf(items: readonly string[], none = 'none'): string {
  if (items.length === 0) return none;
  if (items.length === 1) return items[0] ?? none;
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}
