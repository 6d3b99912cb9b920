import { resolveSpec, runInline, varyingParams } from "@mcx/core";
import { describe, expect, it } from "vitest";
import { progressOfResult, snapshotContext, toSnapshot } from "../../src/runs/progress-snapshot.ts";

const spec = resolveSpec({
  name: "snap",
  simulation: "rendezvous",
  seed: 3,
  trials: 2000,
  sweep: { grid: { nCpu: [2, 16] } },
});

describe("progress snapshots", () => {
  it("labels each point of a sweep with its swept parameters", () => {
    expect(snapshotContext(spec).labels).toEqual(["nCpu=2", "nCpu=16"]);
    expect(snapshotContext(resolveSpec({ name: "one", simulation: "rendezvous", trials: 10 })).labels).toEqual([]);
  });

  it("labels by the keys the spec sweeps, not by the parameters whose defaults follow them", () => {
    // reduced.kthreadBlockedProb and reduced.blockedAfterWakeProb default to reduced.blockedProb: they vary with it.
    const livepatch = resolveSpec({
      name: "lp",
      simulation: "livepatch",
      trials: 10,
      params: { workload: "reduced" },
      sweep: { grid: { "reduced.blockedProb": [0.01, 0.05] } },
    });
    expect(varyingParams(livepatch.points)).toContain("reduced.kthreadBlockedProb");
    expect(snapshotContext(livepatch).labels).toEqual(["reduced.blockedProb=0.01", "reduced.blockedProb=0.05"]);
  });

  it("ends a run on the result's own estimates: the proportion or mean and half the interval", () => {
    const doc = runInline(spec);
    const shot = toSnapshot(progressOfResult(doc), snapshotContext(spec));
    const point = doc.points[1]!;
    const [model, m] = Object.entries(point.models)[0]!;
    const [metric, r] = Object.entries(m.metrics)[0]!;
    const slot = shot.points[1]!.slots.find((s) => s.model === model && s.metric === metric)!;
    expect(slot.estimate).toBe(r.kind === "proportion" ? r.p : r.mean);
    expect(slot.halfWidth).toBe((r.ci[1] - r.ci[0]) / 2);
    expect(shot.points[1]).toMatchObject({ label: "nCpu=16", trials: 2000, predictedTrials: 2000 });
  });
});
