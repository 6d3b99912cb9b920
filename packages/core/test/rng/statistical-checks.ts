// Shared helpers for the statistical tests of rng and stats. Every threshold here is exact (no asymptotic
// chi-square approximation), so a test's stated false-failure rate is what it says.

/** Two-sided 5σ: P(|Z| > 5) = 5.7e-7 under the null, the false-failure rate of every z-check. */
export const Z_LIMIT = 5;

/** Kolmogorov–Smirnov α = 1e-6: asymptotic critical value c(α)/√n with c(α) = sqrt(−ln(α/2)/2) = 2.6934. */
export const KS_ALPHA = 1e-6;

export function ksCritical(n: number, alpha = KS_ALPHA): number {
  return Math.sqrt(-Math.log(alpha / 2) / 2) / Math.sqrt(n);
}

/** KS statistic D = sup |F_n − F| of a sample (sorted in place) against the cdf F. */
export function ksStatistic(sample: Float64Array, cdf: (x: number) => number): number {
  sample.sort();
  const n = sample.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sample[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/** log Γ(a) for a a positive multiple of 1/2, exactly by the recurrence from Γ(1) = 1 and Γ(1/2) = √π. */
function logGammaHalfInteger(a: number): number {
  let s = 0;
  let x = a;
  while (x > 1) {
    x -= 1;
    s += Math.log(x);
  }
  return x === 1 ? s : s + 0.5 * Math.log(Math.PI);
}

/**
 * Upper tail Q(df/2, x/2) of the chi-square distribution for integer df: series for P when x < a + 1, else
 * Lentz's continued fraction for Q (Numerical Recipes 3rd ed., §6.2, gser/gcf). Relative accuracy ~1e-13.
 */
export function chiSquareSf(x: number, df: number): number {
  const a = df / 2;
  const y = x / 2;
  if (y <= 0) return 1;
  const logPrefix = -y + a * Math.log(y) - logGammaHalfInteger(a);
  if (y < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n++) {
      term *= y / (a + n);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return 1 - sum * Math.exp(logPrefix);
  }
  const tiny = 1e-300;
  let b = y + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(logPrefix) * h;
}

/** x with P(χ²_df > x) = p, by bisection on chiSquareSf. */
export function chiSquareIsf(p: number, df: number): number {
  let lo = 0;
  let hi = df + 100 * Math.sqrt(2 * df) + 100;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (chiSquareSf(mid, df) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Pearson's statistic Σ (O − E)² / E. */
export function pearson(observed: ArrayLike<number>, expected: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < observed.length; i++) {
    const d = observed[i] - expected[i];
    s += (d * d) / expected[i];
  }
  return s;
}

/** Two-sided chi-square check at total false-failure rate 1e-6 (5e-7 per tail): [lower, upper] bounds. */
export function chiSquareBounds(df: number, alpha = 1e-6): readonly [number, number] {
  return [chiSquareIsf(1 - alpha / 2, df), chiSquareIsf(alpha / 2, df)];
}

/** Pearson correlation of x[i] and y[i]; under independence r·√n is asymptotically N(0, 1). */
export function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Sample mean and unbiased variance by two passes (the accurate reference). */
export function meanAndVariance(x: ArrayLike<number>): { mean: number; variance: number } {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - mean) ** 2;
  return { mean, variance: ss / (n - 1) };
}

/**
 * z-scores of the sample mean and the sample variance against a distribution's mean, variance and fourth
 * central moment: Var(s²) = μ4/n − σ⁴(n − 3)/(n(n − 1)).
 */
export function momentZScores(
  x: ArrayLike<number>,
  mean: number,
  variance: number,
  mu4: number,
): { zMean: number; zVariance: number } {
  const n = x.length;
  const s = meanAndVariance(x);
  const varOfVariance = mu4 / n - (variance * variance * (n - 3)) / (n * (n - 1));
  return {
    zMean: (s.mean - mean) / Math.sqrt(variance / n),
    zVariance: (s.variance - variance) / Math.sqrt(varOfVariance),
  };
}
