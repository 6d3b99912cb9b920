import { McxError, McxErrorCode, planRun, resolveSpec, runInline } from "@mcx/core";
import { ShardFailedError } from "@mcx/runner";
import { describe, expect, it } from "vitest";
import { failedRecord, finishedRecord, newRunRecord, withProgress } from "../../src/runs/run-record.ts";

// 2 points × 3 000 trials, shards of 1 000: 3 shards a point, 6 in all.
const spec = resolveSpec({
  name: "rec",
  simulation: "rendezvous",
  seed: 1,
  trials: 3000,
  blockTrials: 500,
  sweep: { grid: { nCpu: [2, 8] } },
});
const plan = planRun("rec-1", spec, 1000);
const at = "2026-01-01T00:00:00.000Z";

describe("run records", () => {
  it("starts a run from its plan, with nothing merged", () => {
    const r = newRunRecord(plan, { submittedAt: at, scheduledBy: "nightly" });
    expect(r).toMatchObject({
      runId: "rec-1",
      name: "rec",
      status: "running",
      points: 2,
      shardTrials: 1000,
      shardsPlanned: 6,
      trialsPlanned: 6000,
      shardsDone: 0,
      trialsDone: 0,
      scheduledBy: "nightly",
      alarms: [],
    });
    expect(newRunRecord(plan, { submittedAt: at })).not.toHaveProperty("scheduledBy");
  });

  it("adds the inbox's rejected dead letters to the driver's rejected summaries", () => {
    const r = withProgress(
      newRunRecord(plan, { submittedAt: at }),
      {
        trialsDone: 2000,
        trialsPlanned: 6000,
        shardsDone: 2,
        shardsPlanned: 6,
        duplicatesDropped: 1,
        shardsRetried: 1,
        rejected: 3,
        elapsedSeconds: 1,
        snapshot: () => {
          throw new Error("not read");
        },
      },
      2,
    );
    expect(r).toMatchObject({ trialsDone: 2000, shardsDone: 2, duplicatesDropped: 1, shardsRetried: 1, rejected: 5 });
  });

  it("closes a run with its result's status, digest and counts", () => {
    const doc = runInline(spec, { runId: "rec-1", shardTrials: 1000 });
    const r = finishedRecord(newRunRecord(plan, { submittedAt: at }), doc, at);
    expect(r).toMatchObject({
      status: "completed",
      digest: doc.digest,
      finishedAt: at,
      shardsDone: 6,
      trialsDone: 6000,
    });
  });

  it("raises a dead_letter alarm for a shard that failed for good, a shard_mismatch alarm for a corrupt one", () => {
    const start = newRunRecord(plan, { submittedAt: at });
    const dead = failedRecord(start, new ShardFailedError(4, new McxError(McxErrorCode.TIMEOUT, "shard 4 failed")), at);
    expect(dead.error).toEqual({ code: McxErrorCode.TIMEOUT, message: "shard 4 failed" });
    expect(dead.alarms).toEqual([{ kind: "dead_letter", message: "shard 4 failed", shard: 4, at }]);
    const corrupt = failedRecord(start, new McxError(McxErrorCode.SHARD_MISMATCH, "twice, different"), at);
    expect(corrupt.alarms.map((a) => a.kind)).toEqual(["shard_mismatch"]);
    const other = failedRecord(start, new McxError(McxErrorCode.INTERNAL, "bookkeeping"), at);
    expect(other).toMatchObject({ status: "failed", alarms: [] });
  });
});
