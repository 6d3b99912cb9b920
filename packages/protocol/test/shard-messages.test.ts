import { planRun, resolveSpec } from "@mcx/core";
import { describe, expect, it } from "vitest";
import { shardJobId } from "../src/names.ts";
import { parseShardJob } from "../src/shard-messages.ts";

const spec = resolveSpec({ name: "j", simulation: "rendezvous", seed: 1, trials: 2000, blockTrials: 500 });

describe("parseShardJob", () => {
  it("takes run and shard from the task, whatever '-' the run id holds", () => {
    const plan = planRun("nightly-2-run-7", spec, 500);
    const parsed = parseShardJob({ id: "nightly-2-run-7-3", data: plan.shardTask(3) });
    expect(parsed).toMatchObject({
      ok: true,
      jobId: "nightly-2-run-7-3",
      task: { runId: "nightly-2-run-7", shard: 3 },
    });
  });

  it("rejects a job whose id is not the one its task implies, or whose data is no shard task", () => {
    const plan = planRun("r-1", spec, 500);
    expect(parseShardJob({ id: shardJobId("r-1", 2), data: plan.shardTask(3) })).toEqual({
      ok: false,
      reason: "carries shard 3 of run r-1; its id must be r-1-3",
    });
    expect(parseShardJob({ id: "r-1-0", data: { runId: "r-1" } })).toMatchObject({ ok: false });
    expect(parseShardJob({ data: plan.shardTask(0) })).toMatchObject({ ok: false });
  });
});
