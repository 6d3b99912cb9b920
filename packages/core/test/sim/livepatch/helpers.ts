import { expect } from "vitest";
import { livepatch } from "../../../src/sim/livepatch/index.ts";

// Shared machinery of the livepatch tests: run a kernel over M trials, collect per-model metric columns, and
// compare them with closed forms. Statistical checks are calibrated to a false-failure rate ≤ 1e-6 each:
// means by a z-test at |z| < 5 (two-sided 5.7e-7) with the sample variance, distributions by a one-sample
// Kolmogorov–Smirnov test at α = 1e-6, proportions by the binomial z-test at |z| < 5. With fixed seeds every
// check is deterministic; the rates say how unlucky a seed would have to be for a correct kernel to fail.

export type Columns = Record<string, Float64Array>;

/** Runs `trials` trials of `models` on `params` (spec input, parsed here); columns[model][metric] per trial. */
export function simulate(
  params: unknown,
  models: readonly string[],
  trials: number,
  seed = 1,
  point = 0,
): Record<string, Columns> {
  const parsed = livepatch.params.parse(params);
  const kernel = livepatch.createKernel(parsed, models);
  const stride = livepatch.metrics.length;
  const out = new Float64Array(stride * models.length);
  const result: Record<string, Columns> = {};
  for (const m of models) {
    const cols: Columns = {};
    for (const metric of livepatch.metrics) cols[metric.name] = new Float64Array(trials);
    result[m] = cols;
  }
  for (let t = 0; t < trials; t++) {
    out.fill(Number.NaN);
    kernel.runTrial({ seed, point, trial: t }, out);
    for (let s = 0; s < models.length; s++) {
      const cols = result[models[s]];
      for (let j = 0; j < stride; j++) cols[livepatch.metrics[j].name][t] = out[s * stride + j];
    }
  }
  return result;
}

/** Reduced-workload parameters of §3: no kthreads, no idle tasks, no deadline, attempts every 1 s. */
export function reduced(overrides: Record<string, unknown> = {}, reducedOverrides: Record<string, unknown> = {}) {
  const { livepatch: lp, ...rest } = overrides as { livepatch?: Record<string, unknown> };
  return {
    workload: "reduced",
    nKthread: 0,
    idleTasks: false,
    deadline: null,
    ...rest,
    reduced: { ...reducedOverrides },
    livepatch: { roundJiffies: false, ...lp },
  };
}

export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

export function variance(x: ArrayLike<number>): number {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) ** 2;
  return s / (x.length - 1);
}

/** z statistic of the sample mean of x against mu, with the sample variance. */
export function zMean(x: ArrayLike<number>, mu: number): number {
  const se = Math.sqrt(variance(x) / x.length);
  return se === 0 ? (mean(x) === mu ? 0 : Number.POSITIVE_INFINITY) : (mean(x) - mu) / se;
}

/** Asserts E[x] = mu by a z-test at |z| < 5 (false-failure rate 5.7e-7). */
export function expectMean(x: ArrayLike<number>, mu: number, label = ""): void {
  const z = zMean(x, mu);
  expect(Math.abs(z), `${label} mean ${mean(x)} vs ${mu} (z = ${z.toFixed(2)})`).toBeLessThan(5);
}

/** Asserts P(pred) = p over the trials by a binomial z-test at |z| < 5 (false-failure rate 5.7e-7). */
export function expectProportion(hits: number, n: number, p: number, label = ""): void {
  const se = Math.sqrt((p * (1 - p)) / n);
  const z = se === 0 ? (hits / n === p ? 0 : Number.POSITIVE_INFINITY) : (hits / n - p) / se;
  expect(Math.abs(z), `${label} ${hits}/${n} = ${hits / n} vs ${p} (z = ${z.toFixed(2)})`).toBeLessThan(5);
}

export function count(x: ArrayLike<number>, pred: (v: number) => boolean): number {
  let c = 0;
  for (let i = 0; i < x.length; i++) if (pred(x[i])) c++;
  return c;
}

/**
 * One-sample Kolmogorov–Smirnov test of x against a continuous cdf at α = 1e-6: D < sqrt(ln(2/α) / (2n))
 * (the Dvoretzky–Kiefer–Wolfowitz–Massart bound, conservative for every n).
 */
export function expectKs(x: ArrayLike<number>, cdf: (v: number) => number, label = ""): void {
  const s = Float64Array.from(x).sort();
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(s[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  const crit = Math.sqrt(Math.log(2 / 1e-6) / (2 * n));
  expect(d, `${label} KS D = ${d.toFixed(5)} (critical ${crit.toFixed(5)}, n = ${n})`).toBeLessThan(crit);
}

/** H_n = Σ 1/k. */
export function harmonic(n: number, power = 1): number {
  let s = 0;
  for (let k = 1; k <= n; k++) s += 1 / k ** power;
  return s;
}
