import { describe, expect, it } from "vitest";
import { varyingParams } from "../../src/compare/params.ts";
import { runInline } from "../../src/engine/run-inline.ts";
import { resolveSpec } from "../../src/spec/resolve.ts";
import { sweepShape } from "../../src/spec/sweep.ts";

describe("sweepShape", () => {
  it("names the kind and the swept keys in the order the spec declares them", () => {
    expect(sweepShape(undefined)).toBeUndefined();
    expect(sweepShape({ grid: { rate: [1, 2], nCpu: [8] } })).toEqual({ kind: "grid", keys: ["rate", "nCpu"] });
    expect(sweepShape({ list: [{ nCpu: 8 }, { nCpu: 16, rate: 3 }] })).toEqual({
      kind: "list",
      keys: ["nCpu", "rate"],
    });
    expect(sweepShape({ lhs: { n: 4, space: { rate: { uniform: [1, 2] } } } })).toEqual({
      kind: "lhs",
      keys: ["rate"],
    });
    expect(sweepShape({ random: { n: 4, space: { nCpu: { choice: [2, 4] } } } })).toEqual({
      kind: "random",
      keys: ["nCpu"],
    });
  });

  it("is recorded in the result: a derived default varies with its key but is not swept; specHash and digest ignore it", () => {
    const spec = {
      name: "derived",
      simulation: "livepatch",
      models: ["kgraft"],
      trials: 200,
      params: { nCpu: 4, nUser: 20, workload: "reduced" },
      sweep: { grid: { "reduced.blockedProb": [0.01, 0.05] } },
    };
    const resolved = resolveSpec(spec);
    expect(resolved.sweep).toEqual({ kind: "grid", keys: ["reduced.blockedProb"] });
    const doc = runInline(resolved);
    expect(doc.sweep).toEqual({ kind: "grid", keys: ["reduced.blockedProb"] });
    // The parameters alone cannot tell: the derived ones vary too.
    expect(varyingParams(doc.points)).toEqual(
      expect.arrayContaining(["reduced.blockedProb", "reduced.kthreadBlockedProb", "reduced.blockedAfterWakeProb"]),
    );
    const { sweep: _omitted, ...withoutShape } = resolved;
    const again = runInline({ ...withoutShape });
    expect(again.digest).toBe(doc.digest);
    expect(again.specHash).toBe(doc.specHash);
    expect(again.sweep).toBeUndefined();
  });
});
