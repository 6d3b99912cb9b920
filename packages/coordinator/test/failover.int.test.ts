import { Topology } from "@mcx/protocol";
import { MERGE_FIXTURES, stopProcess, waitForOutput } from "@mcx/testkit";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finishedRun, mergedShards, waitFor } from "./helpers/cluster.ts";
import { isRunning, TestCluster } from "./helpers/test-cluster.ts";

// Active and standby coordinators as processes from the built JavaScript, against real redis-server and nats-server
// with infra/'s roles: one coordinator holds the lease in Redis, the others wait, and one of them takes over when the
// active one dies, stops, or loses the lease.
const enabled = process.env["MCX_INTEGRATION"] === "1";

// Golden digest: a merge fixture whose statistics are checked against closed forms (tooling/testkit).
const { spec: longSpec, digest: longDigest } = MERGE_FIXTURES.failoverLong;

describe.skipIf(!enabled)("coordinator failover: active and standby coordinators as processes", () => {
  const cluster = new TestCluster("failover");

  beforeAll(() => cluster.start());
  afterAll(() => cluster.stop());

  it("a second coordinator waits as a standby, and finishes the runs of an active one killed mid-run", async () => {
    const active = await cluster.startCoordinator();
    // After the first coordinator, which creates the JetStream stream the worker publishes to.
    await cluster.startWorker("w1");
    const standby = await cluster.startStandby();

    const { runId } = await cluster.client.submit({ spec: JSON.stringify(longSpec), fileName: "failover.json" });
    const before = await mergedShards(cluster.client, runId, 4);
    expect(before.shardsDone).toBeLessThan(before.shardsPlanned);
    // The standby has served nothing so far: it only waited.
    expect(standby.output()).not.toMatch(/coordinator ready/);

    active.child.kill("SIGKILL");
    await stopProcess(active.child);
    await waitForOutput(standby, /coordinator ready/);
    // The API now answers from the standby, under the id it holds the lease with.
    const leaseId = /"id":"([^"]+)"[^\n]*coordinator lease acquired/.exec(standby.output())?.[1];
    expect(leaseId).toBeDefined();
    expect((await cluster.client.list()).coordinator.instance).toBe(leaseId);
    const run = await finishedRun(cluster.client, runId);
    expect(run.status).toBe("completed");
    expect(run.resumed).toBe(1);
    expect((await cluster.client.results(runId)).digest).toBe(longDigest);
  });

  it("hands the lease over on a graceful stop without waiting for it to expire", async () => {
    // The survivor of the test above holds a 2 s lease. A coordinator with a 10-minute lease waits behind it, takes
    // over when it stops, and then holds the lease far longer than this test may wait for the next handover.
    const current = cluster.coordinators.find(isRunning)!;
    const longLease = await cluster.startStandby({ env: { MCX_COORDINATOR_LEASE_MS: "600000" } });
    await stopProcess(current.child, 10_000);
    expect(current.child.exitCode).toBe(0);
    await waitForOutput(longLease, /coordinator ready/);

    const next = await cluster.startStandby();
    await stopProcess(longLease.child, 10_000);
    expect(longLease.child.exitCode).toBe(0);
    // Only the release can make this happen within the wait: the lease had 10 minutes left.
    await waitForOutput(next, /coordinator ready/);
    expect(next.output()).toMatch(/coordinator lease acquired/);
  });

  it("stops at once (exit 1) when another coordinator has taken its lease", async () => {
    const current = cluster.coordinators.find(isRunning)!;
    const admin = new Redis(cluster.redisAdmin());
    try {
      // What a standby does once the lease has expired unnoticed, e.g. while this process was paused.
      await admin.set(Topology.coordinatorLeaseKey, "someone-else", "PX", 60_000);
      await waitFor(async () => (current.child.exitCode === null ? undefined : current.child.exitCode), "the exit");
      expect(current.child.exitCode).toBe(1);
      expect(current.output()).toMatch(/coordinator lease lost: stopping/);
    } finally {
      await admin.del(Topology.coordinatorLeaseKey);
      admin.disconnect();
    }
  });

  // Last: it stops Redis for good.
  it("stops (exit 1) when Redis stops answering, saying the lease could not be renewed", async () => {
    const active = await cluster.startCoordinator();
    await cluster.redis.stop();
    await waitFor(async () => (active.child.exitCode === null ? undefined : active.child.exitCode), "the exit");
    expect(active.child.exitCode).toBe(1);
    expect(active.output()).toMatch(/coordinator lease lost: stopping/);
    expect(active.output()).toMatch(/the lease could not be renewed/);
  });
});
