import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { RunRecord } from "@mcx/client";
import { McxErrorCode, resolveSpec, runInline } from "@mcx/core";
import { Topology } from "@mcx/protocol";
import { MERGE_FIXTURES, stopProcess } from "@mcx/testkit";
import { Queue } from "bullmq";
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from "vitest";
import { toResultJson } from "../src/runs/result-sink.ts";
import { waitFor } from "./helpers/cluster.ts";
import { TestCluster } from "./helpers/test-cluster.ts";

// Schedules end to end: coordinator and one worker as processes from the built JavaScript, real redis-server and
// nats-server with the roles of infra/ (the coordinator's tick worker needs the ACL's +@blocking).
const enabled = process.env["MCX_INTEGRATION"] === "1";

// E[pause] = H_8 / rate: the scheduled spec (rate 1300) is 23 % below the baseline's (rate 1000). With 20,000 trials
// the standard error of each mean is ≈ 0.3 % of it, so the shift is ≈ 50 standard errors: no false pass. Both are
// merge fixtures with golden digests (tooling/testkit).
const baselineSpec = MERGE_FIXTURES.scheduleBaseline.spec;
const scheduledSpec = MERGE_FIXTURES.scheduled.spec;

describe.skipIf(!enabled)("schedules: coordinator + 1 worker as processes", () => {
  const cluster = new TestCluster("sched");
  const scheduleQueue = () =>
    new Queue(Topology.scheduleQueue, { connection: cluster.redisAdmin(), prefix: Topology.queuePrefix });

  const runsOf = async (schedule: string): Promise<RunRecord[]> =>
    (await cluster.client.list({ limit: 1000 })).runs.filter((r) => r.scheduledBy === schedule);
  const finishedRunsOf = async (schedule: string, n: number): Promise<RunRecord[] | undefined> => {
    const done = (await runsOf(schedule)).filter((r) => r.status !== "running");
    return done.length >= n ? done : undefined;
  };

  beforeAll(async () => {
    await cluster.start();
    await Promise.all([cluster.startCoordinator(), cluster.startWorker("w1")]);
  });

  // A failure keeps both processes' logs and prints the coordinator's recent lines: the tick, run and regression lines say what happened.
  beforeEach(() => {
    onTestFailed(() => {
      const log = cluster.coordinator.output();
      const file = join(tmpdir(), `mcx-schedule-${process.pid}-${Date.now()}`);
      writeFileSync(`${file}-coordinator.log`, log);
      writeFileSync(`${file}-worker.log`, cluster.worker("w1").output());
      console.error(
        `logs in ${file}-*.log; the coordinator's last 80 lines:\n${log.split("\n").slice(-80).join("\n")}`,
      );
    });
  });

  afterAll(() => cluster.stop());

  it("runs a spec every 2 s, flags runs that differ from the baseline, not those equal to it, and stops on remove", async () => {
    // Result documents to serve as baselines: the fixtures' own runs, as `mcx run --out` would write them.
    const expected = runInline(resolveSpec(scheduledSpec));
    const otherBaseline = runInline(resolveSpec(baselineSpec));
    expect([expected.digest, otherBaseline.digest]).toEqual([
      MERGE_FIXTURES.scheduled.digest,
      MERGE_FIXTURES.scheduleBaseline.digest,
    ]);
    const drift = await cluster.client.scheduleAdd({
      name: "drift",
      everySeconds: 2,
      spec: JSON.stringify(scheduledSpec),
      fileName: "nightly.json",
      baseline: toResultJson(otherBaseline),
    });
    expect(drift).toMatchObject({ name: "drift", everySeconds: 2, baselineDigest: otherBaseline.digest, runs: 0 });
    const steady = await cluster.client.scheduleAdd({
      name: "steady",
      everySeconds: 2,
      spec: JSON.stringify(scheduledSpec),
      fileName: "nightly.json",
      baseline: toResultJson(expected),
    });
    expect(steady.baselineDigest).toBe(expected.digest);

    // The name is taken: nothing changes without `replace`.
    await expect(
      cluster.client.scheduleAdd({ name: "drift", everySeconds: 60, spec: JSON.stringify(scheduledSpec) }),
    ).rejects.toMatchObject({ code: McxErrorCode.SCHEDULE_EXISTS });

    const listed = await cluster.client.scheduleList();
    expect(listed.map((s) => s.name)).toEqual(["drift", "steady"]);
    expect(listed.every((s) => s.next !== undefined)).toBe(true);

    const driftRuns = await waitFor(() => finishedRunsOf("drift", 2), "2 finished runs of drift");
    const steadyRuns = await waitFor(() => finishedRunsOf("steady", 2), "2 finished runs of steady");
    for (const run of [...driftRuns, ...steadyRuns]) {
      expect(run.status).toBe("completed");
      // Scheduled runs are ordinary runs: the same digest as the spec run anywhere else.
      expect(run.digest).toBe(MERGE_FIXTURES.scheduled.digest);
    }
    for (const run of driftRuns) {
      expect(run.regression).toMatchObject({ differs: true, identical: false, baselineDigest: otherBaseline.digest });
      expect(run.regression?.significant).toBeGreaterThan(0);
      expect(run.regression?.summary).toMatch(/mean pause -2\d%/);
    }
    for (const run of steadyRuns) {
      expect(run.regression).toMatchObject({ differs: false, identical: true, significant: 0 });
    }
    const status = await cluster.client.status(driftRuns[0]!.runId);
    expect(status.scheduledBy).toBe("drift");
    expect(status.regression?.differs).toBe(true);
    expect((await cluster.client.scheduleList()).find((s) => s.name === "drift")?.runs).toBeGreaterThanOrEqual(2);

    // Remove both; a tick already being processed may still submit its run, so count once that has settled.
    const removed = await cluster.client.scheduleRemove("drift");
    expect(removed.name).toBe("drift");
    await cluster.client.scheduleRemove("steady");
    await expect(cluster.client.scheduleRemove("drift")).rejects.toMatchObject({
      code: McxErrorCode.SCHEDULE_NOT_FOUND,
    });
    expect(await cluster.client.scheduleList()).toEqual([]);
    await sleep(1_000);
    const before = (await runsOf("drift")).length + (await runsOf("steady")).length;
    // Three intervals without a tick.
    await sleep(6_000);
    const after = (await runsOf("drift")).length + (await runsOf("steady")).length;
    expect(after).toBe(before);

    // No job scheduler left behind in Redis.
    const queue = scheduleQueue();
    try {
      expect(await queue.getJobSchedulers()).toEqual([]);
    } finally {
      await queue.close();
    }
    expect(cluster.coordinator.child.exitCode).toBeNull();
  });

  it("keeps a schedule across a coordinator restart, and restores a job scheduler lost from Redis", async () => {
    await cluster.client.scheduleAdd({ name: "durable", everySeconds: 2, spec: JSON.stringify(scheduledSpec) });
    await waitFor(() => finishedRunsOf("durable", 1), "a first run of durable");
    const stopped = cluster.coordinator;
    await stopProcess(stopped.child, 10_000);
    expect(stopped.child.exitCode).toBe(0);
    // Lost from Redis (a flushed or replaced instance): the KV record is what users asked for, so it comes back.
    const queue = scheduleQueue();
    try {
      expect(await queue.removeJobScheduler("durable")).toBe(true);
    } finally {
      await queue.close();
    }
    const restartedAt = new Date().toISOString();
    const restarted = await cluster.startCoordinator();
    expect(restarted.output()).toMatch(/job scheduler restored/);
    const after = await waitFor(async () => {
      const runs = (await runsOf("durable")).filter((r) => r.submittedAt > restartedAt && r.status !== "running");
      return runs.length > 0 ? runs : undefined;
    }, "a run submitted after the restart");
    expect(after[0]?.status).toBe("completed");
    // Found by name: a failure of the test above may have left its schedules behind.
    const record = (await cluster.client.scheduleList()).find((s) => s.name === "durable");
    expect(record).toMatchObject({ name: "durable" });
    expect(record?.runs).toBeGreaterThanOrEqual(2);
    await cluster.client.scheduleRemove("durable");
  });
});
