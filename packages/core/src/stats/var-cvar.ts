import type { QuantileSketch } from "./quantile-sketch.ts";

/**
 * Value at risk at `level`: the level-quantile of the sketched distribution (upper tail = large values) under
 * mcx's one convention, the element of rank max(1, ⌈level·n⌉) (`quantileRank`), with the sketch's relative error α
 * (see `QuantileSketch.quantile`). Unclamped; `TailView` clamps to [min, max] and ranks infinities.
 *
 * Edge contract: NaN for an empty sketch or level ∉ [0, 1].
 *
 * @example valueAtRisk(sketch, 0.95) // ≈ the 95th percentile
 */
export function valueAtRisk(sketch: QuantileSketch, level: number): number {
  return sketch.quantile(level);
}

/**
 * Conditional value at risk (expected shortfall) at `level`: the mean of the upper (1 − level) fraction of
 * the values, (1/(1 − level)) ∫_level^1 F⁻¹(u) du for the empirical distribution F (C. Acerbi, D. Tasche,
 * "On the coherence of expected shortfall", J. Banking & Finance 26, 2002): the m = n(1 − level) largest
 * values, the last one weighted by the fractional part of m. Computed from the sketch's buckets, walking down
 * from the top, each bucket counted at its representative value.
 *
 * Error bound: every value is replaced by a representative within a factor 1 ± α of it, so the result is
 * within α · (mean of |x| over the tail) of the exact empirical expected shortfall, i.e. within relative
 * error α when the tail values are all ≥ 0 (or all ≤ 0), barring collapsed buckets.
 *
 * Edge contract: NaN for an empty sketch or level ∉ [0, 1]; level = 1 gives the top bucket's value (the
 * limit, an estimate of the maximum).
 *
 * @example conditionalValueAtRisk(sketch, 0.95) // mean of the top 5 %
 */
export function conditionalValueAtRisk(sketch: QuantileSketch, level: number): number {
  const n = sketch.count;
  if (!(level >= 0 && level <= 1) || n === 0) return Number.NaN;
  const buckets = sketch.buckets();
  const tail = n * (1 - level);
  if (tail === 0) return buckets[buckets.length - 1].value;
  let remaining = tail;
  let sum = 0;
  for (let k = buckets.length - 1; k >= 0 && remaining > 0; k--) {
    const take = Math.min(buckets[k].count, remaining);
    sum += take * buckets[k].value;
    remaining -= take;
  }
  return sum / tail;
}
