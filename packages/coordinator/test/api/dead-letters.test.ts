import { McxErrorCode } from "@mcx/core";
import { describe, expect, it } from "vitest";
import { deadLetterOf, runOfJobId } from "../../src/api/dead-letters.ts";

const task = {
  runId: "nightly-3f2a",
  shard: 17,
  simulation: "rendezvous",
  models: ["plain"],
  seed: 1,
  point: 0,
  params: {},
  blockTrials: 100,
  pointTrials: 1000,
  blockStart: 0,
  blockEnd: 1,
  thresholds: {},
};

describe("dead letters", () => {
  it("counts a job under the run before the last '-' of its id, when a shard number follows", () => {
    expect(runOfJobId("nightly-3f2a-17")).toBe("nightly-3f2a");
    expect(runOfJobId("a-0")).toBe("a");
    expect(runOfJobId("no-shard-x")).toBeUndefined();
    expect(runOfJobId("17")).toBeUndefined();
    expect(runOfJobId("-17")).toBeUndefined();
    expect(runOfJobId("Bad_Run-3")).toBeUndefined();
  });

  it("lists a failed job with its run and shard from the validated task, and the worker's error code", () => {
    const letter = deadLetterOf({
      id: "nightly-3f2a-17",
      data: task,
      attemptsMade: 3,
      failedReason: `${McxErrorCode.UNKNOWN_SIMULATION}: unknown simulation "x"`,
      finishedOn: Date.UTC(2026, 0, 2),
    });
    expect(letter).toEqual({
      jobId: "nightly-3f2a-17",
      runId: "nightly-3f2a",
      shard: 17,
      attempts: 3,
      code: McxErrorCode.UNKNOWN_SIMULATION,
      reason: `${McxErrorCode.UNKNOWN_SIMULATION}: unknown simulation "x"`,
      failedAt: "2026-01-02T00:00:00.000Z",
    });
  });

  it("lists a malformed job without a run, and a reason without a code as it is", () => {
    // The id names another shard than its task: the task is not trusted, so no run is named.
    const letter = deadLetterOf({
      id: "nightly-3f2a-5",
      data: task,
      attemptsMade: 1,
      failedReason: "job stalled more than allowable limit",
      finishedOn: 0,
    });
    expect(letter).toEqual({ jobId: "nightly-3f2a-5", attempts: 1, reason: "job stalled more than allowable limit" });
  });
});
