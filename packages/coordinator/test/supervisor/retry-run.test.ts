import { McxErrorCode } from "@mcx/core";
import type { RunRecord } from "@mcx/protocol";
import { describe, expect, it } from "vitest";
import { isShardJobOf, notRetryable, retriedRecord } from "../../src/supervisor/retry-run.ts";

const failed: RunRecord = {
  runId: "r-1",
  name: "t",
  simulation: "rendezvous",
  specHash: "sha256:x",
  status: "failed",
  submittedAt: "2026-01-01T00:00:00.000Z",
  finishedAt: "2026-01-01T00:01:00.000Z",
  points: 1,
  shardTrials: 1000,
  shardsPlanned: 10,
  shardsDone: 7,
  trialsPlanned: 10_000,
  trialsDone: 7000,
  duplicatesDropped: 0,
  rejected: 0,
  cancelRequested: false,
  resumed: 0,
  error: { code: McxErrorCode.TRIAL_FAILED, message: "shard 7 failed (not retried) on worker w1: …" },
  alarms: [{ kind: "dead_letter", message: "shard 7 failed", shard: 7, at: "2026-01-01T00:01:00.000Z" }],
};

describe("mcx retry: which runs may run again", () => {
  it("takes a run that failed because a shard failed for good", () => {
    expect(notRetryable(failed, false)).toBeUndefined();
  });

  it("refuses a running run, a finished one, a corrupt one and one that failed for another reason", () => {
    const code = (r: RunRecord, active = false) => notRetryable(r, active)?.code;
    expect(code(failed, true)).toBe(McxErrorCode.NOT_RETRYABLE);
    expect(notRetryable({ ...failed, status: "completed" }, false)?.message).toBe(
      "run r-1 did not fail (status completed)",
    );
    const mismatch = {
      ...failed,
      alarms: [...failed.alarms, { kind: "shard_mismatch" as const, message: "m", at: "" }],
    };
    expect(code(mismatch)).toBe(McxErrorCode.NOT_RETRYABLE);
    const changed = { ...failed, alarms: [], error: { code: McxErrorCode.SPEC_CHANGED, message: "specHash differs" } };
    expect(notRetryable(changed, false)?.message).toMatch(/retrying its shards cannot change: specHash differs/);
  });

  it("starts the record again: running, error cleared, alarms kept, the cleared dead letters marked", () => {
    const next = retriedRecord(failed, 42);
    expect(next).toMatchObject({ status: "running", retried: 1, deadLettersThrough: 42, alarms: failed.alarms });
    expect(next.error).toBeUndefined();
    expect(next.finishedAt).toBeUndefined();
    expect(retriedRecord(next, 50).retried).toBe(2);
  });

  it("tells a run's shard jobs from those of a run whose id extends it", () => {
    expect(isShardJobOf("r-1-7", "r-1")).toBe(true);
    expect(isShardJobOf("r-1-2-7", "r-1")).toBe(false);
    expect(isShardJobOf("r-17", "r-1")).toBe(false);
  });
});
