import { buildResult, McxError, McxErrorCode, planRun, RunMerger, resolveSpec, summaryFingerprint } from "@mcx/core";
import { MERGE_FIXTURES } from "@mcx/testkit";
import { valueSymbol } from "piscina";
import { describe, expect, it } from "vitest";
import type { ShardEvent, ShardJob } from "../../src/drive/types.ts";
import { packedEvents } from "../../src/embedded/packed-events.ts";
import { TaskTemplates } from "../../src/embedded/task-templates.ts";
import type { PackedOutcome } from "../../src/pool/packed-outcome.ts";
import { packed } from "../../src/pool/packed-task.ts";

/** What the main thread receives: piscina posts the movable's value (its buffer transferred). */
async function runPacked(jobs: readonly ShardJob[], templates = new TaskTemplates()): Promise<PackedOutcome> {
  const template = templates.of(jobs[0]!.task);
  const ranges = jobs.flatMap((j) => [j.task.shard, j.task.blockStart, j.task.blockEnd]);
  const reply = (await packed({ template, ranges })) as unknown as Record<symbol, PackedOutcome>;
  return reply[valueSymbol]!;
}

const jobsOf = (plan: ReturnType<typeof planRun>, shards: number[]): ShardJob[] =>
  shards.map((shard) => ({ shard, task: plan.shardTask(shard) }));

describe("packed shard tasks (the embedded queue's way to the pool)", () => {
  it("give summaries and fingerprints that merge into the fixture's golden digest", async () => {
    const fixture = MERGE_FIXTURES.driveFixed;
    const merger = new RunMerger(planRun("golden", resolveSpec(fixture.spec), 300));
    const shards = Array.from({ length: merger.plan.shardCount }, (_, s) => s);
    const templates = new TaskTemplates();
    // Shards of one point per task, as the queue packs them, three at most.
    for (let s = 0; s < shards.length; ) {
      const point = merger.plan.shardPoint[s];
      const pack = shards.slice(s, s + 3).filter((i) => merger.plan.shardPoint[i] === point);
      const jobs = jobsOf(merger.plan, pack);
      const events = await Promise.all(packedEvents(jobs, await runPacked(jobs, templates)));
      for (const e of events) {
        if (e.type !== "summary") throw e.error;
        const summary = merger.validate(e.summary);
        expect(e.fingerprint).toBe(summaryFingerprint(summary));
        expect(merger.apply(summary, e.fingerprint)).toBe("merged");
      }
      s += pack.length;
    }
    const doc = buildResult(merger, { runId: "golden", startedAt: "", wallSeconds: 0, mode: "embedded", threads: 1 });
    expect(doc.digest).toBe(fixture.digest);
  });

  it("report a shard that fails beside the ones that did not, deterministic", async () => {
    const plan = planRun(
      "r1",
      resolveSpec({ name: "t", simulation: "rendezvous", seed: 5, trials: 900, blockTrials: 100, params: { nCpu: 4 } }),
      300,
    );
    const [a, b] = jobsOf(plan, [0, 1]);
    const template = new TaskTemplates().of(a!.task);
    // Shard 1 with a block range the schema refuses (blockEnd 0).
    const reply = (await packed({ template, ranges: [0, 0, 3, 1, 3, 0] })) as unknown as Record<symbol, PackedOutcome>;
    const events = await Promise.all(packedEvents([a!, b!], reply[valueSymbol]!));
    expect(events[0]).toMatchObject({ type: "summary", shard: 0 });
    expect(events[1]).toMatchObject({ type: "failed", shard: 1 });
    expect((events[1] as { error: McxError }).error.code).toBe(McxErrorCode.MESSAGE_INVALID);
  });

  it("a malformed reply fails its shards with MCX_MESSAGE_INVALID instead of throwing on the main thread", async () => {
    const plan = planRun(
      "r1",
      resolveSpec({ name: "t", simulation: "rendezvous", seed: 5, trials: 900, blockTrials: 100, params: { nCpu: 4 } }),
      300,
    );
    const jobs = jobsOf(plan, [0, 1]);
    const good = await runPacked(jobs);
    const cut = good.summaries.subarray(0, good.summaries.length - 3);
    const replies: unknown[] = [
      undefined,
      null,
      { ...good, summaries: new Float64Array([1, 2, 3]) },
      { ...good, summaries: cut },
      { ...good, summaries: Array.from(good.summaries) },
      { ...good, fingerprints: good.fingerprints.slice(1) },
      { ...good, failures: [{ index: 0, error: { code: "MCX_INTERNAL", message: "x" }, deterministic: true }] },
      { ...good, summaries: new Float64Array(good.summaries.buffer.slice(0, 16)) },
    ];
    for (const reply of replies) {
      const events: ShardEvent[] = await Promise.all(packedEvents(jobs, reply as PackedOutcome));
      expect(events.map((e) => e.type)).toEqual(["failed", "failed"]);
      for (const e of events) {
        if (e.type !== "failed") continue;
        expect(e.error).toBeInstanceOf(McxError);
        expect(e.error.code).toBe(McxErrorCode.MESSAGE_INVALID);
      }
    }
  });

  it("templates: one text per point, the same string while the shared fields are the same", () => {
    const plan = planRun(
      "r1",
      resolveSpec({ name: "t", simulation: "rendezvous", seed: 5, trials: 900, blockTrials: 100, params: { nCpu: 4 } }),
      100,
    );
    const templates = new TaskTemplates();
    const first = templates.of(plan.shardTask(0));
    expect(templates.of(plan.shardTask(5))).toBe(first);
    expect(JSON.parse(first)).not.toHaveProperty("shard");
    const other = templates.of({ ...plan.shardTask(5), seed: 6 });
    expect(other).not.toBe(first);
    expect(JSON.parse(other).seed).toBe(6);
  });
});
