import { planRun, resolveSpec } from "@mcx/core";
import { shardJobId, Topology, toRedisConnection } from "@mcx/protocol";
import { restartRedis } from "@mcx/testkit";
import { type Job, Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ReconciledRun, startReconciler } from "../../src/reconciler/reconciler.ts";
import { createShardLedger } from "../../src/runs/shard-ledger.ts";
import { waitFor } from "../helpers/cluster.ts";
import { type Parts, silent, startParts, testRunId } from "../helpers/parts.ts";

// The reconciler against a real redis-server and BullMQ: jobs that Redis lost come back under their ids, a completed
// job whose summary never reached its run has it re-read, and a Redis restarted empty is repaired by itself.
const enabled = process.env["MCX_INTEGRATION"] === "1";
const spec = resolveSpec({ name: "rec", simulation: "rendezvous", seed: 3, trials: 8000, blockTrials: 500 });
const jobOptions = { attempts: 2, backoffMs: 100, keepCompleted: 100 };

function fakeRun(runId: string, shards: readonly number[]) {
  const plan = planRun(runId, spec, 1000);
  const ledger = createShardLedger();
  ledger.enqueued(shards.map((shard) => ({ shard, task: plan.shardTask(shard) })));
  const recovered: number[][] = [];
  const run: ReconciledRun = {
    runId,
    ready: () => true,
    pending: () => ledger.pending(),
    awaits: (s) => ledger.awaits(s),
    recover: async (s) => {
      recovered.push([...s]);
    },
  };
  return { run, ledger, plan, recovered };
}

describe.skipIf(!enabled)("reconciler", () => {
  let parts: Parts;
  beforeAll(async () => {
    parts = await startParts();
  });
  afterAll(async () => {
    await parts?.close();
  });

  it("enqueues again, with the same ids and tasks, the awaited jobs Redis lost, and nothing else", async () => {
    const runId = testRunId("lost");
    const { run, plan } = fakeRun(runId, [0, 1, 2, 3]);
    await parts.queue.addBulk(
      [0, 1].map((s) => ({ name: "shard", data: plan.shardTask(s), opts: { jobId: shardJobId(runId, s) } })),
    );
    const reconciler = startReconciler({
      queue: parts.queue,
      jobOptions,
      runs: () => [run],
      intervalMs: 3_600_000,
      logger: silent,
    });
    try {
      expect(await reconciler.pass()).toEqual({ requeued: 2, recovered: 0, schedulesRestored: 0 });
      for (const s of [2, 3]) {
        const job = await parts.queue.getJob(shardJobId(runId, s));
        expect(job?.data).toEqual(plan.shardTask(s));
        expect(job?.opts.attempts).toBe(jobOptions.attempts);
      }
      // Everything is in the queue now: a second pass changes nothing.
      expect((await reconciler.pass()).requeued).toBe(0);
      expect(await parts.queue.getJobCounts("wait")).toEqual({ wait: 4 });
    } finally {
      reconciler.stop();
      await parts.queue.obliterate({ force: true });
    }
  });

  it("has a run re-read a completed job's summary after a whole pass without it, and skips runs not ready", async () => {
    const runId = testRunId("done");
    const { run, plan, recovered } = fakeRun(runId, [0]);
    const other = fakeRun(testRunId("replaying"), [0]);
    const worker = new Worker(Topology.queue, async (job: Job) => ({ id: job.id }), {
      connection: { ...toRedisConnection(parts.redis.url), maxRetriesPerRequest: null },
      prefix: Topology.queuePrefix,
    });
    const reconciler = startReconciler({
      queue: parts.queue,
      jobOptions,
      runs: () => [run, { ...other.run, ready: () => false }],
      intervalMs: 3_600_000,
      logger: silent,
    });
    try {
      await parts.queue.add("shard", plan.shardTask(0), { jobId: shardJobId(runId, 0) });
      await waitFor(
        async () => ((await parts.queue.getJobState(shardJobId(runId, 0))) === "completed" ? true : undefined),
        "the job to complete",
      );
      expect((await reconciler.pass()).recovered).toBe(0);
      expect(await reconciler.pass()).toEqual({ requeued: 0, recovered: 1, schedulesRestored: 0 });
      expect(recovered).toEqual([[0]]);
      // The run being replayed was not looked at: its job is not in Redis, and was not enqueued.
      expect(await parts.queue.getJob(shardJobId(other.run.runId, 0))).toBeUndefined();
    } finally {
      reconciler.stop();
      await worker.close();
      await parts.queue.obliterate({ force: true });
    }
  });

  it("repairs the queue by itself once Redis comes back empty from a restart", async () => {
    const runId = testRunId("restart");
    const { run, plan } = fakeRun(runId, [0, 1, 2]);
    await parts.queue.addBulk(
      [0, 1, 2].map((s) => ({ name: "shard", data: plan.shardTask(s), opts: { jobId: shardJobId(runId, s) } })),
    );
    const reconciler = startReconciler({
      queue: parts.queue,
      jobOptions,
      runs: () => [run],
      intervalMs: 3_600_000,
      logger: silent,
    });
    let redis = parts.redis;
    try {
      await redis.kill();
      redis = await restartRedis(redis);
      // No pass is asked for: the reconnect starts it.
      await waitFor(async () => ((await parts.queue.getJobCounts("wait")).wait === 3 ? true : undefined), "repair");
      expect(reconciler.totals().requeued).toBe(3);
    } finally {
      reconciler.stop();
      if (redis !== parts.redis) await redis.stop();
    }
  });
});
