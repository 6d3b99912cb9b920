import type { ProgressMessage } from "@mcx/client";
import { McxErrorCode, resolveSpec, runInline } from "@mcx/core";
import { shardJobId, Topology } from "@mcx/protocol";
import { MERGE_FIXTURES, stopProcess } from "@mcx/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toResultJson } from "../../src/runs/result-sink.ts";
import { finishedRun, mergedShards, waitFor } from "../helpers/cluster.ts";
import { addPoisonShard } from "../helpers/poison.ts";
import { TestCluster } from "../helpers/test-cluster.ts";

// The API's read-only views and the new counters on a real cluster: coordinator and two workers as processes from
// the built JavaScript, against redis-server and nats-server with infra/'s roles, asked through @mcx/client.
const enabled = process.env["MCX_INTEGRATION"] === "1";
const { spec: longSpec, digest: longDigest } = MERGE_FIXTURES.distributedLong;

describe.skipIf(!enabled)("the coordinator API's views of queues, dead letters, throughput and retries", () => {
  const cluster = new TestCluster("inspect", {
    coordinatorEnv: { MCX_SHARD_BACKOFF_MS: "200" },
    // A killed worker's shards come back after the lock expires: short here to keep the test quick.
    workerEnv: { MCX_LOCK_DURATION_MS: "3000", MCX_STALLED_INTERVAL_MS: "1000" },
  });

  beforeAll(async () => {
    await cluster.start();
    await cluster.startCoordinator();
    await Promise.all([cluster.startWorker("w1"), cluster.startWorker("w2")]);
    await cluster.waitForWorkers(2);
  });
  afterAll(() => cluster.stop());

  // First: the workers' totals are all inside the coordinator's first minute, so the window covers all of them.
  it("tells each worker's throughput over the last minute: every shard it completed since the coordinator heard it", async () => {
    const { spec, digest } = MERGE_FIXTURES.distributedFixed;
    const { runId } = await cluster.client.submit({
      spec: JSON.stringify(spec),
      fileName: "fixed.json",
      shardTrials: 2500,
    });
    expect((await finishedRun(cluster.client, runId)).digest).toBe(digest);
    // The next heartbeat of each worker carries its final total.
    const listed = await waitFor(async () => {
      const { workers: now } = await cluster.client.list();
      return now.reduce((n, w) => n + (w.throughput?.shards ?? 0), 0) >= 24 ? now : undefined;
    }, "heartbeats with the run's 24 shards");
    for (const w of listed) {
      expect(w.throughput!.windowSeconds).toBeLessThan(60);
      // Each worker's first heartbeat here said 0 completed: the window holds its whole total.
      expect(w.throughput!.shards).toBe(w.completed);
      expect(w.throughput!.shardsPerSecond).toBeCloseTo(w.completed / w.throughput!.windowSeconds, 9);
    }
    expect(listed.reduce((n, w) => n + w.completed, 0)).toBe(24);
  });

  it("lists a poison shard's dead letter under its run, with the worker's code, and counts it in the queue", async () => {
    const runId = "poison-run-1";
    await addPoisonShard(cluster.redis.url, runId, 3);
    const dead = await waitFor(async () => {
      const r = await cluster.client.deadLetters({ runId });
      return r.matching === 1 ? r : undefined;
    }, "the poison shard's dead letter");
    expect(dead.letters).toEqual([
      expect.objectContaining({ jobId: shardJobId(runId, 3), runId, shard: 3, code: McxErrorCode.UNKNOWN_SIMULATION }),
    ]);
    // Deterministic: failed for good at its first attempt, not retried.
    expect(dead.letters[0]!.attempts).toBe(1);
    expect(dead.byRun).toContainEqual({ runId, count: 1 });
    const { queues } = await cluster.client.queues();
    expect(queues.map((q) => q.name)).toEqual([Topology.queue, Topology.scheduleQueue]);
    expect(queues[0]!.failed).toBe(dead.total);
    expect(queues[0]!.completed).toBeGreaterThanOrEqual(24);
  });

  it("counts the shards retried after a worker is killed mid-shard, live and in the result, with the same digest", async () => {
    const { runId } = await cluster.client.submit({ spec: JSON.stringify(longSpec), fileName: "long.json" });
    const seen: ProgressMessage[] = [];
    const watching = (async () => {
      for await (const m of cluster.client.watch(runId)) seen.push(m);
    })();
    await mergedShards(cluster.client, runId, 4);
    const victim = cluster.worker("w1");
    victim.child.kill("SIGKILL");
    const run = await finishedRun(cluster.client, runId);
    await watching;
    expect(run.status).toBe("completed");
    const doc = await cluster.client.results(runId);
    expect(doc.digest).toBe(longDigest);
    // The victim held its two BullMQ jobs (concurrency 2) when it died: the other worker ran them again.
    expect(run.shardsRetried).toBeGreaterThanOrEqual(1);
    expect(doc.run.shards.retried).toBe(run.shardsRetried);
    const live = seen.filter((m) => m.status === "running" && (m.shardsRetried ?? 0) > 0);
    expect(live.length).toBeGreaterThan(0);
    process.stdout.write(`worker SIGKILL mid-run: ${run.shardsRetried} of ${run.shardsPlanned} shards retried\n`);
    await stopProcess(victim.child);
    await cluster.startWorker("w1");
  });

  it("serves a schedule's baseline as it was stored, and says when there is none", async () => {
    const { spec, digest } = MERGE_FIXTURES.scheduleBaseline;
    const baseline = toResultJson(runInline(resolveSpec(spec)));
    expect(JSON.parse(baseline).digest).toBe(digest);
    const text = JSON.stringify(spec);
    await cluster.client.scheduleAdd({ name: "with-baseline", everySeconds: 86_400, spec: text, baseline });
    await cluster.client.scheduleAdd({ name: "without", everySeconds: 86_400, spec: text });
    expect(await cluster.client.scheduleBaselineText("with-baseline")).toBe(baseline);
    await expect(cluster.client.scheduleBaselineText("without")).rejects.toMatchObject({
      code: McxErrorCode.SCHEDULE_NOT_FOUND,
      message: "schedule without has no baseline",
    });
    await expect(cluster.client.scheduleBaselineText("nobody")).rejects.toMatchObject({
      code: McxErrorCode.SCHEDULE_NOT_FOUND,
      message: "schedule nobody does not exist",
    });
    // Each schedule's next tick waits in the schedule queue as a delayed job.
    const { queues } = await cluster.client.queues();
    expect(queues.find((q) => q.name === Topology.scheduleQueue)!.delayed).toBe(2);
    await cluster.client.scheduleRemove("with-baseline");
    await cluster.client.scheduleRemove("without");
  });
});
