import { describe, expect, it } from "vitest";
import { createStream, rngBytesStream, type Xoshiro128 } from "../../src/rng/index.ts";
import { chiSquareBounds, correlation, pearson, Z_LIMIT } from "./statistical-checks.ts";

// A small battery on the raw output of `mcx rng`-style streams. Fixed seeds, so each check either always
// passes or always fails; the false-failure rate says how likely a correct generator would be to fail for
// a seed drawn at random: each z-check is two-sided at 5σ (5.7e-7), the chi-square check at 1e-6
// (5e-7 per tail, exact chi-square quantiles). Not a substitute for PractRand/TestU01 (`mcx rng | …`).

const WORDS = 1 << 20; // 2^20 uint32 = 4 MiB

function words(rng: Xoshiro128, n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.nextU32();
  return out;
}

function doubles(rng: Xoshiro128, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.nextDouble();
  return out;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

describe("raw output battery (4 MiB per check)", () => {
  const raw = words(rngBytesStream(20_260_101, 0), WORDS);

  it("byte frequencies pass chi-square, df = 255, two-sided at false-failure rate 1e-6", () => {
    const counts = new Float64Array(256);
    const bytes = new Uint8Array(raw.buffer);
    for (let i = 0; i < bytes.length; i++) counts[bytes[i]]++;
    const expected = new Float64Array(256).fill(bytes.length / 256);
    const [lower, upper] = chiSquareBounds(255);
    const x2 = pearson(counts, expected);
    expect(x2).toBeGreaterThan(lower);
    expect(x2).toBeLessThan(upper);
  });

  it("monobit: the count of one bits is within 5σ of half (false failure 5.7e-7)", () => {
    let ones = 0;
    for (let i = 0; i < raw.length; i++) ones += popcount(raw[i]);
    const bits = raw.length * 32;
    const z = (ones - bits / 2) / Math.sqrt(bits / 4);
    expect(Math.abs(z)).toBeLessThan(Z_LIMIT);
  });

  it("lag-1 serial correlation of successive uint32 is within 5σ of 0 (false failure 5.7e-7)", () => {
    const z = correlation(raw.subarray(0, raw.length - 1), raw.subarray(1)) * Math.sqrt(raw.length - 1);
    expect(Math.abs(z)).toBeLessThan(Z_LIMIT);
  });

  it("lag-1 serial correlation of successive doubles is within 5σ of 0 (false failure 5.7e-7)", () => {
    const d = doubles(rngBytesStream(20_260_101, 1), WORDS / 2);
    const z = correlation(d.subarray(0, d.length - 1), d.subarray(1)) * Math.sqrt(d.length - 1);
    expect(Math.abs(z)).toBeLessThan(Z_LIMIT);
  });

  it("each bit position of uint32 is set half of the time, within 6σ (32 checks, false failure 6.3e-8 in all)", () => {
    const perBit = new Float64Array(32);
    for (let i = 0; i < raw.length; i++) {
      const w = raw[i];
      for (let b = 0; b < 32; b++) perBit[b] += (w >>> b) & 1;
    }
    for (let b = 0; b < 32; b++) {
      const z = (perBit[b] - raw.length / 2) / Math.sqrt(raw.length / 4);
      expect(Math.abs(z), `bit ${b}`).toBeLessThan(6);
    }
  });
});

describe("stream independence: correlation between adjacent streams within 5σ (false failure 5.7e-7 each)", () => {
  const n = 1 << 18;
  const cases: [string, () => [Xoshiro128, Xoshiro128]][] = [
    ["adjacent raw streams", () => [rngBytesStream(7, 100), rngBytesStream(7, 101)]],
    ["adjacent index", () => [createStream(7, 0, 0, 1, 0), createStream(7, 0, 0, 1, 1)]],
    ["adjacent kind", () => [createStream(7, 0, 0, 1, 0), createStream(7, 0, 0, 2, 0)]],
    ["adjacent trial", () => [createStream(7, 0, 41, 1, 0), createStream(7, 0, 42, 1, 0)]],
    ["adjacent point", () => [createStream(7, 3, 0, 1, 0), createStream(7, 4, 0, 1, 0)]],
    ["adjacent seed", () => [createStream(7, 0, 0, 1, 0), createStream(8, 0, 0, 1, 0)]],
  ];
  it.each(cases)("%s", (_, make) => {
    const [a, b] = make();
    const x = doubles(a, n);
    const y = doubles(b, n);
    expect(Math.abs(correlation(x, y) * Math.sqrt(n))).toBeLessThan(Z_LIMIT);
  });

  it("first outputs of 2^16 consecutive trial streams are uniform bytes (chi-square df 255 at 1e-6) and distinct", () => {
    const counts = new Float64Array(256);
    const seen = new Set<number>();
    const trials = 1 << 16;
    for (let t = 0; t < trials; t++) {
      const w = createStream(1, 0, t, 0, 0).nextU32();
      seen.add(w);
      for (let k = 0; k < 4; k++) counts[(w >>> (8 * k)) & 0xff]++;
    }
    const [lower, upper] = chiSquareBounds(255);
    const x2 = pearson(counts, new Float64Array(256).fill((trials * 4) / 256));
    expect(x2).toBeGreaterThan(lower);
    expect(x2).toBeLessThan(upper);
    // Collisions among 2^16 uint32 are about Poisson(C(2^16, 2) / 2^32 = 0.5): P(> 10) ≈ 1e-11.
    expect(trials - seen.size).toBeLessThanOrEqual(10);
  });
});
