import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import { describe, expect, it } from "vitest";
import { exponentialsOfStates } from "../../src/rng/exponentials-of-states.ts";
import {
  bernoulli,
  createPhiloxRecords,
  createStream,
  exponential,
  lognormal,
  normal,
  poisson,
  seedStreams,
  setStreamState,
  uniform,
  uniformInt,
  Xoshiro128,
} from "../../src/rng/index.ts";
import { chiSquareBounds, ksCritical, ksStatistic, momentZScores, pearson, Z_LIMIT } from "./statistical-checks.ts";

// Statistical checks of the samplers on fixed streams. False-failure rates (for a seed drawn at random):
// every z-check is two-sided at 5σ (5.7e-7); KS at α = 1e-6 with the asymptotic critical value
// sqrt(−ln(α/2)/2)/√n; every chi-square at 1e-6 (5e-7 per tail, exact quantiles).

const N = 1 << 20;
const KIND = 7;

function sample(index: number, draw: (rng: Xoshiro128) => number, n = N): Float64Array {
  const rng = createStream(2026, 0, 0, KIND, index);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = draw(rng);
  return out;
}

/** Chi-square of a sample against equiprobable bins of its cdf F: bin = ⌊bins · F(x)⌋. */
function equiprobableChiSquare(x: Float64Array, cdf: (x: number) => number, bins: number): number {
  const counts = new Float64Array(bins);
  for (let i = 0; i < x.length; i++) counts[Math.min(bins - 1, Math.floor(bins * cdf(x[i])))]++;
  return pearson(counts, new Float64Array(bins).fill(x.length / bins));
}

function expectChiSquare(x2: number, df: number): void {
  const [lower, upper] = chiSquareBounds(df);
  expect(x2).toBeGreaterThan(lower);
  expect(x2).toBeLessThan(upper);
}

/** z of an observed count against Binomial(n, p). */
function binomialZ(count: number, n: number, p: number): number {
  return (count - n * p) / Math.sqrt(n * p * (1 - p));
}

const standardNormalCdf = (x: number): number => normalCdf(x, 0, 1);

describe("exponential (ziggurat)", () => {
  const x = sample(1, exponential);
  const cdf = (v: number): number => -Math.expm1(-v);

  it("mean 1 and variance 1 within 5σ (μ4 = 9)", () => {
    const { zMean, zVariance } = momentZScores(x, 1, 1, 9);
    expect(Math.abs(zMean)).toBeLessThan(Z_LIMIT);
    expect(Math.abs(zVariance)).toBeLessThan(Z_LIMIT);
  });

  it("passes Kolmogorov–Smirnov against 1 − e^−x at α = 1e-6", () => {
    expect(ksStatistic(x.slice(), cdf)).toBeLessThan(ksCritical(x.length));
  });

  it("passes chi-square on 1000 equiprobable bins (df 999) at 1e-6", () => {
    expectChiSquare(equiprobableChiSquare(x, cdf, 1000), 999);
  });

  it("hits the tail beyond r = 7.697 with probability e^−r within 5σ", () => {
    const r = 7.69711747013105;
    const count = x.reduce((c, v) => c + (v > r ? 1 : 0), 0);
    expect(Math.abs(binomialZ(count, x.length, Math.exp(-r)))).toBeLessThan(Z_LIMIT);
  });

  it("returns finite non-negative values", () => {
    expect(x.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
  });
});

describe("exponentialsOfStates", () => {
  it("is exponential() of a generator seeded with each record, bit for bit (fast path, wedges, tail, zero state)", () => {
    const n = 1 << 16; // ≈ 1400 wedge samples and ≈ 30 tail samples
    const states = createPhiloxRecords(n);
    seedStreams(states, 0, 2026, 0, 0, KIND, 0, n);
    states.words.fill(0, 4 * 5, 4 * 6); // record 5: the all-zero state, which selects the fallback state
    const out = new Float64Array(n + 3).fill(-1);
    exponentialsOfStates(states.words, 1, n - 1, out, 2, new Xoshiro128());
    const g = new Xoshiro128();
    const expected = (record: number): number => {
      setStreamState(g, states.words, record);
      return exponential(g);
    };
    let mismatches = 0;
    for (let j = 0; j < n - 1; j++) if (!Object.is(out[2 + j], expected(1 + j))) mismatches++;
    expect(mismatches).toBe(0);
    expect([out[0], out[1], out[n + 1], out[n + 2]]).toEqual([-1, -1, -1, -1]); // nothing outside [at, at + n)
  });
});

describe("normal (ziggurat)", () => {
  const x = sample(2, normal);

  it("mean 0 and variance 1 within 5σ (μ4 = 3)", () => {
    const { zMean, zVariance } = momentZScores(x, 0, 1, 3);
    expect(Math.abs(zMean)).toBeLessThan(Z_LIMIT);
    expect(Math.abs(zVariance)).toBeLessThan(Z_LIMIT);
  });

  it("passes Kolmogorov–Smirnov against Φ at α = 1e-6", () => {
    expect(ksStatistic(x.slice(), standardNormalCdf)).toBeLessThan(ksCritical(x.length));
  });

  it("passes chi-square on 1000 equiprobable bins (df 999) at 1e-6", () => {
    expectChiSquare(equiprobableChiSquare(x, standardNormalCdf, 1000), 999);
  });

  it("hits |x| > r = 3.654 with probability 2Φ(−r) within 5σ, and is symmetric within 5σ", () => {
    const r = 3.654152885361009;
    const tail = x.reduce((c, v) => c + (Math.abs(v) > r ? 1 : 0), 0);
    expect(Math.abs(binomialZ(tail, x.length, 2 * standardNormalCdf(-r)))).toBeLessThan(Z_LIMIT);
    const negative = x.reduce((c, v) => c + (v < 0 ? 1 : 0), 0);
    expect(Math.abs(binomialZ(negative, x.length, 0.5))).toBeLessThan(Z_LIMIT);
  });
});

describe("lognormal", () => {
  const mu = 0.2;
  const sigma = 0.5;
  const x = sample(3, (rng) => lognormal(rng, mu, sigma));
  // Raw moments E[X^k] = exp(kμ + k²σ²/2).
  const raw = (k: number): number => Math.exp(k * mu + (k * k * sigma * sigma) / 2);
  const m1 = raw(1);
  const variance = raw(2) - m1 * m1;
  const mu4 = raw(4) - 4 * raw(3) * m1 + 6 * raw(2) * m1 * m1 - 3 * m1 ** 4;

  it("mean and variance within 5σ of exp(μ + σ²/2) and (e^σ² − 1)e^(2μ + σ²)", () => {
    expect(variance).toBeCloseTo((Math.exp(sigma * sigma) - 1) * Math.exp(2 * mu + sigma * sigma), 12);
    const { zMean, zVariance } = momentZScores(x, m1, variance, mu4);
    expect(Math.abs(zMean)).toBeLessThan(Z_LIMIT);
    expect(Math.abs(zVariance)).toBeLessThan(Z_LIMIT);
  });

  it("passes Kolmogorov–Smirnov against Φ((ln x − μ)/σ) at α = 1e-6", () => {
    const cdf = (v: number): number => standardNormalCdf((Math.log(v) - mu) / sigma);
    expect(ksStatistic(x.slice(), cdf)).toBeLessThan(ksCritical(x.length));
  });

  it("sigma = 0 gives e^mu; sigma < 0 or NaN gives NaN", () => {
    const rng = createStream(1, 0, 0, KIND, 30);
    expect(lognormal(rng, 1.5, 0)).toBe(Math.exp(1.5));
    expect(lognormal(rng, 0, -1)).toBeNaN();
    expect(lognormal(rng, 0, Number.NaN)).toBeNaN();
  });
});

/** log k! for k = 0..kMax by compensated (Kahan) summation of log i. */
function logFactorials(kMax: number): Float64Array {
  const out = new Float64Array(kMax + 1);
  let sum = 0;
  let carry = 0;
  for (let i = 1; i <= kMax; i++) {
    const y = Math.log(i) - carry;
    const t = sum + y;
    carry = t - sum - y;
    sum = t;
    out[i] = sum;
  }
  return out;
}

describe("poisson", () => {
  const n = 1 << 19;
  it.each([0.5, 3.7, 9.99, 10, 47.3, 1e4, 1e6])(
    "mean %d: mean and variance within 5σ (μ4 = λ + 3λ²), pmf chi-square at 1e-6",
    (lambda) => {
      const x = sample(4 + Math.round(lambda * 100), (rng) => poisson(rng, lambda), n);
      expect(x.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
      const { zMean, zVariance } = momentZScores(x, lambda, lambda, lambda + 3 * lambda * lambda);
      expect(Math.abs(zMean)).toBeLessThan(Z_LIMIT);
      expect(Math.abs(zVariance)).toBeLessThan(Z_LIMIT);

      // Bins: every k with expected count ≥ 10, plus the pooled lower and upper tails.
      const kMax = Math.ceil(lambda + 20 * Math.sqrt(lambda) + 50);
      const logFact = logFactorials(kMax);
      const pmf = (k: number): number => Math.exp(-lambda + k * Math.log(lambda) - logFact[k]);
      const counts = new Float64Array(kMax + 1);
      for (let i = 0; i < n; i++) counts[Math.min(kMax, x[i])]++;
      const observed: number[] = [];
      const expected: number[] = [];
      let lowO = 0;
      let lowE = 0;
      let k = 0;
      for (; k <= kMax && n * pmf(k) < 10; k++) {
        lowO += counts[k];
        lowE += n * pmf(k);
      }
      if (lowE > 0) {
        observed.push(lowO);
        expected.push(lowE);
      }
      let cumulative = lowE / n;
      for (; k <= kMax && n * pmf(k) >= 10; k++) {
        observed.push(counts[k]);
        expected.push(n * pmf(k));
        cumulative += pmf(k);
      }
      let highO = 0;
      for (; k <= kMax; k++) highO += counts[k];
      observed.push(highO);
      expected.push(n * (1 - cumulative));
      expectChiSquare(pearson(observed, expected), observed.length - 1);
    },
  );

  it("mean 0 gives 0; negative, NaN or infinite mean gives NaN", () => {
    const rng = createStream(1, 0, 0, KIND, 40);
    expect(poisson(rng, 0)).toBe(0);
    expect(poisson(rng, -1)).toBeNaN();
    expect(poisson(rng, Number.NaN)).toBeNaN();
    expect(poisson(rng, Number.POSITIVE_INFINITY)).toBeNaN();
  });
});

describe("uniformInt (Lemire)", () => {
  it("is uniform on [3, 12]: chi-square df 9 at 1e-6", () => {
    const x = sample(50, (rng) => uniformInt(rng, 3, 12));
    const counts = new Float64Array(10);
    for (const v of x) counts[v - 3]++;
    expect(x.every((v) => v >= 3 && v <= 12 && Number.isInteger(v))).toBe(true);
    expectChiSquare(pearson(counts, new Float64Array(10).fill(x.length / 10)), 9);
  });

  it("is unbiased for range 3·2^30, where skipping the rejection step gives residue 0 mod 3 half the mass", () => {
    const range = 3 * 2 ** 30;
    const x = sample(51, (rng) => uniformInt(rng, 0, range - 1));
    const residues = new Float64Array(3);
    const thirds = new Float64Array(3);
    for (const v of x) {
      residues[v % 3]++;
      thirds[Math.floor(v / 2 ** 30)]++;
    }
    expectChiSquare(pearson(residues, new Float64Array(3).fill(x.length / 3)), 2);
    expectChiSquare(pearson(thirds, new Float64Array(3).fill(x.length / 3)), 2);
  });

  it("full 2^32 range returns lo + nextU32()", () => {
    const a = createStream(1, 0, 0, KIND, 52);
    const b = createStream(1, 0, 0, KIND, 52);
    for (let i = 0; i < 100; i++) expect(uniformInt(a, -(2 ** 31), 2 ** 31 - 1)).toBe(-(2 ** 31) + b.nextU32());
  });

  it("lo = hi returns lo", () => {
    const rng = createStream(1, 0, 0, KIND, 53);
    expect(uniformInt(rng, -5, -5)).toBe(-5);
  });

  it("invalid bounds give NaN without consuming a draw", () => {
    const a = createStream(1, 0, 0, KIND, 54);
    const b = createStream(1, 0, 0, KIND, 54);
    expect(uniformInt(a, 5, 4)).toBeNaN();
    expect(uniformInt(a, 0.5, 4)).toBeNaN();
    expect(uniformInt(a, 0, 2 ** 32)).toBeNaN();
    expect(uniformInt(a, Number.NaN, 1)).toBeNaN();
    expect(a.nextU32()).toBe(b.nextU32());
  });
});

describe("bernoulli", () => {
  it.each([0, 1, 0.3, -1, 2, Number.NaN])("p = %d consumes exactly one nextDouble()", (p) => {
    const a = createStream(9, 1, 2, KIND, 60);
    const b = createStream(9, 1, 2, KIND, 60);
    bernoulli(a, p);
    b.nextDouble();
    // Four outputs determine the whole 128-bit state.
    for (let i = 0; i < 4; i++) expect(a.nextU32()).toBe(b.nextU32());
  });

  it("p = 0 is always false and p = 1 always true", () => {
    const rng = createStream(9, 1, 2, KIND, 61);
    for (let i = 0; i < 1000; i++) {
      expect(bernoulli(rng, 0)).toBe(false);
      expect(bernoulli(rng, 1)).toBe(true);
    }
  });

  it("success frequency at p = 0.3 within 5σ", () => {
    const x = sample(62, (rng) => (bernoulli(rng, 0.3) ? 1 : 0));
    const count = x.reduce((c, v) => c + v, 0);
    expect(Math.abs(binomialZ(count, x.length, 0.3))).toBeLessThan(Z_LIMIT);
  });
});

describe("uniform", () => {
  it("mean (a + b)/2 and variance (b − a)²/12 within 5σ, values in [a, b)", () => {
    const x = sample(70, (rng) => uniform(rng, -2, 5));
    expect(x.every((v) => v >= -2 && v < 5)).toBe(true);
    const w = 7;
    const { zMean, zVariance } = momentZScores(x, 1.5, (w * w) / 12, w ** 4 / 80);
    expect(Math.abs(zMean)).toBeLessThan(Z_LIMIT);
    expect(Math.abs(zVariance)).toBeLessThan(Z_LIMIT);
  });
});

describe("reproducibility", () => {
  it("draws from a fixed address never change (a change here changes every published result)", () => {
    const rng = createStream(42, 0, 0, 0, 0);
    const values = [
      exponential(rng),
      normal(rng),
      lognormal(rng, 0, 1),
      poisson(rng, 3),
      poisson(rng, 100),
      uniformInt(rng, 1, 6),
      bernoulli(rng, 0.5),
      uniform(rng, 0, 1),
    ];
    expect(values).toMatchInlineSnapshot(`
      [
        0.34007479457870626,
        -0.49057556114464396,
        0.2442410797287917,
        3,
        96,
        1,
        true,
        0.7779421178654042,
      ]
    `);
  });
});
