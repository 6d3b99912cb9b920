import { spawnSync } from "node:child_process";
import { shardJobId, Topology } from "@mcx/protocol";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { root, waitFor } from "../helpers/cluster.ts";
import { type FaultCluster, settled, startFaultCluster, undisturbedDigest } from "./fault-cluster.ts";
import { recordFault } from "./fault-report.ts";
import { createLoopback } from "./network.ts";
import { faultSpec } from "./specs.ts";

// Poison and transient failures, on loopback (no network fault in them). A shard whose task its worker rejects
// deterministically fails its run after one attempt, naming the shard and the error; once the cause is gone,
// `mcx retry RUN` runs the failed shards again and the run ends with the digest of an undisturbed run. A shard whose
// worker is lost more often than BullMQ allows stalls is put back, and its run does not fail.
const enabled = process.env["MCX_INTEGRATION"] === "1";

describe.skipIf(!enabled)("poison and transient shard failures", () => {
  let cluster: FaultCluster | undefined;
  afterEach(async () => {
    await cluster?.close();
  });

  it("a deterministic failure fails the run after one attempt; mcx retry RUN finishes it as if undisturbed", async () => {
    cluster = await startFaultCluster({ net: createLoopback(), tag: "poison", workers: [] });
    const spec = faultSpec("poison", 501, 30);
    const runId = await cluster.submit(spec);
    const jobKey = `${Topology.queuePrefix}:${Topology.queue}:${shardJobId(runId, 7)}`;
    const admin = new Redis({
      port: cluster.redis().port,
      username: cluster.redis().user,
      password: cluster.redis().password,
    });
    try {
      // Before any worker runs: shard 7's job carries a task its worker rejects (as a worker of another build would).
      const data = await waitFor(async () => (await admin.hget(jobKey, "data")) ?? undefined, "shard 7's job");
      const task = JSON.parse(data) as { params: Record<string, unknown> };
      await admin.hset(jobKey, "data", JSON.stringify({ ...task, params: { ...task.params, nCpu: 100_000 } }));
      cluster.addWorker("w1");
      const failed = await settled(cluster.client, runId);
      expect(failed.status).toBe("failed");
      expect(failed.error?.message).toMatch(/^shard 7 failed \(not retried\) on worker w1: shard\.params\.nCpu /);
      expect(failed.alarms).toMatchObject([{ kind: "dead_letter", shard: 7 }]);
      // One attempt, no retry: the worker failed it for good the first time.
      const log = cluster.workers.get("w1")!.output();
      const jobId = shardJobId(runId, 7);
      expect(log).toMatch(new RegExp(`"jobId":"${jobId}","attempts":1,[^\n]*"msg":"shard failed for good"`));
      expect(log).not.toMatch(new RegExp(`"jobId":"${jobId}"[^\n]*"msg":"shard failed, will retry"`));

      const retry = spawnSync(process.execPath, [`${root}packages/cli/dist/main.js`, "retry", runId], {
        encoding: "utf8",
        env: {
          ...process.env,
          MCX_NATS_URL: cluster.nats().url,
          MCX_NATS_USER: "cli",
          MCX_NATS_PASSWORD: cluster.nats().password,
        },
      });
      expect(retry.stderr).toBe("");
      expect(retry.status).toBe(0);
      expect(retry.stdout).toMatch(new RegExp(`^${runId} running again \\(retry 1\\): \\d+ of 30 shards merged`));
      const run = await settled(cluster.client, runId);
      expect(run.status).toBe("completed");
      expect(run.retried).toBe(1);
      expect((await cluster.client.results(runId)).digest).toBe(undisturbedDigest(spec));
      // The shard ran again from the plan, not from the payload its worker rejected.
      expect(JSON.parse((await admin.hget(jobKey, "data"))!)).toEqual(task);
    } finally {
      admin.disconnect();
    }
  });

  it("a shard whose worker is lost beyond BullMQ's stall limit is put back, and the run completes", async () => {
    cluster = await startFaultCluster({
      net: createLoopback(),
      tag: "transient",
      workers: [],
      coordinatorEnv: { MCX_FAILED_SWEEP_MS: "1000", MCX_SHARD_BACKOFF_MS: "200" },
      // No stall survives: the first lost worker fails its shards for good in BullMQ.
      workerEnv: { MCX_MAX_STALLED_COUNT: "0", MCX_LOCK_DURATION_MS: "2000", MCX_STALLED_INTERVAL_MS: "1000" },
    });
    const spec = faultSpec("transient", 502, 60);
    const runId = await cluster.submit(spec);
    const doomed = cluster.addWorker("w1", { MCX_WORKER_CONCURRENCY: "4" });
    // Mid-run by the worker's own count (the run's counts are of shards merged in order, which may lag).
    await waitFor(async () => {
      const w1 = (await cluster!.client.list()).workers.find((w) => w.workerId === "w1");
      return w1 !== undefined && w1.completed >= 3 ? true : undefined;
    }, "w1 to complete 3 shards");
    await doomed.kill({ restart: false });
    const killedAt = performance.now();
    cluster.addWorker("w2");
    const run = await settled(cluster.client, runId);
    expect(run.status).toBe("completed");
    expect((await cluster.client.results(runId)).digest).toBe(undisturbedDigest(spec));
    const putBack = [...cluster.coordinators[0]!.output().matchAll(/shard put back after losing its worker/g)].length;
    expect(putBack).toBeGreaterThan(0);
    recordFault({
      fault: "worker lost beyond the stall limit (SIGKILL, MCX_MAX_STALLED_COUNT=0)",
      network: "loopback",
      runMs: Math.round(performance.now() - killedAt),
      shardsPutBack: putBack,
    });
  });
});
