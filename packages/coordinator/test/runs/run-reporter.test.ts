import type { RunProgress } from "@mcx/core";
import type { ProgressMessage, RunRecord } from "@mcx/protocol";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createRunReporter } from "../../src/runs/run-reporter.ts";

const record = (shardsDone: number): RunRecord => ({
  runId: "r-1",
  name: "t",
  simulation: "rendezvous",
  specHash: "sha256:x",
  status: "running",
  submittedAt: "2026-01-01T00:00:00.000Z",
  points: 1,
  shardTrials: 1000,
  shardsPlanned: 10,
  shardsDone,
  trialsPlanned: 10_000,
  trialsDone: shardsDone * 1000,
  duplicatesDropped: 0,
  rejected: 0,
  cancelRequested: false,
  resumed: 0,
  alarms: [],
});
const snapshot = (): RunProgress => ({
  trialsDone: 0,
  trialsPlanned: 0,
  shardsDone: 0,
  shardsPlanned: 0,
  done: false,
  points: [
    {
      index: 0,
      trials: 1000,
      stop: "running",
      predictedTrials: Number.NaN,
      slots: [{ model: "m", metric: "x", estimate: 1.5, halfWidth: Number.POSITIVE_INFINITY }],
    },
  ],
});

function reporter() {
  let now = 1_000_000;
  const published: ProgressMessage[] = [];
  const persisted: RunRecord[] = [];
  const r = createRunReporter({
    publish: (m) => published.push(m),
    persist: async (rec) => {
      persisted.push(rec);
    },
    progressIntervalMs: 250,
    stateIntervalMs: 1000,
    snapshotContext: { labels: [] },
    logger: pino({ level: "silent" }),
    now: () => now,
  });
  return { r, published, persisted, advance: (ms: number) => (now += ms) };
}

describe("run reporter", () => {
  it("publishes at most once per progress interval, with a snapshot at most once a second", () => {
    const { r, published, advance } = reporter();
    r.progress(() => record(1), snapshot);
    advance(100);
    r.progress(() => record(2), snapshot);
    advance(150);
    r.progress(() => record(3), snapshot);
    advance(250);
    r.progress(() => record(4), snapshot);
    advance(750);
    r.progress(() => record(5), snapshot);
    expect(published.map((m) => [m.shardsDone, m.snapshot !== undefined])).toEqual([
      [1, true],
      [3, false],
      [4, false],
      [5, true],
    ]);
    // Non-finite estimates travel as null (JSON has no Infinity).
    expect(published[0]!.snapshot!.points[0]).toMatchObject({ predictedTrials: null, slots: [{ halfWidth: null }] });
  });

  it("writes the record at most once per state interval while running, and every save in order", async () => {
    const { r, persisted, advance } = reporter();
    r.progress(() => record(1), snapshot);
    advance(999);
    r.progress(() => record(2), snapshot);
    advance(1);
    r.progress(() => record(3), snapshot);
    await r.save(record(4));
    expect(persisted.map((p) => p.shardsDone)).toEqual([3, 4]);
  });

  it("keeps going when a write or a publish fails", async () => {
    const r = createRunReporter({
      publish: () => {
        throw new Error("disconnected");
      },
      persist: () => Promise.reject(new Error("kv down")),
      progressIntervalMs: 1,
      stateIntervalMs: 1,
      snapshotContext: { labels: [] },
      logger: pino({ level: "silent" }),
    });
    r.announce(record(0));
    await expect(r.save(record(1))).resolves.toBeUndefined();
  });
});
