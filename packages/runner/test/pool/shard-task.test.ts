import {
  buildResult,
  decodeSummaryBytes,
  McxErrorCode,
  planRun,
  RunMerger,
  resolveSpec,
  summaryFingerprint,
} from "@mcx/core";
import { MERGE_FIXTURES } from "@mcx/testkit";
import { valueSymbol } from "piscina";
import { describe, expect, it } from "vitest";
import shardTask, { encoded as encodedReply } from "../../src/pool/shard-task.ts";
import type { EncodedOutcome } from "../../src/pool/task-outcome.ts";

const spec = resolveSpec({
  name: "t",
  simulation: "rendezvous",
  seed: 5,
  trials: 1000,
  blockTrials: 100,
  params: { nCpu: 4 },
});
const plan = planRun("r1", spec, 300);

/** The task `encoded`'s outcome, out of the wrapper that has piscina transfer its buffer. */
async function encoded(payload: unknown): Promise<EncodedOutcome> {
  return ((await encodedReply(payload)) as unknown as Record<symbol, EncodedOutcome>)[valueSymbol]!;
}

describe("shard task (piscina entry)", () => {
  it("returns the shard's summary as JSON text: blocks 3–5 of 100 trials for shard 1 of 300-trial shards", async () => {
    const outcome = await shardTask(plan.shardTask(1));
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.trials).toBe(300);
    expect(JSON.parse(outcome.summaryJson)).toMatchObject({
      runId: "r1",
      shard: 1,
      point: 0,
      blockStart: 3,
      blockEnd: 6,
    });
  });

  it("gives summaries that merge into the fixture's golden digest", async () => {
    const fixture = MERGE_FIXTURES.driveFixed;
    const merger = new RunMerger(planRun("golden", resolveSpec(fixture.spec), 300));
    for (let s = 0; s < merger.plan.shardCount; s++) {
      const outcome = await shardTask(merger.plan.shardTask(s));
      if (!outcome.ok) throw new Error(outcome.error.message);
      expect(merger.apply(merger.validate(JSON.parse(outcome.summaryJson)))).toBe("merged");
    }
    const doc = buildResult(merger, { runId: "golden", startedAt: "", wallSeconds: 0, mode: "embedded", threads: 1 });
    expect(doc.digest).toBe(fixture.digest);
  });

  it("encoded: the summary in the binary codec, decoding to the JSON form's summary, with that form's fingerprint", async () => {
    for (const s of [0, 2, plan.shardCount - 1]) {
      const plain = await shardTask(plan.shardTask(s));
      const outcome = await encoded(plan.shardTask(s));
      expect(outcome.ok && plain.ok).toBe(true);
      if (!outcome.ok || !plain.ok) return;
      const json = JSON.parse(plain.summaryJson);
      expect(decodeSummaryBytes(outcome.summaryBytes)).toStrictEqual([json]);
      expect(outcome.fingerprint).toBe(summaryFingerprint(json));
      expect(outcome).toMatchObject({ trials: plain.trials });
    }
  });

  it("encoded: a failed shard is reported as by the default task (nothing to transfer)", async () => {
    expect(await encodedReply({ runId: "r1", shard: -1 })).toMatchObject({
      ok: false,
      error: { code: McxErrorCode.MESSAGE_INVALID },
      deterministic: true,
    });
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
