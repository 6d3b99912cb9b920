import { describe, expect, it } from "vitest";
import { chooseShardTrials } from "../../src/engine/plan.ts";
import { shardTrialsFor } from "../../src/engine/shard-size.ts";
import { resolveSpec } from "../../src/spec/resolve.ts";

const base = { name: "s", simulation: "rendezvous", trials: 10_000, blockTrials: 250 };

describe("shardTrialsFor", () => {
  it("takes an explicit size over the spec's, and the spec's over a pilot", () => {
    const fixed = resolveSpec({ ...base, shardTrials: 1000 });
    expect(shardTrialsFor(fixed, { threads: 2 })).toBe(1000);
    expect(shardTrialsFor(fixed, { threads: 2, requested: 2500, secondsPerTrial: 1e-6 })).toBe(2500);
  });

  it("sizes an auto spec from the pilot as chooseShardTrials does, and as four blocks without one", () => {
    const auto = resolveSpec({ ...base, shardTrials: "auto" });
    expect(shardTrialsFor(auto, { threads: 2, secondsPerTrial: 1e-4 })).toBe(
      chooseShardTrials(auto, 1e-4, { threads: 2 }),
    );
    expect(shardTrialsFor(auto, { threads: 2 })).toBe(1000);
  });

  it("never makes a shard larger than one point's trials in whole blocks", () => {
    // 10 000 trials in blocks of 250 → 40 blocks → at most 10 000 trials.
    expect(shardTrialsFor(resolveSpec(base), { threads: 1, requested: 10_000_000 })).toBe(10_000);
    // 10 100 trials → 41 blocks (the last one partial) → 10 250.
    expect(shardTrialsFor(resolveSpec({ ...base, trials: 10_100 }), { threads: 1, requested: 1e9 })).toBe(10_250);
  });
});
