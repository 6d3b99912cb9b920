import { distance } from "fastest-levenshtein";

/**
 * The candidate closest to `input` by edit distance (case-insensitive), when it is close enough to be a
 * plausible typo: at most max(1, ⌊len/3⌋) edits. Otherwise undefined.
 * @example didYouMean("kpach", ["kpatch", "ksplice"]) // "kpatch"
 */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const needle = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = distance(needle, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(input.length / 3)) ? best : undefined;
}

/** " (did you mean \"x\"?)" or "", for appending to a message. */
export function didYouMeanSuffix(input: string, candidates: Iterable<string>): string {
  const m = didYouMean(input, candidates);
  return m === undefined ? "" : `; did you mean "${m}"?`;
}
