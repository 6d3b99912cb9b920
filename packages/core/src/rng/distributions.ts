import { mulHi32 } from "./mul-hi.ts";
import type { Xoshiro128 } from "./xoshiro.ts";

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;
const LAYERS = 256;

/**
 * Ziggurat tables for a decreasing density f on [0, ∞) cut into 256 layers of equal area v (Marsaglia &
 * Tsang 2000). Layer 0 is the base strip [0, v / f(r)) × [0, f(r)) plus the tail beyond r; layer i ≥ 1 is the
 * rectangle [0, x_i) × [f(x_i), f(x_{i-1})), with x_255 = r and x_0 = 0. Per layer: `k` = the 53-bit
 * threshold below which a point lies under the curve for sure, `w` = width / 2^53, `f` = f(x_i).
 */
interface Ziggurat {
  readonly k: Float64Array;
  readonly w: Float64Array;
  readonly f: Float64Array;
}

function buildZiggurat(r: number, v: number, f: (x: number) => number, fInverse: (y: number) => number): Ziggurat {
  const k = new Float64Array(LAYERS);
  const w = new Float64Array(LAYERS);
  const fx = new Float64Array(LAYERS);
  const baseWidth = v / f(r);
  k[0] = (r / baseWidth) * TWO_POW_53;
  w[0] = baseWidth / TWO_POW_53;
  fx[0] = 1; // f(x_0) = f(0), the top edge of layer 1
  w[LAYERS - 1] = r / TWO_POW_53;
  fx[LAYERS - 1] = f(r);
  let x = r;
  for (let i = LAYERS - 1; i >= 2; i--) {
    const inner = fInverse(v / x + f(x)); // x_{i-1}: layer i has area x_i (f(x_{i-1}) − f(x_i)) = v
    k[i] = (inner / x) * TWO_POW_53;
    w[i - 1] = inner / TWO_POW_53;
    fx[i - 1] = f(inner);
    x = inner;
  }
  k[1] = 0; // layer 1 reaches x_0 = 0: no part of it is under the curve for sure
  return { k, w, f: fx };
}

// Rightmost layer edge r and layer area v for 256 layers, solved at 40 significant digits with mpmath and
// rounded to the nearest double (r agrees with NumPy's `ziggurat_exp_r` / `ziggurat_nor_r`; Marsaglia & Tsang
// print r = 7.697117470131487, which is off in the 13th digit). Exponential: f(x) = e^−x, v = (r + 1) e^−r.
// Normal: f(x) = e^(−x²/2), v = r f(r) + sqrt(pi/2) erfc(r / sqrt(2)).
const EXP_R = 7.69711747013105;
const EXP_V = (EXP_R + 1) * Math.exp(-EXP_R);
const NORMAL_R = 3.654152885361009;
const NORMAL_V = 0.004928673233974655;

const EXP_ZIG = buildZiggurat(
  EXP_R,
  EXP_V,
  (x) => Math.exp(-x),
  (y) => -Math.log(y),
);
/** The Exp(1) ziggurat's layer bounds and widths, for draws that take its fast path outside `exponential`. */
export const EXP_K = EXP_ZIG.k;
export const EXP_W = EXP_ZIG.w;
const EXP_F = EXP_ZIG.f;

const NORMAL_ZIG = buildZiggurat(
  NORMAL_R,
  NORMAL_V,
  (x) => Math.exp(-0.5 * x * x),
  (y) => Math.sqrt(-2 * Math.log(y)),
);
const NORMAL_K = NORMAL_ZIG.k;
const NORMAL_W = NORMAL_ZIG.w;
const NORMAL_F = NORMAL_ZIG.f;

/**
 * Exp(1) variate by the ziggurat method with 256 layers.
 *
 * Reference: G. Marsaglia, W. W. Tsang, "The ziggurat method for generating random variables", J. Stat.
 * Software 5(8), 2000. Unlike their 32-bit code, the layer index (8 bits) and the 53-bit abscissa come from
 * disjoint bits of two `nextU32` draws (Doornik 2005's objection to reusing index bits). About 97.8 % of
 * samples need just those two draws; wedges add a `nextDouble`, the tail beyond r = 7.697 (probability
 * 4.5e-4) is r + Exp(1) by inversion. Tables are built once at module load.
 *
 * Edge contract: returns a finite value in [0, ∞); the number of draws consumed varies.
 */
export function exponential(rng: Xoshiro128): number {
  for (;;) {
    const a = rng.nextU32();
    const i = a & 0xff;
    const m = (a >>> 11) * TWO_POW_32 + rng.nextU32();
    const x = m * EXP_W[i];
    if (m < EXP_K[i]) return x;
    if (i === 0) return EXP_R - Math.log1p(-rng.nextDouble());
    if (EXP_F[i] + rng.nextDouble() * (EXP_F[i - 1] - EXP_F[i]) < Math.exp(-x)) return x;
  }
}

/**
 * N(0, 1) variate by the ziggurat method with 256 layers on the half-normal plus a random sign.
 *
 * Reference: Marsaglia & Tsang 2000 (as `exponential`); tail beyond r = 3.654 (probability 2.6e-4) by
 * Marsaglia's 1964 method. Index (8 bits), sign (1 bit) and the 53-bit abscissa come from disjoint bits of
 * two `nextU32` draws; about 98.5 % of samples need no more.
 *
 * Edge contract: returns a finite value; the number of draws consumed varies.
 */
export function normal(rng: Xoshiro128): number {
  for (;;) {
    const a = rng.nextU32();
    const i = a & 0xff;
    const negative = (a & 0x100) !== 0;
    const m = (a >>> 11) * TWO_POW_32 + rng.nextU32();
    let x = m * NORMAL_W[i];
    if (m < NORMAL_K[i]) return negative ? -x : x;
    if (i === 0) {
      let t: number;
      let y: number;
      do {
        t = -Math.log1p(-rng.nextDouble()) / NORMAL_R;
        y = -Math.log1p(-rng.nextDouble());
      } while (y + y < t * t);
      x = NORMAL_R + t;
      return negative ? -x : x;
    }
    if (NORMAL_F[i] + rng.nextDouble() * (NORMAL_F[i - 1] - NORMAL_F[i]) < Math.exp(-0.5 * x * x)) {
      return negative ? -x : x;
    }
  }
}

/**
 * Lognormal variate exp(mu + sigma Z), Z ~ N(0, 1) from `normal`.
 *
 * Edge contract: `sigma` < 0 or NaN gives NaN (the normal draw is consumed all the same); sigma = 0 gives e^mu.
 */
export function lognormal(rng: Xoshiro128, mu: number, sigma: number): number {
  const z = normal(rng);
  return sigma >= 0 ? Math.exp(mu + sigma * z) : Number.NaN;
}

/**
 * Bernoulli trial: `u < p` with u = `nextDouble()`.
 *
 * Edge contract: ALWAYS consumes exactly one `nextDouble()` (two `nextU32`), also for p ≤ 0, p ≥ 1 or NaN,
 * so that models sharing a stream stay aligned (common random numbers). p ≤ 0 or NaN → false; p ≥ 1 → true.
 */
export function bernoulli(rng: Xoshiro128, p: number): boolean {
  return rng.nextDouble() < p;
}

// Below this mean, inversion by sequential search (one draw, ~mean steps); above, PTRS (numpy uses 10 too).
const POISSON_INVERSION_LIMIT = 10;

/**
 * Poisson variate with the given mean, exact up to floating-point rounding.
 *
 * Algorithm: mean < 10: inversion by sequential search of the cdf (one `nextDouble`, O(mean) steps).
 * mean ≥ 10: PTRS, transformed rejection with squeeze (W. Hörmann, "The transformed rejection method for
 * generating Poisson random variables", Insurance: Mathematics and Economics 12, 1993), O(1) expected with
 * about 1.1 iterations of two `nextDouble`s each.
 *
 * Edge contract: mean = 0 → 0 (one draw consumed); mean < 0, NaN or ∞ → NaN without consuming a draw.
 * Results are exact integers for mean below about 2^52.
 */
export function poisson(rng: Xoshiro128, mean: number): number {
  if (!(mean >= 0 && mean < Number.POSITIVE_INFINITY)) return Number.NaN;
  if (mean < POISSON_INVERSION_LIMIT) {
    if (mean !== inversionMean) {
      inversionMean = mean;
      inversionP0 = Math.exp(-mean);
    }
    const u = rng.nextDouble();
    let k = 0;
    let p = inversionP0;
    let cdf = p;
    while (u >= cdf) {
      k++;
      p *= mean / k;
      const next = cdf + p;
      // The summed cdf can stall just below 1 by rounding; the mass left is < 1e-16.
      if (next === cdf) break;
      cdf = next;
    }
    return k;
  }
  return poissonPtrs(rng, mean);
}

// One-entry memo of the per-mean constants: simulations draw many variates with the same mean, and the
// exp/log/sqrt cost more than a draw. Invisible to callers (a pure function of `mean`).
let inversionMean = Number.NaN;
let inversionP0 = Number.NaN;
let ptrsMean = Number.NaN;
let ptrsLogMean = 0;
let ptrsA = 0;
let ptrsB = 0;
let ptrsLogInvAlpha = 0;
let ptrsVr = 0;

function poissonPtrs(rng: Xoshiro128, mean: number): number {
  if (mean !== ptrsMean) {
    ptrsMean = mean;
    ptrsLogMean = Math.log(mean);
    ptrsB = 0.931 + 2.53 * Math.sqrt(mean);
    ptrsA = -0.059 + 0.02483 * ptrsB;
    ptrsLogInvAlpha = Math.log(1.1239 + 1.1328 / (ptrsB - 3.4));
    ptrsVr = 0.9277 - 3.6224 / (ptrsB - 2);
  }
  const logMean = ptrsLogMean;
  const a = ptrsA;
  const b = ptrsB;
  const logInvAlpha = ptrsLogInvAlpha;
  const vr = ptrsVr;
  for (;;) {
    const u = rng.nextDouble() - 0.5;
    const v = rng.nextDouble();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    // v = 0 gives log(v) = −∞, which always accepts: allowed by the algorithm.
    if (Math.log(v) + logInvAlpha - Math.log(a / (us * us) + b) <= -mean + k * logMean - logFactorial(k)) {
      return k;
    }
  }
}

const LOG_FACTORIAL_TABLE_SIZE = 256;
const LOG_FACTORIAL = new Float64Array(LOG_FACTORIAL_TABLE_SIZE);
for (let i = 1; i < LOG_FACTORIAL_TABLE_SIZE; i++) LOG_FACTORIAL[i] = LOG_FACTORIAL[i - 1] + Math.log(i);
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** log(k!) from a table below 256, else Stirling's series to 1/k^7 (absolute error < 1e-20 there). */
function logFactorial(k: number): number {
  if (k < LOG_FACTORIAL_TABLE_SIZE) return LOG_FACTORIAL[k];
  const x = k + 1;
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)));
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series;
}

/**
 * Uniform integer in [lo, hi], both inclusive, without bias.
 *
 * Algorithm: D. Lemire, "Fast random integer generation in an interval", ACM TOMACS 29(1), 2019: multiply a
 * uint32 by the range and keep the high word, rejecting the few low words below 2^32 mod range. Usually
 * one `nextU32`, never a division on the fast path.
 *
 * Edge contract: lo, hi safe integers with 1 ≤ hi − lo + 1 ≤ 2^32, else NaN without consuming a draw.
 *
 * @example uniformInt(rng, 1, 6) // a die roll
 */
export function uniformInt(rng: Xoshiro128, lo: number, hi: number): number {
  const range = hi - lo + 1;
  if (!(Number.isSafeInteger(lo) && Number.isSafeInteger(hi) && range >= 1 && range <= TWO_POW_32)) {
    return Number.NaN;
  }
  if (range === TWO_POW_32) return lo + rng.nextU32();
  let x = rng.nextU32();
  let low = Math.imul(x, range) >>> 0;
  if (low < range) {
    const threshold = (TWO_POW_32 - range) % range;
    while (low < threshold) {
      x = rng.nextU32();
      low = Math.imul(x, range) >>> 0;
    }
  }
  return lo + mulHi32(x, range);
}

/**
 * Uniform real a + (b − a) u with u = `nextDouble()` ∈ [0, 1): one `nextDouble`.
 *
 * Edge contract: the result lies in [a, b) except that rounding can give exactly b for some a, b; a > b
 * is allowed (the interval is mirrored); NaN bounds give NaN.
 */
export function uniform(rng: Xoshiro128, a: number, b: number): number {
  return a + (b - a) * rng.nextDouble();
}
