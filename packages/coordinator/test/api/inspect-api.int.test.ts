import { connectClient, type McxClient, type ProgressMessage } from "@mcx/client";
import { McxErrorCode, resolveSpec, runInline } from "@mcx/core";
import { shardJobId, Topology } from "@mcx/protocol";
import { MERGE_FIXTURES, type ServerHandle, spawnTracked, stopProcess, waitForOutput } from "@mcx/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toResultJson } from "../../src/runs/result-sink.ts";
import {
  coordinatorEnv,
  coordinatorMain,
  finishedRun,
  mergedShards,
  startServers,
  testPasswords,
  waitFor,
  workerEnv,
  workerMain,
} from "../helpers/cluster.ts";
import { addPoisonShard } from "../helpers/poison.ts";

// The API's read-only views and the new counters on a real cluster: coordinator and two workers as processes from
// the built JavaScript, against redis-server and nats-server with infra/'s roles, asked through @mcx/client.
const enabled = process.env["MCX_INTEGRATION"] === "1";
const passwords = testPasswords("inspect");
const { spec: longSpec, digest: longDigest } = MERGE_FIXTURES.distributedLong;

type Proc = ReturnType<typeof spawnTracked>;

describe.skipIf(!enabled)("the coordinator API's views of queues, dead letters, throughput and retries", () => {
  let redis: ServerHandle;
  let nats: ServerHandle;
  let coordinator: Proc;
  const workers = new Map<string, Proc>();
  let client: McxClient;

  const startWorker = async (id: string): Promise<void> => {
    const proc = spawnTracked(process.execPath, [workerMain], {
      // A killed worker's shards come back after the lock expires: short here to keep the test quick.
      env: workerEnv({ redis, nats }, passwords, id, { MCX_LOCK_DURATION_MS: "3000", MCX_STALLED_INTERVAL_MS: "1000" }),
    });
    workers.set(id, proc);
    await waitForOutput(proc, /worker ready/);
  };

  beforeAll(async () => {
    ({ redis, nats } = await startServers(passwords));
    coordinator = spawnTracked(process.execPath, [coordinatorMain], {
      env: coordinatorEnv({ redis, nats }, passwords, { MCX_SHARD_BACKOFF_MS: "200" }),
    });
    await waitForOutput(coordinator, /coordinator ready/);
    await Promise.all([startWorker("w1"), startWorker("w2")]);
    client = await connectClient({ servers: [nats.url], user: "cli", password: passwords.natsCli });
    await waitFor(async () => ((await client.list()).workers.length === 2 ? true : undefined), "two worker heartbeats");
  });
  afterAll(async () => {
    await client?.close();
    await Promise.all([...workers.values()].map((w) => stopProcess(w.child)));
    if (coordinator) await stopProcess(coordinator.child);
    await Promise.all([redis?.stop(), nats?.stop()]);
  });

  // First: the workers' totals are all inside the coordinator's first minute, so the window covers all of them.
  it("tells each worker's throughput over the last minute: every shard it completed since the coordinator heard it", async () => {
    const { spec, digest } = MERGE_FIXTURES.distributedFixed;
    const { runId } = await client.submit({ spec: JSON.stringify(spec), fileName: "fixed.json", shardTrials: 2500 });
    expect((await finishedRun(client, runId)).digest).toBe(digest);
    // The next heartbeat of each worker carries its final total.
    const listed = await waitFor(async () => {
      const { workers: now } = await client.list();
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
    await addPoisonShard(redis.url, runId, 3);
    const dead = await waitFor(async () => {
      const r = await client.deadLetters({ runId });
      return r.matching === 1 ? r : undefined;
    }, "the poison shard's dead letter");
    expect(dead.letters).toEqual([
      expect.objectContaining({ jobId: shardJobId(runId, 3), runId, shard: 3, code: McxErrorCode.UNKNOWN_SIMULATION }),
    ]);
    // Deterministic: failed for good at its first attempt, not retried.
    expect(dead.letters[0]!.attempts).toBe(1);
    expect(dead.byRun).toContainEqual({ runId, count: 1 });
    const { queues } = await client.queues();
    expect(queues.map((q) => q.name)).toEqual([Topology.queue, Topology.scheduleQueue]);
    expect(queues[0]!.failed).toBe(dead.total);
    expect(queues[0]!.completed).toBeGreaterThanOrEqual(24);
  });

  it("counts the shards retried after a worker is killed mid-shard, live and in the result, with the same digest", async () => {
    const { runId } = await client.submit({ spec: JSON.stringify(longSpec), fileName: "long.json" });
    const seen: ProgressMessage[] = [];
    const watching = (async () => {
      for await (const m of client.watch(runId)) seen.push(m);
    })();
    await mergedShards(client, runId, 4);
    const victim = workers.get("w1")!;
    victim.child.kill("SIGKILL");
    const run = await finishedRun(client, runId);
    await watching;
    expect(run.status).toBe("completed");
    const doc = await client.results(runId);
    expect(doc.digest).toBe(longDigest);
    // The victim held its two BullMQ jobs (concurrency 2) when it died: the other worker ran them again.
    expect(run.shardsRetried).toBeGreaterThanOrEqual(1);
    expect(doc.run.shards.retried).toBe(run.shardsRetried);
    const live = seen.filter((m) => m.status === "running" && (m.shardsRetried ?? 0) > 0);
    expect(live.length).toBeGreaterThan(0);
    process.stdout.write(`worker SIGKILL mid-run: ${run.shardsRetried} of ${run.shardsPlanned} shards retried\n`);
    await stopProcess(victim.child);
    await startWorker("w1");
  });

  it("serves a schedule's baseline as it was stored, and says when there is none", async () => {
    const { spec, digest } = MERGE_FIXTURES.scheduleBaseline;
    const baseline = toResultJson(runInline(resolveSpec(spec)));
    expect(JSON.parse(baseline).digest).toBe(digest);
    const text = JSON.stringify(spec);
    await client.scheduleAdd({ name: "with-baseline", everySeconds: 86_400, spec: text, baseline });
    await client.scheduleAdd({ name: "without", everySeconds: 86_400, spec: text });
    expect(await client.scheduleBaselineText("with-baseline")).toBe(baseline);
    await expect(client.scheduleBaselineText("without")).rejects.toMatchObject({
      code: McxErrorCode.SCHEDULE_NOT_FOUND,
      message: "schedule without has no baseline",
    });
    await expect(client.scheduleBaselineText("nobody")).rejects.toMatchObject({
      code: McxErrorCode.SCHEDULE_NOT_FOUND,
      message: "schedule nobody does not exist",
    });
    // Each schedule's next tick waits in the schedule queue as a delayed job.
    const { queues } = await client.queues();
    expect(queues.find((q) => q.name === Topology.scheduleQueue)!.delayed).toBe(2);
    await client.scheduleRemove("with-baseline");
    await client.scheduleRemove("without");
  });
});
