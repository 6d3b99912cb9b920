import { randomBytes } from "node:crypto";
import { McxErrorCode, planRun, resolveSpec, runShard, ShardSummarySchema, summaryFingerprint } from "@mcx/core";
import { DeadLetterSchema, parseWorkerEnv, shardJobId, Topology } from "@mcx/protocol";
import { type ServerHandle, startNats, startRedis } from "@mcx/testkit";
import { type JetStreamManager, jetstreamManager, type StoredMsg } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { type Job, Queue } from "bullmq";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type WorkerService } from "../src/service.ts";

const enabled = process.env["MCX_INTEGRATION"] === "1";

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function settled(queue: Queue, jobId: string): Promise<Job> {
  return waitFor(async () => {
    const state = await queue.getJobState(jobId);
    // Read the job after its state is final: a job read before could still show the attempt in progress.
    return state === "completed" || state === "failed" ? queue.getJob(jobId) : undefined;
  }, `job ${jobId} to settle`);
}

async function messagesOf(jsm: JetStreamManager, subject: string): Promise<StoredMsg[]> {
  const out: StoredMsg[] = [];
  const info = await jsm.streams.info(Topology.shardStream);
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && seq > 0; seq++) {
    const m = await jsm.streams.getMessage(Topology.shardStream, { seq }).catch(() => null);
    if (m && m.subject === subject) out.push(m);
  }
  return out;
}

describe.skipIf(!enabled)("shard consumer against real Redis and NATS", () => {
  let redis: ServerHandle;
  let nats: ServerHandle;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let queue: Queue;
  let worker: WorkerService;
  // Each test its own run (BullMQ's own tests take a fresh queue per test the same way): job ids and stream
  // subjects never meet, so the tests do not depend on their order.
  const freshRun = (tag: string) => `w-${tag}-${randomBytes(3).toString("hex")}`;
  const spec = resolveSpec({
    name: "w",
    simulation: "rendezvous",
    seed: 3,
    trials: 4000,
    blockTrials: 250,
    params: { nCpu: 4 },
  });

  beforeAll(async () => {
    [redis, nats] = await Promise.all([startRedis(), startNats()]);
    nc = await connect({ servers: nats.url, user: nats.user, pass: nats.password });
    jsm = await jetstreamManager(nc);
    await jsm.streams.add({
      name: Topology.shardStream,
      subjects: [Topology.shardSubjects],
      duplicate_window: 60_000_000_000,
    });
    const config = parseWorkerEnv(
      {
        MCX_REDIS_URL: redis.url,
        MCX_NATS_URL: nats.url,
        MCX_NATS_USER: nats.user,
        MCX_NATS_PASSWORD: nats.password,
        MCX_WORKER_THREADS: "1",
        MCX_WORKER_ID: "test-worker",
        MCX_SHUTDOWN_GRACE_MS: "300",
        MCX_HEARTBEAT_MS: "500",
      },
      { cpus: 1, hostname: "test", pid: process.pid },
    );
    worker = await startWorker(config, { logger: pino({ level: "silent" }) });
    queue = new Queue(Topology.queue, {
      connection: { host: "127.0.0.1", port: redis.port, username: redis.user, password: redis.password },
      prefix: Topology.queuePrefix,
    });
  });

  afterAll(async () => {
    await worker?.close();
    await queue?.close();
    await nc?.close();
    await Promise.all([redis?.stop(), nats?.stop()]);
  });

  it("publishes each shard's summary once, with msg id <run>:<shard>, equal to core runShard", async () => {
    const runId = freshRun("pub");
    const plan = planRun(runId, spec, 1000);
    await queue.addBulk(
      [0, 1, 2, 3].map((s) => ({ name: "shard", data: plan.shardTask(s), opts: { jobId: shardJobId(runId, s) } })),
    );
    for (const s of [0, 1, 2, 3])
      expect(await (await settled(queue, shardJobId(runId, s))).getState()).toBe("completed");
    const stored = await messagesOf(jsm, `mcx.shard.${runId}.summary`);
    expect(stored.map((m) => m.header?.get("Nats-Msg-Id")).sort()).toEqual([0, 1, 2, 3].map((s) => `${runId}:${s}`));
    for (const m of stored) {
      const summary = ShardSummarySchema.parse(m.json());
      expect(summaryFingerprint(summary)).toBe(summaryFingerprint(runShard(plan.shardTask(summary.shard))));
    }
  });

  it("rejects a malformed payload at once: counted, failed without retry, nothing published", async () => {
    const before = worker.stats().malformed;
    await queue.add("shard", { runId: freshRun("bad"), shard: "x" }, { jobId: "bad-payload-1", attempts: 3 });
    const job = await settled(queue, "bad-payload-1");
    expect(await job.getState()).toBe("failed");
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/^MCX_MESSAGE_INVALID: job bad-payload-1 payload shard /);
    expect(worker.stats().malformed).toBe(before + 1);
  });

  it("rejects a job whose id does not match its payload as malformed", async () => {
    const plan = planRun(freshRun("id"), spec, 1000);
    await queue.add("shard", plan.shardTask(0), { jobId: "not-the-shard-id", attempts: 3 });
    const job = await settled(queue, "not-the-shard-id");
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/its id must be/);
  });

  it("does not retry a deterministic failure and dead-letters it with the error", async () => {
    const otherRun = freshRun("dl");
    const bad = { ...planRun(otherRun, spec, 1000).shardTask(3), simulation: "no-such-sim" };
    await queue.add("shard", bad, { jobId: shardJobId(otherRun, 3), attempts: 3 });
    const job = await settled(queue, shardJobId(otherRun, 3));
    expect(await job.getState()).toBe("failed");
    expect(job.attemptsMade).toBe(1);
    const letters = await waitFor(async () => {
      const m = await messagesOf(jsm, `mcx.shard.${otherRun}.failed`);
      return m.length > 0 ? m : undefined;
    }, "the dead letter");
    expect(letters).toHaveLength(1);
    const letter = DeadLetterSchema.parse(letters[0]!.json());
    expect(letter).toMatchObject({
      runId: otherRun,
      shard: 3,
      error: { code: McxErrorCode.UNKNOWN_SIMULATION },
      deterministic: true,
      attempts: 1,
    });
    expect(letters[0]!.header?.get("Nats-Msg-Id")).toBe(`${otherRun}:3:failed`);
  });

  it("on close, releases a shard still running after the grace period back to the queue", async () => {
    const longRun = freshRun("long");
    const big = resolveSpec({
      name: "w",
      simulation: "rendezvous",
      seed: 3,
      trials: 20_000_000,
      blockTrials: 250_000,
      params: { nCpu: 64 },
    });
    const long = planRun(longRun, big, 20_000_000);
    await queue.add("shard", long.shardTask(0), { jobId: shardJobId(longRun, 0) });
    await waitFor(
      async () => ((await (await queue.getJob(shardJobId(longRun, 0)))?.getState()) === "active" ? true : undefined),
      "the long shard to start",
    );
    await worker.close();
    expect(worker.stats().released).toBe(1);
    expect(await (await queue.getJob(shardJobId(longRun, 0)))?.getState()).toBe("waiting");
  });
});
