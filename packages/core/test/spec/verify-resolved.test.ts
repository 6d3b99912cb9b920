import { describe, expect, it } from "vitest";
import { planRun } from "../../src/engine/plan.ts";
import { RunMerger } from "../../src/engine/run-merger.ts";
import { runShard } from "../../src/engine/run-shard.ts";
import { McxErrorCode, SpecError } from "../../src/errors.ts";
import { rendezvous } from "../../src/sim/rendezvous/index.ts";
import { shapeOf, simulationFromShape } from "../../src/sim/shape.ts";
import type { Simulation } from "../../src/sim/types.ts";
import { type ResolvedSpec, resolveSpec } from "../../src/spec/resolve.ts";
import { verifyResolvedSpec } from "../../src/spec/verify-resolved.ts";

// The coordinator's side of a user simulation's run: it gets the spec resolved by the client and the simulation's
// shape, checks them, and merges by the shape alone. Rendezvous stands in for a user simulation here (a user
// simulation is a Simulation like any other).
const user = { ...rendezvous, name: "rdv-user" } as Simulation;
const bundle = `sha256:${"ab".repeat(32)}`;
const raw = { name: "u", simulation: "./rdv.ts", seed: 9, trials: 2000, blockTrials: 250, params: { nCpu: 8 } };
const resolved = (): ResolvedSpec => resolveSpec(raw, { simulation: user, bundle });

function specError(f: () => unknown): SpecError {
  try {
    f();
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw e;
  }
  throw new Error("expected a SpecError");
}

describe("a user simulation's spec on the coordinator", () => {
  it("its specHash covers the bundle: another bundle, another hash; built-ins have no bundle field", () => {
    const other = resolveSpec(raw, { simulation: user, bundle: `sha256:${"cd".repeat(32)}` });
    expect(resolved().specHash).not.toBe(other.specHash);
    expect(resolved().bundle).toBe(bundle);
    const builtIn = resolveSpec({ ...raw, simulation: "rendezvous" });
    expect("bundle" in builtIn).toBe(false);
    expect(planRun("r", resolved(), 500).shardTask(0).bundle).toBe(bundle);
    expect("bundle" in planRun("r", builtIn, 500).shardTask(0)).toBe(false);
  });

  it("accepts the spec the client resolved, sent through JSON, with the simulation's shape", () => {
    const wire = JSON.parse(JSON.stringify(resolved())) as ResolvedSpec;
    const shape = simulationFromShape(JSON.parse(JSON.stringify(shapeOf(user))));
    expect(verifyResolvedSpec(wire, shape)).toEqual(wire);
  });

  it.each([
    [
      "a changed parameter",
      (s: ResolvedSpec) => ({ ...s, points: [{ index: 0, params: { nCpu: 9 } }] }),
      "spec.specHash",
    ],
    ["another bundle", (s: ResolvedSpec) => ({ ...s, bundle: `sha256:${"cd".repeat(32)}` }), "spec.specHash"],
    ["no bundle", (s: ResolvedSpec) => ({ ...s, bundle: undefined }), "spec.bundle"],
    ["a model the shape lacks", (s: ResolvedSpec) => ({ ...s, models: ["plain", "fancy"] }), "spec.models[1]"],
    ["another simulation's name", (s: ResolvedSpec) => ({ ...s, simulation: "livepatch" }), "spec.simulation"],
    [
      "points out of order",
      (s: ResolvedSpec) => ({ ...s, points: [{ ...s.points[0]!, index: 3 }] }),
      "spec.points[0].index",
    ],
  ])("refuses %s, naming the field", (_what, change, path) => {
    const e = specError(() => verifyResolvedSpec(change(resolved()) as ResolvedSpec, user));
    expect(e.path).toBe(path);
  });

  it("refuses a spec beyond the limits before anything else", () => {
    const s = resolved();
    const huge = { ...s, maxTrials: 10_000_000_000 };
    const e = specError(() => verifyResolvedSpec({ ...huge, specHash: "x" }, user));
    expect(e.path).toBe("spec.maxTrials");
    const many = { ...s, points: Array.from({ length: 10_001 }, (_, index) => ({ index, params: {} })) };
    const e2 = specError(() => verifyResolvedSpec({ ...many, specHash: "x" }, user));
    expect(e2.code).toBe(McxErrorCode.SPEC_LIMIT);
  });

  it("merges shards of the real simulation by its shape alone, to the same result", () => {
    const spec = resolved();
    const shape = simulationFromShape(shapeOf(user));
    const real = new RunMerger(planRun("r", spec, 500, { simulation: user }));
    const byShape = new RunMerger(planRun("r", spec, 500, { simulation: shape }));
    for (let s = 0; s < real.plan.shardCount; s++) {
      const summary = runShard(real.plan.shardTask(s), user);
      real.apply(summary);
      byShape.apply(byShape.validate(JSON.parse(JSON.stringify(summary))));
    }
    expect(byShape.done).toBe(true);
    expect(byShape.points[0]!.trials).toBe(2000);
    expect(JSON.stringify(byShape.layout.slots)).toBe(JSON.stringify(real.layout.slots));
  });

  it("a shape never runs a trial, and refuses to contradict itself", () => {
    const shape = simulationFromShape(shapeOf(user));
    expect(() => shape.createKernel({}, ["plain"])).toThrow(/known here by its shape only/);
    const bad = { ...shapeOf(user), comparisonMetrics: ["late"] };
    expect(specError(() => simulationFromShape(bad)).path).toBe("simulation.comparisonMetrics");
  });
});
