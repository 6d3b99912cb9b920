import { describe, expect, it } from "vitest";
import { createWorkerRegistry } from "../../src/workers/worker-registry.ts";

const beat = (workerId: string, extra: Record<string, unknown> = {}) => ({
  workerId,
  threads: 2,
  concurrency: 4,
  active: 1,
  completed: 10,
  failed: 0,
  retried: 0,
  malformed: 0,
  duplicatesAtPublish: 0,
  startedAt: "2026-01-01T00:00:00.000Z",
  at: "2026-01-01T00:00:01.000Z",
  draining: false,
  ...extra,
});

describe("worker registry", () => {
  it("sums threads and concurrency of live, non-draining workers and forgets silent ones after 20 s", () => {
    let now = 0;
    const registry = createWorkerRegistry(20_000, () => now);
    expect(registry.observe(beat("a"))).toBe(true);
    expect(registry.observe(beat("b", { draining: true }))).toBe(true);
    expect(registry.totals()).toEqual({ workers: 1, threads: 2, concurrency: 4 });
    now = 20_000;
    expect(registry.list().map((w) => w.workerId)).toEqual(["a", "b"]);
    now = 20_001;
    expect(registry.list()).toEqual([]);
  });

  it("keeps the connections a worker reports, so the listing can say what it waits for", () => {
    const registry = createWorkerRegistry(20_000);
    const connections = {
      redis: { state: "waiting", since: "2026-01-01T00:00:00.500Z", reason: "connect ECONNREFUSED 127.0.0.1:6379" },
      nats: { state: "connected", since: "2026-01-01T00:00:00.000Z" },
    };
    expect(registry.observe(beat("a", { connections }))).toBe(true);
    expect(registry.observe(beat("b"))).toBe(true);
    const [a, b] = registry.list();
    expect(a?.connections).toEqual(connections);
    expect(b?.connections).toBeUndefined();
    expect(registry.observe(beat("c", { connections: { redis: { state: "lost" } } }))).toBe(false);
  });

  it("rejects a malformed heartbeat", () => {
    const registry = createWorkerRegistry(20_000);
    expect(registry.observe({ workerId: "a", threads: -1 })).toBe(false);
    expect(registry.observe("hello")).toBe(false);
    expect(registry.list()).toEqual([]);
  });
});
