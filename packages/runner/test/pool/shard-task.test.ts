import { McxErrorCode, planRun, resolveSpec, runShard, summaryFingerprint } from "@mcx/core";
import { describe, expect, it } from "vitest";
import shardTask from "../../src/pool/shard-task.ts";

const spec = resolveSpec({
  name: "t",
  simulation: "rendezvous",
  seed: 5,
  trials: 1000,
  blockTrials: 100,
  params: { nCpu: 4 },
});
const plan = planRun("r1", spec, 300);

describe("shard task (piscina entry)", () => {
  it("returns the same summary as core runShard, as JSON text", async () => {
    const outcome = await shardTask(plan.shardTask(1));
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.trials).toBe(300);
    expect(summaryFingerprint(JSON.parse(outcome.summaryJson))).toBe(summaryFingerprint(runShard(plan.shardTask(1))));
  });

  it("reports a malformed payload as deterministic MCX_MESSAGE_INVALID instead of throwing", async () => {
    const outcome = await shardTask({ runId: "r1", shard: -1 });
    expect(outcome).toMatchObject({
      ok: false,
      error: { code: McxErrorCode.MESSAGE_INVALID },
      deterministic: true,
    });
  });

  it("reports an invalid simulation or parameters as deterministic (never worth a retry)", async () => {
    expect(await shardTask({ ...plan.shardTask(0), simulation: "nope" })).toMatchObject({
      ok: false,
      error: { code: McxErrorCode.UNKNOWN_SIMULATION },
      deterministic: true,
    });
    expect(await shardTask({ ...plan.shardTask(0), params: { nCpu: -3 } })).toMatchObject({
      ok: false,
      deterministic: true,
    });
  });

  it("a task naming a bundle in a pool without a bundle directory fails deterministically, naming it", async () => {
    const hash = `sha256:${"ab".repeat(32)}`;
    expect(await shardTask({ ...plan.shardTask(0), bundle: hash })).toMatchObject({
      ok: false,
      error: { code: McxErrorCode.INTERNAL, message: expect.stringContaining(hash) },
      deterministic: true,
    });
  });
});
