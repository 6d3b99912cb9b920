import { describe, expect, it } from "vitest";
import { planRun } from "../../src/engine/plan.ts";
import { runInline } from "../../src/engine/run-inline.ts";
import { runShard } from "../../src/engine/run-shard.ts";
import { rendezvous } from "../../src/sim/rendezvous/index.ts";
import type { Simulation, TrialKernel } from "../../src/sim/types.ts";
import { resolveSpec } from "../../src/spec/resolve.ts";

// A simulation that is not in the registry (as a user simulation loaded from its bundle): a constant kernel.
function constant(value: number): Simulation {
  return {
    ...rendezvous,
    name: "constant",
    createKernel: (_params, models): TrialKernel => ({
      events: 0,
      runTrial(_address, out) {
        for (let slot = 0; slot < models.length; slot++) out.fill(value, slot * 2, slot * 2 + 2);
      },
    }),
  } as Simulation;
}

const raw = { name: "given", simulation: "./constant.ts", trials: 600, blockTrials: 100 };

describe("the engine runs a simulation it is given, not only the built-ins", () => {
  it("resolves a spec against the given simulation and names it in the resolved spec", () => {
    const spec = resolveSpec(raw, { simulation: constant(1) });
    expect(spec.simulation).toBe("constant");
    expect(spec.models).toEqual(["plain", "antithetic"]);
    expect(spec.points[0]!.params).toEqual({ nCpu: 32, rate: 1000, threshold: 0.005 });
  });

  it("runs it through plan, runShard and the merger", () => {
    const sim = constant(0.25);
    const doc = runInline(resolveSpec(raw, { simulation: sim }), { simulation: sim });
    const pause = doc.points[0]!.models.plain!.metrics.pause!;
    expect(pause.kind === "continuous" && pause.mean).toBe(0.25);
  });

  it("a given rendezvous gives the built-in's digest (the engine treats both alike)", () => {
    const builtIn = runInline(resolveSpec({ ...raw, simulation: "rendezvous" }));
    const given = runInline(resolveSpec(raw, { simulation: rendezvous as Simulation }), {
      simulation: rendezvous as Simulation,
    });
    expect(given.digest).toBe(builtIn.digest);
  });

  it("two simulations of one name never share a cached kernel", () => {
    const one = constant(1);
    const two = constant(2);
    const task = planRun("r", resolveSpec(raw, { simulation: one }), 100).shardTask(0);
    const first = runShard(task, one);
    const second = runShard(task, two);
    // Block record of the first slot: [n, mean, m2].
    expect(first.blocks.slice(0, 2)).toEqual([100, 1]);
    expect(second.blocks.slice(0, 2)).toEqual([100, 2]);
  });
});
