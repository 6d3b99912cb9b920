import { randomBytes, randomUUID } from "node:crypto";
import { readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  bundleFileName,
  decodeSummaryBytes,
  McxErrorCode,
  planRun,
  resolveSpec,
  runShard,
  ShardSummarySchema,
  summaryFingerprint,
} from "@mcx/core";
import {
  DeadLetterSchema,
  parseWorkerEnv,
  SHARD_ENCODING_HEADER,
  SHARD_FINGERPRINT_HEADER,
  SUMMARY_ENCODING_BINARY,
  shardJobId,
  Topology,
} from "@mcx/protocol";
import { loadSimulationBundle } from "@mcx/runner/simulation";
import { type ServerHandle, startNats, startRedis } from "@mcx/testkit";
import { type JetStreamManager, jetstream, jetstreamManager, type StoredMsg } from "@nats-io/jetstream";
import { type ObjectStore, Objm } from "@nats-io/obj";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { type Job, Queue } from "bullmq";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type WorkerService } from "../src/service.ts";
import { bundleOf, coinBundle } from "./helpers/hand-bundle.ts";

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

/**
 * The summary of a stored summary message: binary, as its header says, decoding to a valid summary whose JSON form has
 * the fingerprint its header carries (what the coordinator would otherwise compute from the JSON).
 */
function publishedSummary(m: StoredMsg) {
  expect(m.header?.get(SHARD_ENCODING_HEADER)).toBe(SUMMARY_ENCODING_BINARY);
  const decoded = decodeSummaryBytes(m.data);
  expect(decoded).toHaveLength(1);
  const summary = ShardSummarySchema.parse(decoded[0]);
  const json = ShardSummarySchema.parse(JSON.parse(JSON.stringify(summary)));
  expect(summary).toStrictEqual(json);
  expect(m.header?.get(SHARD_FINGERPRINT_HEADER)).toBe(summaryFingerprint(json));
  return summary;
}

describe.skipIf(!enabled)("shard consumer against real Redis and NATS", () => {
  let redis: ServerHandle;
  let nats: ServerHandle;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let queue: Queue;
  let worker: WorkerService;
  let bundles: ObjectStore;
  const cacheDir = join(tmpdir(), `mcx-worker-cache-${randomUUID()}`);
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
    // The coordinator creates the bundle store in a cluster; here the test does.
    bundles = await new Objm(jetstream(nc)).create(Topology.bundleBucket);
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
        MCX_BUNDLE_CACHE_DIR: cacheDir,
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
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it("publishes each shard's summary once, with msg id <run>:<shard>, binary with its fingerprint, equal to core runShard", async () => {
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
      const summary = publishedSummary(m);
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
    // deadLetterMsgId: the shard's, with the job's timestamp (a job failed again after a retry has a new letter).
    expect(letters[0]!.header?.get("Nats-Msg-Id")).toMatch(new RegExp(`^${otherRun}:3:failed:\\d+$`));
  });

  /** Enqueues shard 0 of a one-point run of the coin simulation named by `hash` and waits for its job to settle. */
  async function runCoinShard(run: string, hash: string): Promise<Job> {
    const coin = { name: "coin", simulation: "coin", seed: 1, trials: 1000, blockTrials: 250 };
    const task = { ...planRun(run, resolveSpec({ ...coin, simulation: "rendezvous" }), 1000).shardTask(0) };
    const shard = { ...task, simulation: "coin", bundle: hash, models: ["fair"], params: { p: 0.5 } };
    await queue.add("shard", shard, { jobId: shardJobId(run, 0), attempts: 3 });
    return settled(queue, shardJobId(run, 0));
  }

  async function deadLetterOf(run: string) {
    const letters = await waitFor(async () => {
      const m = await messagesOf(jsm, `mcx.shard.${run}.failed`);
      return m.length > 0 ? m : undefined;
    }, `the dead letter of ${run}`);
    return DeadLetterSchema.parse(letters[0]!.json());
  }

  it("runs a user simulation's shard from the bundle it fetches, caches and verifies", async () => {
    const { code, hash } = coinBundle();
    await bundles.putBlob({ name: bundleFileName(hash) }, code);
    const run = freshRun("user");
    const job = await runCoinShard(run, hash);
    expect(await job.getState()).toBe("completed");
    const [message] = await messagesOf(jsm, `mcx.shard.${run}.summary`);
    const summary = publishedSummary(message!);
    // The same shard run here from the cached file: the worker's pool ran exactly those bytes.
    const { simulation } = await loadSimulationBundle(join(cacheDir, bundleFileName(hash)), { expectedHash: hash });
    expect(summary.trials).toBe(1000);
    expect(summaryFingerprint(summary)).toBe(summaryFingerprint(runShard(job.data, simulation)));
  });

  it("refuses a bundle whose bytes do not have the hash it is named by: the shard fails for good, the worker goes on", async () => {
    const { code, hash } = coinBundle();
    const other = bundleOf("export default 1;\n").hash;
    // The store holds the coin bundle under another bundle's name (corrupted, or replaced).
    await bundles.putBlob({ name: bundleFileName(other) }, code);
    const run = freshRun("wrong");
    const job = await runCoinShard(run, other);
    expect(await job.getState()).toBe("failed");
    expect(job.attemptsMade).toBe(1);
    const letter = await deadLetterOf(run);
    expect(letter).toMatchObject({ error: { code: McxErrorCode.BUNDLE_MISMATCH }, deterministic: true });
    expect(letter.error.message).toBe(
      `simulation bundle ${other} was fetched with other bytes (their hash is ${hash}); it is refused`,
    );
    // Nothing of it was kept, and the next shard runs.
    expect(readdirSync(cacheDir)).not.toContain(bundleFileName(other));
    expect(await (await runCoinShard(freshRun("after-wrong"), hash)).getState()).toBe("completed");
  });

  it("fails a shard whose bundle is not in the store (MCX_BUNDLE_UNAVAILABLE), without a retry", async () => {
    const missing = bundleOf("export default 2;\n").hash;
    const run = freshRun("missing");
    const job = await runCoinShard(run, missing);
    expect(job.attemptsMade).toBe(1);
    expect(await deadLetterOf(run)).toMatchObject({
      error: { code: McxErrorCode.BUNDLE_UNAVAILABLE },
      deterministic: true,
    });
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
