import { bernoulli, createStream, exponential, normal, poisson, uniformInt } from "@mcx/core";
import { describe, expect, it } from "vitest";
import { createTrialRng, SUB_STREAM_KIND, TRIAL_STREAM_KIND } from "../src/index.ts";

const address = { seed: 42, point: 3, trial: 1234 };

function seeded() {
  const rng = createTrialRng();
  rng.seed(address);
  return rng;
}

/** The core stream a trial's rng is on: (seed, point, trial, TRIAL_STREAM_KIND, 0). */
const coreTrialStream = () => createStream(address.seed, address.point, address.trial, TRIAL_STREAM_KIND, 0);

describe("the trial rng draws from core's addressable streams with core's samplers", () => {
  it("uniform() is the trial stream's nextDouble", () => {
    const rng = seeded();
    const core = coreTrialStream();
    for (let i = 0; i < 100; i++) expect(rng.uniform()).toBe(core.nextDouble());
  });

  it("normal, exponential, bernoulli, poisson and int are core's samplers on that stream", () => {
    const rng = seeded();
    const core = coreTrialStream();
    for (let i = 0; i < 50; i++) {
      expect(rng.normal()).toBe(normal(core));
      expect(rng.normal(2, 3)).toBe(2 + 3 * normal(core));
      expect(rng.exponential()).toBe(exponential(core));
      expect(rng.exponential(4)).toBe(exponential(core) / 4);
      expect(rng.bernoulli(0.3)).toBe(bernoulli(core, 0.3));
      expect(rng.poisson(2.5)).toBe(poisson(core, 2.5));
      expect(rng.poisson(40)).toBe(poisson(core, 40));
      expect(rng.int(-3, 9)).toBe(uniformInt(core, -3, 9));
    }
  });

  it("stream(k) is the core stream (seed, point, trial, SUB_STREAM_KIND, k), independent of the trial stream", () => {
    const rng = seeded();
    const sub = createStream(address.seed, address.point, address.trial, SUB_STREAM_KIND, 7);
    for (let i = 0; i < 20; i++) expect(rng.stream(7).uniform()).toBe(sub.nextDouble());
    // Drawing from a sub-stream does not move the trial stream.
    expect(rng.uniform()).toBe(coreTrialStream().nextDouble());
  });

  it("stream(k) is one generator within a trial and starts again at the next seed", () => {
    const rng = seeded();
    const s = rng.stream(2);
    expect(rng.stream(2)).toBe(s);
    const first = s.uniform();
    s.uniform();
    rng.seed(address);
    expect(rng.stream(2).uniform()).toBe(first);
    // A sub-stream's sub-streams are the trial's.
    expect(s.stream(5)).toBe(rng.stream(5));
  });

  it("seeding again restarts the trial stream (what gives every model of a trial the same numbers)", () => {
    const rng = seeded();
    const a = [rng.uniform(), rng.normal(), rng.int(1, 6)];
    rng.seed(address);
    expect([rng.uniform(), rng.normal(), rng.int(1, 6)]).toEqual(a);
    rng.seed({ ...address, trial: address.trial + 1 });
    expect(rng.uniform()).not.toBe(a[0]);
  });
});

describe("the trial rng's scaled forms have the stated means (5σ, false-failure rate 5.7e-7 each)", () => {
  const n = 200_000;
  function meanZ(draw: () => number, mean: number, sd: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) s += draw();
    return (s / n - mean) / (sd / Math.sqrt(n));
  }

  it("uniform(lo, hi): mean (lo + hi)/2, sd (hi − lo)/√12", () => {
    const rng = seeded();
    expect(Math.abs(meanZ(() => rng.uniform(-2, 6), 2, 8 / Math.sqrt(12)))).toBeLessThan(5);
  });

  it("normal(mean, sd): mean and sd as given", () => {
    const rng = seeded();
    expect(Math.abs(meanZ(() => rng.normal(10, 0.5), 10, 0.5))).toBeLessThan(5);
  });

  it("exponential(rate): mean and sd 1/rate", () => {
    const rng = seeded();
    expect(Math.abs(meanZ(() => rng.exponential(4), 0.25, 0.25))).toBeLessThan(5);
  });

  it("int(lo, hi) covers both ends: mean (lo + hi)/2, variance ((hi − lo + 1)² − 1)/12", () => {
    const rng = seeded();
    const seen = new Set<number>();
    const z = meanZ(
      () => {
        const k = rng.int(1, 6);
        seen.add(k);
        return k;
      },
      3.5,
      Math.sqrt(35 / 12),
    );
    expect(Math.abs(z)).toBeLessThan(5);
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe("the trial rng refuses arguments outside a sampler's domain", () => {
  const rng = seeded();
  it.each([
    ["exponential(0)", () => rng.exponential(0), "rng.exponential(rate) needs rate > 0 (got 0)"],
    ["normal(0, -1)", () => rng.normal(0, -1), "rng.normal(mean, sd) needs sd ≥ 0 (got -1)"],
    ["bernoulli(1.5)", () => rng.bernoulli(1.5), "rng.bernoulli(p) needs 0 ≤ p ≤ 1 (got 1.5)"],
    ["poisson(NaN)", () => rng.poisson(Number.NaN), "rng.poisson(mean) needs a finite mean ≥ 0 (got NaN)"],
    ["int(2, 1)", () => rng.int(2, 1), "rng.int(lo, hi) needs integers lo ≤ hi with hi − lo < 2^32 (got 2, 1)"],
    ["int(0, 0.5)", () => rng.int(0, 0.5), "rng.int(lo, hi) needs integers lo ≤ hi with hi − lo < 2^32 (got 0, 0.5)"],
    ["uniform(1, 0)", () => rng.uniform(1, 0), "rng.uniform(lo, hi) needs lo ≤ hi (got 1, 0)"],
    ["stream(-1)", () => rng.stream(-1), "rng.stream(k) needs an integer in [0, 2^32) (got -1)"],
  ])("%s throws a RangeError", (_, call, message) => {
    expect(call).toThrow(new RangeError(message));
  });
});
