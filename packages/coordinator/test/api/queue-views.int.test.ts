import { setTimeout as sleep } from "node:timers/promises";
import { planRun, resolveSpec } from "@mcx/core";
import { DeadLettersRequest, shardJobId, Topology, toRedisConnection } from "@mcx/protocol";
import { type ServerHandle, startRedis } from "@mcx/testkit";
import { Queue, Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deadLetters } from "../../src/api/dead-letters.ts";
import { queueCounts } from "../../src/api/queue-counts.ts";
import { testRunId } from "../helpers/parts.ts";

// Queue counts and dead letters against a real redis-server and BullMQ: jobs are put into each state by BullMQ's
// own calls (a worker that fetches by hand: `getNextJob`, then `moveToFailed` / `moveToCompleted`), and the views
// must report exactly those.
const enabled = process.env["MCX_INTEGRATION"] === "1";
const spec = resolveSpec({ name: "views", simulation: "rendezvous", seed: 1, trials: 6000, blockTrials: 500 });
const TOKEN = "views-test";

describe.skipIf(!enabled)("queue counts and dead letters on a real Redis", () => {
  let redis: ServerHandle;
  const opened: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(opened.map((o) => o.close()));
    await redis?.stop();
  });

  /** A fresh queue and a worker that takes its jobs by hand. */
  async function freshQueue(): Promise<{ queue: Queue; worker: Worker }> {
    const connection = toRedisConnection(redis.url);
    const name = testRunId("q");
    const queue = new Queue(name, { connection, prefix: Topology.queuePrefix });
    const worker = new Worker(name, null, {
      connection: { ...connection, maxRetriesPerRequest: null },
      prefix: Topology.queuePrefix,
    });
    opened.push(worker, queue);
    await Promise.all([queue.waitUntilReady(), worker.waitUntilReady()]);
    return { queue, worker };
  }

  const add = (
    queue: Queue,
    runId: string,
    shard: number,
    data: unknown = planRun(runId, spec, 500).shardTask(shard),
  ) => queue.add("shard", data, { jobId: shardJobId(runId, shard), attempts: 1 });

  async function failNext(worker: Worker, reason: string): Promise<void> {
    const job = await worker.getNextJob(TOKEN);
    if (!job) throw new Error("no job to fail");
    await job.moveToFailed(new Error(reason), TOKEN, false);
    // The failed set is ordered by the time of failure, in milliseconds: one at a time keeps "newest first" exact.
    await sleep(5);
  }

  it("counts waiting, active, delayed, failed and completed jobs as BullMQ holds them", async () => {
    const { queue, worker } = await freshQueue();
    const run = testRunId("c");
    for (const shard of [0, 1, 2, 3]) await add(queue, run, shard);
    await queue.add("shard", {}, { jobId: "later", delay: 3_600_000 });
    await failNext(worker, "MCX_INTERNAL: boom");
    const done = await worker.getNextJob(TOKEN);
    await done!.moveToCompleted("ok", TOKEN, false);
    await worker.getNextJob(TOKEN);
    expect(await queueCounts([queue])).toEqual([
      { name: queue.name, waiting: 1, active: 1, delayed: 1, failed: 1, completed: 1 },
    ]);
  });

  it("lists dead letters newest first, a page at a time, counted per run, with run and shard from each task", async () => {
    const { queue, worker } = await freshQueue();
    const busy = testRunId("busy-run");
    const other = testRunId("other");
    for (const shard of [0, 1, 2]) await add(queue, busy, shard);
    await add(queue, other, 5);
    // A payload that is no shard task: a dead letter that names no run.
    await queue.add("shard", { nonsense: true }, { jobId: "junk", attempts: 1 });
    await failNext(worker, "MCX_UNKNOWN_SIMULATION: unknown simulation");
    await failNext(worker, "MCX_PARAM_INVALID: rate must be > 0");
    await failNext(worker, "job stalled more than allowable limit");
    await failNext(worker, "MCX_INTERNAL: out of memory");
    await failNext(worker, "MCX_MESSAGE_INVALID: payload runId Required");

    const all = await deadLetters(queue, DeadLettersRequest.parse({ limit: 2 }));
    expect(all).toMatchObject({
      total: 5,
      matching: 5,
      truncated: false,
      byRun: [
        { runId: busy, count: 3 },
        { runId: other, count: 1 },
      ],
    });
    expect(all.letters.map((l) => [l.jobId, l.runId, l.code])).toEqual([
      ["junk", undefined, "MCX_MESSAGE_INVALID"],
      [shardJobId(other, 5), other, "MCX_INTERNAL"],
    ]);

    const page = await deadLetters(queue, DeadLettersRequest.parse({ runId: busy, limit: 2, offset: 1 }));
    expect(page.matching).toBe(3);
    expect(page.letters.map((l) => [l.shard, l.attempts, l.code ?? l.reason])).toEqual([
      [1, 1, "MCX_PARAM_INVALID"],
      [0, 1, "MCX_UNKNOWN_SIMULATION"],
    ]);
    expect(page.letters.every((l) => l.failedAt !== undefined && Date.parse(l.failedAt) > 0)).toBe(true);
    // Shard 2 failed without a code: its reason is kept as BullMQ recorded it.
    const newest = await deadLetters(queue, DeadLettersRequest.parse({ runId: busy, limit: 1 }));
    expect(newest.letters[0]).toMatchObject({ shard: 2, reason: "job stalled more than allowable limit" });
    expect(newest.letters[0]!.code).toBeUndefined();
  });
});
