import { resolveSpec } from "@mcx/core";
import type { ScheduleRecord } from "@mcx/protocol";
import { describe, expect, it } from "vitest";
import { type ScheduleInput, scheduleRecordOf, triggerOf } from "../../src/schedules/schedule-record.ts";

const spec = resolveSpec({
  name: "nightly-spec",
  simulation: "rendezvous",
  trials: 1000,
  sweep: { grid: { nCpu: [2, 4] } },
});
const input: ScheduleInput = {
  name: "nightly",
  cron: " 0 3 * * * ",
  tz: "UTC",
  fileName: "n.yaml",
  text: "…",
  spec,
  baseline: { json: "{}", digest: "sha256:base" },
  replace: true,
};

describe("schedule records", () => {
  it("fire on a cron pattern in its time zone, or every N seconds", () => {
    expect(triggerOf({ cron: "0 3 * * *", tz: "Europe/Berlin" })).toEqual({
      pattern: "0 3 * * *",
      tz: "Europe/Berlin",
    });
    expect(triggerOf({ cron: "@daily" })).toEqual({ pattern: "@daily" });
    expect(triggerOf({ everySeconds: 90 })).toEqual({ every: 90_000 });
  });

  it("take the trigger and the spec's facts from the request", () => {
    const r = scheduleRecordOf(input, undefined, "2026-01-01T00:00:00.000Z");
    expect(r).toEqual({
      name: "nightly",
      cron: "0 3 * * *",
      tz: "UTC",
      fileName: "n.yaml",
      specName: "nightly-spec",
      simulation: "rendezvous",
      points: 2,
      specHash: spec.specHash,
      baselineDigest: "sha256:base",
      createdAt: "2026-01-01T00:00:00.000Z",
      runs: 0,
      skipped: 0,
    });
  });

  it("keep the creation time, counters and last run of the schedule they replace", () => {
    const existing = {
      ...scheduleRecordOf(input, undefined, "2025-06-01T00:00:00.000Z"),
      runs: 12,
      skipped: 3,
      lastRunId: "nightly-spec-abc-0001",
      lastTickAt: "2025-12-31T03:00:00.000Z",
    } satisfies ScheduleRecord;
    const { cron: _cron, tz: _tz, ...every } = input;
    const r = scheduleRecordOf({ ...every, everySeconds: 60 }, existing, "2026-01-01T00:00:00.000Z");
    expect(r).toMatchObject({ createdAt: "2025-06-01T00:00:00.000Z", runs: 12, skipped: 3, everySeconds: 60 });
    expect(r).not.toHaveProperty("cron");
    expect(r.lastRunId).toBe("nightly-spec-abc-0001");
  });
});
