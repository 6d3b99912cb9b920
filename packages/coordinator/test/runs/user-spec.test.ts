import { getSimulation, McxErrorCode, resolveSpec, type Simulation, SpecError, shapeOf } from "@mcx/core";
import { UserSimulationRequest } from "@mcx/protocol";
import { describe, expect, it } from "vitest";
import type { ApiBackend } from "../../src/api/backend.ts";
import { planSpec } from "../../src/api/submit-spec.ts";
import { newRunRecord } from "../../src/runs/run-record.ts";
import { resumeAction } from "../../src/supervisor/resume-action.ts";

// What `mcx submit` sends for a user simulation, planned and resumed by the coordinator without its code. The
// built-in rendezvous stands in for the user's simulation (under another name): a user simulation is a Simulation
// like any other.
const user: Simulation = { ...getSimulation("rendezvous"), name: "rdv-user" };
const bundle = `sha256:${"ab".repeat(32)}`;
const raw = { name: "u", simulation: "./rdv.ts", seed: 9, trials: 4000, blockTrials: 250, params: { nCpu: 8 } };
const text = "name: u\nsimulation: ./rdv.ts\ntrials: 4000\n";

function request(overrides: Partial<Record<string, unknown>> = {}, secondsPerTrial?: number): UserSimulationRequest {
  const spec = resolveSpec({ ...raw, ...overrides }, { simulation: user, bundle });
  return JSON.parse(
    JSON.stringify({
      bundle,
      shape: shapeOf(user),
      spec,
      ...(secondsPerTrial === undefined ? {} : { secondsPerTrial }),
    }),
  ) as UserSimulationRequest;
}

const backend = { threads: () => 4 } as unknown as ApiBackend;

describe("the coordinator plans a user simulation's run from what mcx submit sent", () => {
  it("plans it as the client resolved it: shard tasks name the bundle, the plan merges by the shape", () => {
    const plan = planSpec(backend, text, "u.yaml", { user: request({ shardTrials: 1000 }) });
    expect(plan.spec.specHash).toBe(request({ shardTrials: 1000 }).spec.specHash);
    expect(plan.shardCount).toBe(4);
    expect(plan.shardTask(0)).toMatchObject({ simulation: "rdv-user", bundle, params: { nCpu: 8 } });
    expect(plan.simulation?.metrics.map((m) => m.name)).toEqual(["pause", "late"]);
  });

  it("takes a swept spec through the wire schema with its sweep's shape, for the report", () => {
    const swept = UserSimulationRequest.parse(request({ shardTrials: 1000, sweep: { grid: { nCpu: [8, 16] } } }));
    expect(swept.spec.sweep).toEqual({ kind: "grid", keys: ["nCpu"] });
    const plan = planSpec(backend, text, "u.yaml", { user: swept });
    expect(plan.spec.points.map((p) => p.params["nCpu"])).toEqual([8, 16]);
  });

  it("sizes an auto run from the client's timing, and refuses an auto run without one", () => {
    const plan = planSpec(backend, text, "u.yaml", { user: request({}, 1e-4) });
    expect(plan.shardTrials).toBeGreaterThanOrEqual(250);
    let e: unknown;
    try {
      planSpec(backend, text, "u.yaml", { user: request() });
    } catch (caught) {
      e = caught;
    }
    expect(e).toBeInstanceOf(SpecError);
    expect((e as SpecError).path).toBe("user.secondsPerTrial");
  });

  it("refuses a spec that names another bundle than the request", () => {
    const r = request({ shardTrials: 1000 });
    const other = { ...r, bundle: `sha256:${"cd".repeat(32)}` };
    expect(() => planSpec(backend, text, "u.yaml", { user: other })).toThrow(/spec\.bundle must be the bundle sent/);
  });

  it("resumes it from the stored request (never resolving the text), and fails one whose specHash changed", () => {
    const stored = { fileName: "u.yaml", text, user: request({ shardTrials: 1000 }) };
    const plan = planSpec(backend, text, "u.yaml", { user: stored.user });
    const record = newRunRecord(plan, { submittedAt: "2026-01-01T00:00:00.000Z" });
    const action = resumeAction(record, stored, undefined);
    expect(action.kind).toBe("resume");
    if (action.kind === "resume") {
      expect(action.plan.shardCount).toBe(plan.shardCount);
      expect(action.plan.shardTask(3)).toEqual(plan.shardTask(3));
      expect(action.plan.simulation?.name).toBe("rdv-user");
    }
    const changed = resumeAction({ ...record, specHash: "sha256:other" }, stored, undefined);
    expect(changed.kind === "fail" && changed.error.code).toBe(McxErrorCode.SPEC_CHANGED);
  });

  it("tells a spec text of a module path without its bundle that only the CLI loads modules", () => {
    expect(() => planSpec(backend, text, "u.yaml")).toThrow(/names a simulation module \(\.\/rdv\.ts\)/);
  });
});
