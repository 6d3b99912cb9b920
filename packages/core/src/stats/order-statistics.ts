import binomialQuantile from "@stdlib/stats-base-dists-binomial-quantile";

/**
 * 1-based rank of the q-quantile of N sorted values under mcx's one quantile convention: the inverse of the
 * empirical distribution function, Q(q) = x_(k) with k = max(1, ⌈q·N⌉) (Hyndman & Fan, "Sample quantiles in
 * statistical packages", Am. Stat. 50, 1996, definition 1; R's `quantile(x, type = 1)`). VaR uses the same
 * ranks, and CVaR is the mean of F⁻¹ over (q, 1] of the same function, so the three agree: for 1…10,
 * Q(0.95) = 10 and Q(0.5) = 5.
 *
 * q·N is computed in floating point (0.95 · 100 = 95.00000000000001), so a product within 1e-9 of an integer
 * counts as that integer; without that, ⌈·⌉ would skip a rank.
 *
 * Edge contract: N = 0 or q ∉ [0, 1] → NaN.
 *
 * @example quantileRank(0.95, 10) // 10
 */
export function quantileRank(q: number, n: number): number {
  if (!(q >= 0 && q <= 1) || !(n >= 1)) return Number.NaN;
  const x = q * n;
  const nearest = Math.round(x);
  const k = Math.abs(x - nearest) <= 1e-9 * Math.max(1, x) ? nearest : Math.ceil(x);
  return Math.min(n, Math.max(1, k));
}

/**
 * Ranks [l, u] (1-based) of the distribution-free confidence interval [x_(l), x_(u)] for the q-quantile
 * ξ_q = F⁻¹(q) of N iid values: with B ~ Binomial(N, q), l is the largest rank with P(B ≤ l − 1) ≤ (1 − c)/2
 * and u the smallest with P(B ≥ u) ≤ (1 − c)/2, so P(x_(l) ≤ ξ_q ≤ x_(u)) ≥ c for every distribution,
 * continuous or not (W. J. Conover, "Practical Nonparametric Statistics", 3rd ed., 1999, §3.2; D. A. David,
 * H. N. Nagaraja, "Order Statistics", 3rd ed., 2003, §7.1). Binomial quantiles are stdlib's
 * `@stdlib/stats-base-dists-binomial-quantile`.
 *
 * Edge contract: l = 0 means no order statistic bounds ξ_q from below at this level (the bound is −∞), and
 * u = N + 1 that none bounds it from above (+∞): 100 values cannot bound p99 from above at 95 %. N = 0 → [0, 1].
 * @throws {RangeError} unless q ∈ [0, 1] and confidence ∈ (0, 1).
 *
 * @example quantileRankInterval(0.5, 100, 0.95) // [40, 61] (Conover Table A3: x_(40), x_(61))
 */
export function quantileRankInterval(q: number, n: number, confidence: number): [lower: number, upper: number] {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`q must be in [0, 1] (got ${q})`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1) (got ${confidence})`);
  if (!(n >= 1)) return [0, 1];
  const key = `${q} ${n} ${confidence}`;
  let ranks = rankIntervals.get(key);
  if (ranks === undefined) {
    if (rankIntervals.size >= RANK_INTERVALS_KEPT) rankIntervals.clear();
    ranks = binomialRankInterval(q, n, confidence);
    rankIntervals.set(key, ranks);
  }
  return [ranks[0], ranks[1]];
}

// A result document asks for the same few intervals once per metric (every metric of a point has its N trials, and
// the same quantiles at the same confidence): two binomial quantiles each, by incomplete beta functions, were a third
// of the time to build a result. A pure function of its arguments, so a memo cannot change an answer.
const rankIntervals = new Map<string, readonly [number, number]>();
const RANK_INTERVALS_KEPT = 1024;

function binomialRankInterval(q: number, n: number, confidence: number): readonly [number, number] {
  const tail = (1 - confidence) / 2;
  // Smallest k with P(B ≤ k) ≥ tail: then P(B ≤ k − 1) < tail, so l = k keeps the lower miss below tail.
  const lower = q === 0 ? 0 : Math.max(0, binomialQuantile(tail, n, q));
  // Smallest k with P(B ≤ k) ≥ 1 − tail: P(B ≥ k + 1) ≤ tail.
  const upper = q === 1 ? n + 1 : binomialQuantile(1 - tail, n, q) + 1;
  return [lower, Math.min(upper, n + 1)];
}
