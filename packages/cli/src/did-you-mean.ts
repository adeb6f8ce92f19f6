/**
 * Edit distance counting insertions, deletions, substitutions and swaps of two neighbours, one
 * each (optimal string alignment): `fxi` is one edit from `fix`.
 */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate a mistyped word most likely meant: the nearest within a third of its length
 * (at least one edit), as git's "did you mean"; undefined when none is that near, or two are.
 */
export function didYouMean(typed: string, candidates: readonly string[]): string | undefined {
  const word = typed.toLowerCase();
  const limit = Math.max(1, Math.floor(word.length / 3));
  const scored = candidates.map((c) => ({ c, d: distance(word, c) })).filter(({ d }) => d <= limit);
  if (scored.length === 0) return undefined;
  const best = Math.min(...scored.map(({ d }) => d));
  const nearest = scored.filter(({ d }) => d === best);
  return nearest.length === 1 ? nearest[0]!.c : undefined;
}
