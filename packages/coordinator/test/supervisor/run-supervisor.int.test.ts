import { McxErrorCode, planRun, resolveSpec, runInline, runShard } from "@mcx/core";
import { shardJobId, shardMsgId, summarySubject } from "@mcx/protocol";
import { jetstream } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toResultJson } from "../../src/runs/result-sink.ts";
import { newRunRecord } from "../../src/runs/run-record.ts";
import { createRunSupervisor } from "../../src/supervisor/run-supervisor.ts";
import { type Parts, silent, startParts, testRunId } from "../helpers/parts.ts";

// The run supervisor's resume on a real nats-server -js and redis-server: what a coordinator does at start with
// the runs it finds `running` (a run whose spec changed meaning, a run whose result was stored before a crash).
const enabled = process.env["MCX_INTEGRATION"] === "1";

const raw = { name: "sup", simulation: "rendezvous", seed: 8, trials: 6000, blockTrials: 500 };
const text = JSON.stringify(raw);
const spec = resolveSpec(raw);

describe.skipIf(!enabled)("run supervisor", () => {
  let parts: Parts;

  beforeAll(async () => {
    parts = await startParts();
  });
  afterAll(async () => {
    await parts?.close();
  });

  const supervisor = () =>
    createRunSupervisor({
      context: parts.context,
      store: parts.store,
      schedules: parts.schedules,
      bus: parts.bus,
      logger: silent,
    });

  it("fails a resumed run whose stored specHash differs from this build's with MCX_SPEC_CHANGED, merging nothing", async () => {
    const runId = testRunId("changed");
    const plan = planRun(runId, spec, 1000);
    // Submitted by a build whose defaults gave the spec another hash; one shard of it is on the stream already.
    const record = { ...newRunRecord(plan, { submittedAt: new Date().toISOString() }), specHash: "sha256:older" };
    await parts.store.putSpec(runId, { fileName: "sup.json", text });
    await parts.store.putRecord(record);
    await jetstream(parts.nc).publish(summarySubject(runId), JSON.stringify(runShard(plan.shardTask(0))), {
      msgID: shardMsgId(runId, 0),
    });

    const s = supervisor();
    expect(await s.resumeUnfinished()).toBeGreaterThanOrEqual(1);
    expect(s.active()).not.toContain(runId);
    const after = await parts.store.getRecord(runId);
    expect(after).toMatchObject({
      status: "failed",
      shardsDone: 0,
      trialsDone: 0,
      error: { code: McxErrorCode.SPEC_CHANGED },
    });
    expect(after?.error?.message).toMatch(/^cannot resume: run .* specHash sha256:older/);
    expect(await parts.store.getResult(runId)).toBeUndefined();
    expect(await parts.queue.getJob(shardJobId(runId, 1))).toBeUndefined();
  });

  it("finishes the bookkeeping of a run whose result was stored before the coordinator died", async () => {
    const runId = testRunId("stored");
    const plan = planRun(runId, spec, 1000);
    const doc = runInline(spec, { runId, shardTrials: 1000 });
    await parts.store.putSpec(runId, { fileName: "sup.json", text });
    await parts.store.putRecord(newRunRecord(plan, { submittedAt: new Date().toISOString() }));
    await parts.store.putResult(runId, toResultJson(doc));

    const s = supervisor();
    await s.resumeUnfinished();
    expect(s.active()).not.toContain(runId);
    expect(await parts.store.getRecord(runId)).toMatchObject({
      status: "completed",
      digest: doc.digest,
      shardsDone: plan.shardCount,
    });
    expect(await parts.queue.getJob(shardJobId(runId, 0))).toBeUndefined();
  });

  it("resumes an unfinished run: it is driven again and its shards are queued", async () => {
    const runId = testRunId("again");
    const plan = planRun(runId, spec, 1000);
    await parts.store.putSpec(runId, { fileName: "sup.json", text });
    await parts.store.putRecord(newRunRecord(plan, { submittedAt: new Date().toISOString() }));

    const s = supervisor();
    await s.resumeUnfinished();
    expect(s.active()).toContain(runId);
    expect((await s.record(runId))?.resumed).toBe(1);
    // No worker runs here: the shards wait in the queue, under their deterministic ids.
    await expect.poll(() => parts.queue.getJob(shardJobId(runId, 5)).then((j) => j?.id)).toBe(shardJobId(runId, 5));
    await s.detachAll();
    expect(s.active()).toEqual([]);
    expect((await parts.store.getRecord(runId))?.status).toBe("running");
  });
});
