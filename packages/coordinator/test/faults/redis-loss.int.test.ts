import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { mergedShards } from "../helpers/cluster.ts";
import { type FaultCluster, progressedAfter, settled, startFaultCluster, undisturbedDigest } from "./fault-cluster.ts";
import { recordFault } from "./fault-report.ts";
import { createLoopback, createNamespaces, type Network, namespacesUnavailable } from "./network.ts";
import { faultSpec } from "./specs.ts";

// Redis killed (SIGKILL) in the middle of a run and started again 10 s later, on its own host: with its AOF (fsync
// every second, as infra/local runs it: the last second of writes may be gone) and without persistence (every queued
// job is gone). The coordinator outlives the outage (its lease outlasts it), so what brings the run home is the
// reconciliation of its awaited shards with the queue after the reconnect.
const enabled = process.env["MCX_INTEGRATION"] === "1";
const noNamespaces = enabled ? namespacesUnavailable() : "integration tests off";
const where = noNamespaces === undefined ? "on network namespaces" : `on loopback (no namespaces: ${noNamespaces})`;

const OUTAGE_MS = 10_000;

describe.skipIf(!enabled)(`Redis SIGKILLed mid-run and restarted ${OUTAGE_MS / 1000} s later, ${where}`, () => {
  let net: Network | undefined;
  let cluster: FaultCluster | undefined;
  afterEach(async () => {
    // The namespaces go even when stopping the cluster fails.
    await (cluster?.close() ?? Promise.resolve()).finally(() => net?.destroy());
  });

  for (const appendonly of [true, false]) {
    const mode = appendonly ? "with AOF" : "with appendonly no";
    it(`${mode}: the run completes with the undisturbed digest`, async () => {
      net = noNamespaces === undefined ? await createNamespaces() : createLoopback();
      cluster = await startFaultCluster({
        net,
        tag: `redis-${appendonly ? "aof" : "none"}`,
        appendonly,
        // Longer than the outage: the coordinator keeps its runs and must repair the queue itself.
        coordinatorEnv: { MCX_COORDINATOR_LEASE_MS: "45000", MCX_RECONCILE_MS: "5000" },
      });
      const spec = faultSpec(`redis-${appendonly ? "aof" : "none"}`, appendonly ? 301 : 302, 120);
      const submitted = performance.now();
      const runId = await cluster.submit(spec);
      const before = await mergedShards(cluster.client, runId, 12);
      expect(before.shardsDone).toBeLessThan(before.shardsPlanned);

      await cluster.killRedis();
      await sleep(OUTAGE_MS);
      await cluster.restartRedis();
      const restarted = performance.now();
      const during = await cluster.client.status(runId);
      const recoveryMs = await progressedAfter(cluster.client, runId, during.shardsDone, restarted);

      const run = await settled(cluster.client, runId);
      expect(run.status).toBe("completed");
      expect((await cluster.client.results(runId)).digest).toBe(undisturbedDigest(spec));
      const coordinator = cluster.coordinators[0]!;
      // Not a restart that resumed it: the coordinator that ran it all along repaired the queue.
      expect(coordinator.restarts()).toBe(0);
      expect(run.resumed).toBe(0);
      const requeued = [...coordinator.output().matchAll(/"shards":(\d+),"msg":"shard jobs missing from the queue/g)];
      const lost = requeued.reduce((n, m) => n + Number(m[1]), 0);
      // Without persistence every queued job went with Redis; with the AOF only the last second's may have.
      if (!appendonly) expect(lost).toBeGreaterThan(0);
      recordFault({
        fault: `Redis SIGKILL + restart after 10 s, ${mode}`,
        network: net.kind,
        recoveryMs,
        runMs: Math.round(performance.now() - submitted),
        jobsRequeued: lost,
        duplicatesDropped: run.duplicatesDropped,
      });
    });
  }
});
