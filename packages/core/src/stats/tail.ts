import type { Interval } from "./intervals.ts";
import { studentTQuantile } from "./intervals.ts";
import { quantileRank, quantileRankInterval } from "./order-statistics.ts";
import type { QuantileSketch, RankedValue } from "./quantile-sketch.ts";

/** What a {@link TailView} is built from: a sketch of the finite values, the infinities and the exact extremes. */
export interface TailParts {
  readonly sketch: QuantileSketch;
  /** Trials with value −∞ (ranked below every finite value) and +∞ (above). */
  readonly negInf: number;
  readonly posInf: number;
  /** Exact smallest and largest finite value (±∞ while there is none). */
  readonly min: number;
  readonly max: number;
}

const UNBOUNDED_BELOW: RankedValue = {
  value: Number.NEGATIVE_INFINITY,
  lower: Number.NEGATIVE_INFINITY,
  upper: Number.NEGATIVE_INFINITY,
};
const UNBOUNDED_ABOVE: RankedValue = {
  value: Number.POSITIVE_INFINITY,
  lower: Number.POSITIVE_INFINITY,
  upper: Number.POSITIVE_INFINITY,
};

/** Snaps a floating product like 100 · (1 − 0.95) = 5.000000000000004 to the integer it means. */
function snap(x: number): number {
  const k = Math.round(x);
  return Math.abs(x - k) <= 1e-9 * Math.max(1, x) ? k : x;
}

/**
 * Quantiles, VaR and CVaR of one metric over a ranked sample: −∞ values first, then the finite values (through a
 * DDSketch), then +∞ values. With the infinities these are the statistics over all (non-NaN) trials, and a tail
 * that reaches +∞ reports +∞; with negInf = posInf = 0 they are the finite-only variants.
 *
 * Conventions (docs/statistics.md): quantile and VaR at level q are the element of rank max(1, ⌈qN⌉)
 * (`quantileRank`, R type 1); CVaR is (1/(1 − q)) ∫_q^1 F⁻¹(u) du of the same empirical F (Acerbi & Tasche
 * 2002). Every value read from the sketch is clamped to the exact [min, max], so nothing lies outside the data.
 *
 * Intervals: quantiles and VaR get the distribution-free order-statistic interval (`quantileRankInterval`),
 * each end widened to the bounds of its sketch bucket; CVaR gets the asymptotic interval of Manistre &
 * Hancock ("Variance of the CTE estimator", N. Am. Actuar. J. 9(2), 2005), Student-t on the tail count, widened by
 * the sketch's relative error α.
 */
export class TailView {
  readonly n: number;
  private readonly finite: number;
  private readonly parts: TailParts;

  constructor(parts: TailParts) {
    this.parts = parts;
    this.finite = parts.sketch.count;
    this.n = parts.negInf + this.finite + parts.posInf;
  }

  /** The element of 1-based rank k: its value and the bounds it is known to lie in. */
  atRank(k: number): RankedValue {
    const { negInf, sketch, min, max } = this.parts;
    if (k <= negInf) return UNBOUNDED_BELOW;
    if (k > negInf + this.finite) return UNBOUNDED_ABOVE;
    const r = sketch.atRank(k - negInf - 1);
    const clamp = (x: number) => Math.max(min, Math.min(x, max));
    return { value: clamp(r.value), lower: clamp(r.lower), upper: clamp(r.upper) };
  }

  /** The q-quantile (= VaR at level q); NaN when empty or q ∉ [0, 1]. */
  quantile(q: number): number {
    const k = quantileRank(q, this.n);
    return Number.isNaN(k) ? Number.NaN : this.atRank(k).value;
  }

  /** Interval of the q-quantile at `confidence` (≥ confidence for every distribution); [NaN, NaN] when empty. */
  quantileInterval(q: number, confidence: number): Interval {
    if (this.n === 0) return [Number.NaN, Number.NaN];
    const [l, u] = quantileRankInterval(q, this.n, confidence);
    return [
      l === 0 ? Number.NEGATIVE_INFINITY : this.atRank(l).lower,
      u > this.n ? Number.POSITIVE_INFINITY : this.atRank(u).upper,
    ];
  }

  /** CVaR (expected shortfall) at level q; +∞ when any trial is +∞; NaN when empty or q ∉ [0, 1]. */
  cvar(q: number): number {
    return this.tail(q).cvar;
  }

  /** Interval of CVaR at level q: [+∞, +∞] when +∞ was seen (then every CVaR below level 1 is +∞). */
  cvarInterval(q: number, confidence: number): Interval {
    const { cvar, mass, variance } = this.tail(q);
    if (Number.isNaN(cvar)) return [Number.NaN, Number.NaN];
    if (cvar === Number.POSITIVE_INFINITY) return [cvar, cvar];
    if (cvar === Number.NEGATIVE_INFINITY) return [cvar, Number.POSITIVE_INFINITY];
    if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1) (got ${confidence})`);
    const valueAtRisk = this.quantile(q);
    const se = mass > 0 ? Math.sqrt((variance + q * (cvar - valueAtRisk) ** 2) / mass) : 0;
    const df = Math.max(1, Math.ceil(mass) - 1);
    const h = studentTQuantile(1 - (1 - confidence) / 2, df) * se + this.parts.sketch.alpha * Math.abs(cvar);
    return [cvar - h, cvar + h];
  }

  /** Mean and sample variance of the top m = N(1 − q) trials (the last one fractionally weighted), walking down. */
  private tail(q: number): { cvar: number; mass: number; variance: number } {
    const none = { cvar: Number.NaN, mass: 0, variance: Number.NaN };
    if (!(q >= 0 && q <= 1) || this.n === 0) return none;
    const { sketch, posInf, min, max } = this.parts;
    const mass = snap(this.n * (1 - q));
    if (mass === 0) return { cvar: this.atRank(this.n).value, mass, variance: 0 };
    if (posInf > 0) return { cvar: Number.POSITIVE_INFINITY, mass, variance: Number.NaN };
    const buckets = sketch.buckets();
    const taken: [value: number, weight: number][] = [];
    let remaining = mass;
    for (let k = buckets.length - 1; k >= 0 && remaining > 0; k--) {
      const take = Math.min(buckets[k]!.count, remaining);
      taken.push([Math.max(min, Math.min(buckets[k]!.value, max)), take]);
      remaining -= take;
    }
    if (remaining > 1e-9 * mass) return { cvar: Number.NEGATIVE_INFINITY, mass, variance: Number.NaN };
    const cvar = taken.reduce((s, [v, w]) => s + v * w, 0) / mass;
    // Sample variance of the tail (m − 1 denominator): the tail is small at small N, and m/(m − 1) matters there.
    const variance = taken.reduce((s, [v, w]) => s + w * (v - cvar) ** 2, 0) / Math.max(1, mass - 1);
    return { cvar, mass, variance };
  }
}
