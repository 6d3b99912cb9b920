import { describe, expect, it, vi } from "vitest";
import { planRun } from "../../src/engine/plan.ts";
import { runShard } from "../../src/engine/run-shard.ts";
import { McxError, McxErrorCode } from "../../src/errors.ts";
import { rendezvous } from "../../src/sim/rendezvous/index.ts";
import type { Simulation } from "../../src/sim/types.ts";
import { resolveSpec } from "../../src/spec/resolve.ts";

// A simulation that throws in one trial (a user simulation's bug): runShard fails with the trial named, as a
// deterministic McxError that no queue retries. The poison simulation is rendezvous with a kernel that throws at
// trial 1234; it is registered for this file only.
const POISON_TRIAL = 1234;
const poison: Simulation = {
  ...(rendezvous as Simulation),
  name: "poison",
  createKernel(params, models) {
    const inner = (rendezvous as Simulation).createKernel(params, models);
    return {
      get events() {
        return inner.events;
      },
      runTrial(address, out) {
        if (address.trial === POISON_TRIAL) throw new TypeError("Cannot read properties of undefined (reading 'rate')");
        inner.runTrial(address, out);
      },
    };
  },
};
vi.mock("../../src/sim/registry.ts", async (original) => {
  const real = await original<typeof import("../../src/sim/registry.ts")>();
  return {
    ...real,
    getSimulation: (name: string, path?: string) => (name === "poison" ? poison : real.getSimulation(name, path)),
  };
});

const spec = resolveSpec({ name: "poison", simulation: "rendezvous", seed: 9, trials: 4000, blockTrials: 500 });
const plan = planRun("r-p", spec, 1000);

describe("a simulation that throws in a trial", () => {
  it("fails the shard with MCX_TRIAL_FAILED naming the trial, the point, the seed and the error", () => {
    const task = { ...plan.shardTask(1), simulation: "poison" };
    let caught: unknown;
    try {
      runShard(task);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(McxError);
    const error = caught as McxError;
    expect(error.code).toBe(McxErrorCode.TRIAL_FAILED);
    expect(error.message).toBe(
      "poison failed in trial 1234 of point 0 (seed 9): TypeError: Cannot read properties of undefined (reading 'rate')",
    );
    expect(error.hint).toMatch(/fails the same way wherever it runs/);
  });

  it("does not touch the shards whose trials all succeed", () => {
    const task = { ...plan.shardTask(0), simulation: "poison" };
    expect(runShard(task)).toEqual(runShard(plan.shardTask(0)));
  });
});
