import type { RunRecord } from "@mcx/client";
import { McxErrorCode, planRun, resolveSpec, runShard } from "@mcx/core";
import { shardMsgId, summarySubject, Topology } from "@mcx/protocol";
import { runEmbedded } from "@mcx/runner";
import { MERGE_FIXTURES, stopProcess } from "@mcx/testkit";
import { jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finishedRun, mergedShards } from "./helpers/cluster.ts";
import { TestCluster } from "./helpers/test-cluster.ts";

// Coordinator and workers run as child processes from the built JavaScript, as in production, against real
// redis-server and nats-server with the roles, ACL and permissions of infra/ (helpers/cluster.ts).
const enabled = process.env["MCX_INTEGRATION"] === "1";

const longSpec = MERGE_FIXTURES.distributedLong.spec;

describe.skipIf(!enabled)("distributed mode: coordinator + 2 workers as processes", () => {
  const cluster = new TestCluster("test", {
    coordinatorEnv: { MCX_SHARD_BACKOFF_MS: "200" },
    // A killed worker's shards come back after the lock expires: short here to keep the test quick.
    workerEnv: { MCX_LOCK_DURATION_MS: "3000", MCX_STALLED_INTERVAL_MS: "1000", MCX_SHUTDOWN_GRACE_MS: "2000" },
  });
  let workerNc: NatsConnection;
  let cliNc: NatsConnection;

  const final = (runId: string): Promise<RunRecord> => finishedRun(cluster.client, runId);
  // Golden digests: merge fixtures whose statistics are checked against closed forms (tooling/testkit).
  const expectedLongDigest = (): string => MERGE_FIXTURES.distributedLong.digest;

  beforeAll(async () => {
    await cluster.start();
    await cluster.startCoordinator();
    await Promise.all([cluster.startWorker("w1"), cluster.startWorker("w2")]);
    cliNc = await cluster.connectNats("cli");
    workerNc = await cluster.connectNats("worker");
    // Wait until the coordinator has heard both workers (it sizes windows from their heartbeats).
    await cluster.waitForWorkers(2);
  });

  afterAll(() => cluster.stop());

  it("gives the same digest as embedded mode and as RunMerger directly, whatever the shard size", async () => {
    const { spec, digest } = MERGE_FIXTURES.distributedFixed;
    const { runId, shards } = await cluster.client.submit({
      spec: JSON.stringify(spec),
      fileName: "same.json",
      shardTrials: 2500,
    });
    expect(shards).toBe(24);
    const run = await final(runId);
    expect(run.status).toBe("completed");
    const doc = await cluster.client.results(runId);
    expect(doc.digest).toBe(digest);
    expect((await runEmbedded(resolveSpec(spec), { threads: 2, shardTrials: 5000 })).digest).toBe(digest);
    expect(run.digest).toBe(doc.digest);
    expect(doc.run).toMatchObject({
      mode: "distributed",
      workers: 2,
      shards: { planned: 24, completed: 24, duplicatesDropped: 0 },
    });
  });

  it("stops adaptively at the same trials, with the same digest, as the embedded reference", async () => {
    const { spec, digest, trials } = MERGE_FIXTURES.distributedAdaptive;
    const { runId } = await cluster.client.submit({
      spec: JSON.stringify(spec),
      fileName: "adaptive.json",
      shardTrials: 1000,
    });
    const run = await final(runId);
    const doc = await cluster.client.results(runId);
    expect(run.status).toBe("completed");
    expect(doc.points.map((p) => p.trials)).toEqual(trials);
    expect(doc.digest).toBe(digest);
    const embedded = await runEmbedded(resolveSpec(spec), { threads: 2, shardTrials: 2000 });
    expect(embedded.points.map((p) => p.trials)).toEqual(trials);
    expect(embedded.digest).toBe(digest);
  });

  it("counts a shard summary delivered twice once (duplicatesDropped = 1), and the stream drops a repeated msg id", async () => {
    const { runId, shardTrials } = await cluster.client.submit({
      spec: JSON.stringify(longSpec),
      fileName: "long.json",
    });
    const plan = planRun(runId, resolveSpec(longSpec), shardTrials);
    const summary = JSON.stringify(runShard(plan.shardTask(0)));
    const js = jetstream(workerNc);
    // The same msg id twice: the stream keeps one (whoever published first, this test or the worker).
    await js.publish(summarySubject(runId), summary, { msgID: shardMsgId(runId, 0) });
    const again = await js.publish(summarySubject(runId), summary, { msgID: shardMsgId(runId, 0) });
    expect(again.duplicate).toBe(true);
    // A different msg id (a retry after the duplicate window): it reaches the coordinator, which drops it.
    await js.publish(summarySubject(runId), summary, { msgID: `${shardMsgId(runId, 0)}:late-retry` });
    const run = await final(runId);
    expect(run.status).toBe("completed");
    const doc = await cluster.client.results(runId);
    expect(doc.run.shards.duplicatesDropped).toBe(1);
    expect(run.duplicatesDropped).toBe(1);
    expect(doc.digest).toBe(expectedLongDigest());
  });

  it("rejects and counts malformed messages on the shard stream and the API, and keeps serving", async () => {
    const { runId } = await cluster.client.submit({ spec: JSON.stringify(longSpec), fileName: "long.json" });
    const js = jetstream(workerNc);
    await js.publish(summarySubject(runId), "{not json");
    await js.publish(summarySubject(runId), JSON.stringify({ runId, shard: 0, blocks: "lots" }));
    await js.publish(`mcx.shard.${runId}.summary`, JSON.stringify({ runId, shard: 9_999_999 }));
    const ask = async (subject: string, body: string) =>
      JSON.parse((await cliNc.request(subject, body, { timeout: 10_000 })).string());
    expect(await ask("mcx.api.submit", "{oops")).toMatchObject({
      ok: false,
      error: { code: McxErrorCode.MESSAGE_INVALID },
    });
    expect(await ask("mcx.api.status", JSON.stringify({ runId: 42 }))).toMatchObject({
      ok: false,
      error: { code: McxErrorCode.MESSAGE_INVALID },
    });
    expect(await ask("mcx.api.frobnicate", "{}")).toMatchObject({
      ok: false,
      error: { code: McxErrorCode.MESSAGE_INVALID },
    });
    // A bad spec is bad input, not a malformed message: its own code, nothing started.
    const badSpec = await ask("mcx.api.submit", JSON.stringify({ spec: "name: x\ntrials: -5\n" }));
    expect(badSpec).toMatchObject({ ok: false, error: { code: McxErrorCode.SPEC_INVALID } });

    const run = await final(runId);
    expect(run.status).toBe("completed");
    expect(run.rejected).toBe(2);
    expect((await cluster.client.results(runId)).digest).toBe(expectedLongDigest());
    const { coordinator: stats } = await cluster.client.list();
    expect(stats.rejectedRequests).toBeGreaterThanOrEqual(3);
    expect(stats.rejectedMessages).toBeGreaterThanOrEqual(1);
    expect(cluster.coordinator.child.exitCode).toBeNull();
  });

  it("fails a run whose shard is dead-lettered, with the worker's error and an alarm", async () => {
    const spec = { ...longSpec, name: "poison", trials: 4_000_000 };
    const { runId } = await cluster.client.submit({ spec: JSON.stringify(spec), fileName: "poison.json" });
    const letter = {
      runId,
      shard: 50,
      jobId: `${runId}-50`,
      attempts: 5,
      error: { code: McxErrorCode.TIMEOUT, message: "kernel exploded" },
      deterministic: false,
      workerId: "w-test",
      at: new Date().toISOString(),
    };
    await jetstream(workerNc).publish(`mcx.shard.${runId}.failed`, JSON.stringify(letter), {
      msgID: `${runId}:50:failed`,
    });
    const run = await final(runId);
    expect(run.status).toBe("failed");
    // The worker's code travels as a field, not inside the message.
    expect(run.error).toMatchObject({
      code: McxErrorCode.TIMEOUT,
      message: "shard 50 failed after 5 attempts on worker w-test: kernel exploded",
    });
    expect(run.alarms.map((a) => [a.kind, a.shard])).toEqual([["dead_letter", 50]]);
    await expect(cluster.client.results(runId)).rejects.toMatchObject({ code: McxErrorCode.RUN_NOT_FOUND });
  });

  it("gives the same digest when a worker is killed (SIGKILL) mid-run", async () => {
    const { runId } = await cluster.client.submit({ spec: JSON.stringify(longSpec), fileName: "long.json" });
    const before = await mergedShards(cluster.client, runId, 4);
    const victim = cluster.worker("w1");
    victim.child.kill("SIGKILL");
    expect(before.shardsDone).toBeLessThan(before.shardsPlanned);
    const run = await final(runId);
    expect(run.status).toBe("completed");
    expect((await cluster.client.results(runId)).digest).toBe(expectedLongDigest());
    await stopProcess(victim.child);
    await cluster.startWorker("w1");
  });

  it("resumes a run after the coordinator is killed (SIGKILL) and restarted, with the same digest", async () => {
    const { runId } = await cluster.client.submit({ spec: JSON.stringify(longSpec), fileName: "long.json" });
    const before = await mergedShards(cluster.client, runId, 6);
    const killed = cluster.coordinator;
    killed.child.kill("SIGKILL");
    expect(before.shardsDone).toBeLessThan(before.shardsPlanned);
    await stopProcess(killed.child);
    await cluster.startCoordinator();
    const run = await final(runId);
    expect(run.status).toBe("completed");
    expect(run.resumed).toBe(1);
    expect((await cluster.client.results(runId)).digest).toBe(expectedLongDigest());
  });

  it("survives graceful restarts (SIGTERM) of a worker and of the coordinator mid-run, with the same digest", async () => {
    const { runId } = await cluster.client.submit({ spec: JSON.stringify(longSpec), fileName: "long.json" });
    const before = await mergedShards(cluster.client, runId, 4);
    expect(before.shardsDone).toBeLessThan(before.shardsPlanned);
    const w2 = cluster.worker("w2");
    await stopProcess(w2.child, 10_000);
    expect(w2.child.exitCode).toBe(0);
    const stopped = cluster.coordinator;
    await stopProcess(stopped.child, 10_000);
    expect(stopped.child.exitCode).toBe(0);
    expect(stopped.output()).toMatch(/coordinator stopped/);
    await cluster.startCoordinator();
    await cluster.startWorker("w2");
    const run = await final(runId);
    expect(run.status).toBe("completed");
    expect(run.resumed).toBe(1);
    expect((await cluster.client.results(runId)).digest).toBe(expectedLongDigest());
  });

  it("cancel ends a run as cancelled with what was merged, and takes its pending shards off the queue", async () => {
    const spec = { ...longSpec, name: "to-cancel", trials: 4_000_000 };
    const { runId, shards } = await cluster.client.submit({ spec: JSON.stringify(spec), fileName: "cancel.json" });
    await mergedShards(cluster.client, runId, 2);
    const run = await cluster.client.cancel(runId);
    expect(run.status).toBe("cancelled");
    const doc = await cluster.client.results(runId);
    expect(doc.status).toBe("cancelled");
    const merged = doc.points[0]!.trials;
    expect(merged).toBeGreaterThan(0);
    expect(merged).toBeLessThan(4_000_000);
    expect(doc.run.shards.completed).toBeLessThan(shards);
    expect(merged).toBe(run.trialsDone);
    const queue = new Queue(Topology.queue, {
      connection: cluster.redisAdmin(),
      prefix: Topology.queuePrefix,
    });
    try {
      const waiting = await queue.getJobs(["waiting", "prioritized", "delayed"]);
      expect(waiting.filter((j) => j.id?.startsWith(`${runId}-`))).toEqual([]);
    } finally {
      await queue.close();
    }
  });
});
