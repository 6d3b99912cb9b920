import { resolveSpec, runInline } from "@mcx/core";
import { describe, expect, it } from "vitest";
import { assessRegression } from "../../src/runs/regression.ts";

const spec = (rate: number, seed = 3) =>
  resolveSpec({
    name: "rdv",
    simulation: "rendezvous",
    seed,
    trials: 20_000,
    blockTrials: 1000,
    params: { nCpu: 8, rate },
  });

describe("assessRegression", () => {
  it("is absent (differs false, identical) when the result is the baseline's own", () => {
    const doc = runInline(spec(1000));
    const r = assessRegression(doc, runInline(spec(1000)));
    expect(r).toMatchObject({ differs: false, identical: true, significant: 0, baselineDigest: doc.digest });
    expect(r.summary).toMatch(/^identical to the baseline \(sha256:/);
  });

  it("flags a shifted rate (pause scales as 1/rate: −23 % from 1000 to 1300) and names what differs", () => {
    // E[pause] = H_8 / rate: 1300 vs 1000 is a 23 % drop, > 20 standard errors at 20k trials (no false failure).
    const r = assessRegression(runInline(spec(1000)), runInline(spec(1300)));
    expect(r.differs).toBe(true);
    expect(r.identical).toBe(false);
    expect(r.significant).toBeGreaterThan(0);
    expect(r.summary).toMatch(/tests differ \(q ≤ 0\.05\): point 0 \w+ mean pause -2\d%/);
    expect(r.summary).toMatch(/parameters differ \(rate 1000 → 1300\)/);
    // Same seed and trials: the nightly run is aligned with its baseline, so the tests are paired.
    expect(r.summary).toMatch(/; paired over 20 aligned batches;/);
  });

  it("finds no significant difference between two seeds of the same spec, and says so", () => {
    const a = runInline(spec(1000));
    const r = assessRegression(a, runInline(spec(1000, 4)));
    // Two independent samples of one distribution: each test is significant with probability ≤ 0.05 under BH, so
    // this can fail by chance; seeds 3 and 4 are fixed, so it is deterministic here.
    expect(r.identical).toBe(false);
    expect(r.summary).toMatch(/^no significant difference in \d+ tests/);
    expect(r.differs).toBe(false);
  });
});
