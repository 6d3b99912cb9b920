import { planRun, resolveSpec } from "@mcx/core";
import { shardJobId, Topology, toRedisConnection } from "@mcx/protocol";
import { type Job, QueueEvents, UnrecoverableError, Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFailedJobSweeper } from "../../src/sweeper/failed-job-sweeper.ts";
import { type Parts, silent, startParts, testRunId } from "../helpers/parts.ts";

// The failed-job sweeper against a real redis-server and BullMQ: jobs failed for good reach their run by the shard
// their task names, however many '-' the run id has.
const enabled = process.env["MCX_INTEGRATION"] === "1";

const spec = resolveSpec({ name: "sweep", simulation: "rendezvous", seed: 1, trials: 3000, blockTrials: 500 });

describe.skipIf(!enabled)("failed-job sweeper", () => {
  let parts: Parts;
  let worker: Worker;
  let events: QueueEvents;

  beforeAll(async () => {
    parts = await startParts();
    const connection = toRedisConnection(parts.redis.url);
    // A worker whose every shard fails for good, standing in for a worker that could not publish the dead letter.
    worker = new Worker(
      Topology.queue,
      async (job: Job) => {
        throw new UnrecoverableError(`MCX_INTERNAL: job ${job.id} cannot run`);
      },
      { connection: { ...connection, maxRetriesPerRequest: null }, prefix: Topology.queuePrefix },
    );
    events = new QueueEvents(Topology.queue, { connection, prefix: Topology.queuePrefix });
    await Promise.all([worker.waitUntilReady(), events.waitUntilReady()]);
  });
  afterAll(async () => {
    await worker?.close();
    await events?.close();
    await parts?.close();
  });

  const failJob = async (jobId: string, data: unknown): Promise<void> => {
    const job = await parts.queue.add("shard", data, { jobId, attempts: 1 });
    await job.waitUntilFinished(events).catch(() => undefined);
  };

  it("hands each failed job of an active run to that run, with the shard from its task and BullMQ's reason", async () => {
    const active = testRunId("a-b-c");
    const idle = testRunId("idle");
    const plan = planRun(active, spec, 1000);
    await failJob(shardJobId(active, 2), plan.shardTask(2));
    await failJob(shardJobId(idle, 0), planRun(idle, spec, 1000).shardTask(0));
    // A job whose data is another shard than its id says is not trusted with either.
    await failJob(shardJobId(active, 1), plan.shardTask(0));

    const seen: [string, number, string][] = [];
    const sweeper = startFailedJobSweeper({
      queue: parts.queue,
      intervalMs: 3_600_000,
      anyActive: () => true,
      onFailed: (runId, shard, reason) => {
        seen.push([runId, shard, reason]);
        return runId === active;
      },
      logger: silent,
    });
    try {
      expect(await sweeper.sweep()).toBe(1);
    } finally {
      sweeper.stop();
    }
    expect(seen.filter(([r]) => r === active)).toEqual([
      [active, 2, `MCX_INTERNAL: job ${shardJobId(active, 2)} cannot run`],
    ]);
    expect(seen.map(([r, s]) => [r, s])).toContainEqual([idle, 0]);
  });
});
