/**
 * The points a pilot times, as indexes into a spec's `count` points: the first, the last and evenly between, at
 * most `wanted` (a sweep's points can differ a lot in cost).
 * @example pilotPoints(10, 3) // → [0, 5, 9]
 */
export function pilotPoints(count: number, wanted: number): number[] {
  const n = Math.max(1, Math.min(wanted, count));
  return [...new Set(Array.from({ length: n }, (_, i) => (n === 1 ? 0 : Math.round((i * (count - 1)) / (n - 1)))))];
}
