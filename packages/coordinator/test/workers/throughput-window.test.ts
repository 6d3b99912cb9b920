import { describe, expect, it } from "vitest";
import { THROUGHPUT_WINDOW_MS, ThroughputWindow } from "../../src/workers/throughput-window.ts";

describe("a worker's throughput over the last minute", () => {
  it("is unknown until two heartbeats, then the shards between the oldest kept and the newest", () => {
    const w = new ThroughputWindow();
    expect(w.current()).toBeUndefined();
    w.record(0, 10);
    expect(w.current()).toBeUndefined();
    w.record(30_000, 40);
    expect(w.current()).toEqual({ windowSeconds: 30, shards: 30, shardsPerSecond: 1 });
  });

  it("keeps one heartbeat at or before a minute ago, so a full window spans the whole minute", () => {
    const w = new ThroughputWindow();
    // A heartbeat every 2 s, 3 shards each: 1.5 shards/s.
    for (let t = 0; t <= 200_000; t += 2_000) w.record(t, (t / 2_000) * 3);
    const got = w.current()!;
    expect(got.windowSeconds).toBe(THROUGHPUT_WINDOW_MS / 1000);
    expect(got.shards).toBe(90);
    expect(got.shardsPerSecond).toBe(1.5);
  });

  it("starts the window after a silence longer than a heartbeat could be late", () => {
    const w = new ThroughputWindow();
    w.record(0, 0);
    w.record(1_000, 100);
    w.record(200_000, 100);
    w.record(210_000, 110);
    // Nothing was heard between 1 s and 200 s: the window is what came after.
    expect(w.current()).toEqual({ windowSeconds: 10, shards: 10, shardsPerSecond: 1 });
  });

  it("starts again when the worker restarted (its total went down)", () => {
    const w = new ThroughputWindow();
    w.record(0, 500);
    w.record(2_000, 520);
    w.record(4_000, 3);
    expect(w.current()).toBeUndefined();
    w.record(6_000, 9);
    expect(w.current()).toEqual({ windowSeconds: 2, shards: 6, shardsPerSecond: 3 });
  });
});
