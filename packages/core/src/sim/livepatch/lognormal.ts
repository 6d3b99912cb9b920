import { bernoulli } from "../../rng/distributions.ts";
import type { Xoshiro128 } from "../../rng/xoshiro.ts";

// Small distribution helpers of the mechanistic workload (§2.3): capped LogNormal sleeps, the two-state Markov
// jump of alternating Exp phases, and Bernoulli draws that consume nothing when the probability is 0 or 1.

/**
 * P(phase A at time dt) for an alternating Exp(mean mA) / Exp(mean mB) process that entered phase A at 0:
 * πA + πB·e^{−(1/mA + 1/mB)·dt} (two-state continuous-time Markov chain).
 */
export function stillInFirst(mA: number, mB: number, dt: number): number {
  const piA = mA / (mA + mB);
  const x = (1 / mA + 1 / mB) * dt;
  // e^{−50} < 2e-22: below half an ulp of any πA ≥ 2^-40, so the sum is πA itself (and Math.exp is skipped).
  return x > 50 ? piA : piA + (1 - piA) * Math.exp(-x);
}

/** Bernoulli draw as 0/1 that consumes nothing when p is 0 or 1 (p is a per-kernel constant). */
export function draw(g: Xoshiro128, p: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  return bernoulli(g, p) ? 1 : 0;
}

/** E[min(L, cap)] for L ~ LogNormal(μ, σ) (cap = +Inf allowed). */
export function cappedLogNormalMean(mu: number, sigma: number, cap: number): number {
  const mean = Math.exp(mu + 0.5 * sigma * sigma);
  if (!(cap < Number.POSITIVE_INFINITY)) return mean;
  if (sigma === 0) return Math.min(Math.exp(mu), cap);
  const lc = Math.log(cap);
  return mean * normalCdf((lc - mu - sigma * sigma) / sigma) + cap * (1 - normalCdf((lc - mu) / sigma));
}

/** Standard normal cdf via erfc (Numerical Recipes `erfcc`, fractional error < 1.2e-7). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
