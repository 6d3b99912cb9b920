import type { RunRecord } from "@mcx/client";
import { describe, expect, it } from "vitest";
import { regressionCell, renderList, renderRun } from "../../src/commands/status.ts";

const base: RunRecord = {
  runId: "rdv-nightly-m1-ab12",
  name: "rdv-nightly",
  simulation: "rendezvous",
  specHash: "sha256:x",
  status: "completed",
  submittedAt: "2026-01-02T03:00:00.000Z",
  finishedAt: "2026-01-02T03:00:02.000Z",
  points: 1,
  shardTrials: 5000,
  shardsPlanned: 4,
  shardsDone: 4,
  trialsPlanned: 20_000,
  trialsDone: 20_000,
  duplicatesDropped: 0,
  rejected: 0,
  cancelRequested: false,
  resumed: 0,
  alarms: [],
};
/** What a coordinator reports about itself in the listing. */
const coordinatorStats = {
  startedAt: "2026-11-25T17:00:01.123Z",
  activeRuns: 1,
  rejectedRequests: 0,
  rejectedMessages: 0,
  orphanMessages: 0,
  rejectedHeartbeats: 0,
};
const regression = {
  differs: true,
  significant: 2,
  identical: false,
  tested: 3,
  baselineDigest: "sha256:6911f68257ae0761e8e14b759490291ba24d8690b4adef527a4be606b6918508",
  summary: "2 of 3 tests differ (q ≤ 0.05): point 0 plain mean pause -23%, point 0 antithetic mean pause -23%",
};

describe("mcx status with schedules", () => {
  it("prints the schedule and a REGRESSION line when a run differs from its baseline", () => {
    const text = renderRun({ ...base, scheduledBy: "nightly", regression });
    expect(text).toContain("schedule   nightly\n");
    expect(text).toContain(
      "REGRESSION 2 of 3 tests differ (q ≤ 0.05): point 0 plain mean pause -23%, point 0 antithetic mean pause -23% (baseline sha256:6911f68257ae…)\n",
    );
  });

  it("prints a quiet regression line when nothing differs", () => {
    const text = renderRun({
      ...base,
      scheduledBy: "nightly",
      regression: { ...regression, differs: false, significant: 0, identical: true, summary: "identical" },
    });
    expect(text).toMatch(/^regression none: identical \(baseline sha256:6911f68257ae…\)$/m);
    expect(text).not.toContain("REGRESSION");
  });

  it("adds schedule and REGRESSION columns to the list only when a listed run has a schedule", () => {
    expect(renderList([base], [])).not.toContain("REGRESSION");
    const list = renderList([{ ...base, scheduledBy: "nightly", regression }, base], []);
    // Box-drawn: top rule, head, rule, rows.
    const [, head, , first, second] = list.split("\n");
    expect(head).toMatch(/schedule .*REGRESSION/);
    expect(first).toMatch(/nightly .* YES \(2\)/);
    expect(second).toMatch(/ — .* — /);
  });

  it("names the coordinator that answered, with its lease id, start and active runs", () => {
    const stats = { ...coordinatorStats, instance: "host-a:4242:k3x9qz" };
    expect(renderList([base], [], stats)).toMatch(
      /^coordinator: host-a:4242:k3x9qz, up since 2026-11-25 17:00:01, 1 active run$/m,
    );
    expect(renderList([base], [])).not.toContain("coordinator:");
  });

  it("says which dependency a worker or the coordinator is waiting for, and since when", () => {
    const up = { state: "connected", since: "2026-11-25T17:00:00.000Z" } as const;
    const redisDown = {
      state: "waiting",
      since: "2026-11-25T17:05:09.400Z",
      reason: "connect ECONNREFUSED 127.0.0.1:6379",
    } as const;
    const worker = {
      workerId: "w1",
      threads: 2,
      concurrency: 4,
      active: 0,
      completed: 3,
      failed: 0,
      malformed: 0,
      draining: false,
      lastSeen: "2026-11-25T17:05:10.000Z",
    };
    const stats = { ...coordinatorStats, connections: { redis: redisDown, nats: up } };
    const text = renderList(
      [base],
      [
        { ...worker, connections: { redis: redisDown, nats: up } },
        { ...worker, workerId: "w2", connections: { redis: up, nats: up } },
        { ...worker, workerId: "w3" },
      ],
      stats,
    );
    expect(text.split("\n").filter((l) => l.includes("waiting for"))).toEqual([
      "worker w1: waiting for redis since 2026-11-25 17:05:09 (connect ECONNREFUSED 127.0.0.1:6379)",
      "coordinator: waiting for redis since 2026-11-25 17:05:09 (connect ECONNREFUSED 127.0.0.1:6379)",
    ]);
  });

  it("marks a scheduled run still running as pending (…), one without a baseline as —", () => {
    expect(regressionCell({ ...base, status: "running", scheduledBy: "n" })).toBe("…");
    expect(regressionCell({ ...base, scheduledBy: "n" })).toBe("—");
    expect(regressionCell({ ...base, scheduledBy: "n", regression: { ...regression, differs: false } })).toBe("no");
  });
});
