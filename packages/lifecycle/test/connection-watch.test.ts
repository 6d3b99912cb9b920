import { EventEmitter } from "node:events";
import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createConnectionWatch, type NatsStatusSource } from "../src/connection-watch.ts";

// The clients are stand-ins that emit the events ioredis and nats.js emit (names and order as those libraries send
// them); the real clients against real servers are exercised by the CLI's connection-state integration test.

/** A clock that moves only when told. */
function clock(start = Date.parse("2026-01-02T03:04:05.000Z")) {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

/** An ioredis stand-in: its connection events, and an INFO that answers at once. */
function redisSource(info: () => Promise<unknown> = () => Promise.resolve("# Server")) {
  return Object.assign(new EventEmitter(), { info });
}

/** A NATS status stream fed by `push`. */
function natsSource(): NatsStatusSource & { push(s: { type: string; error?: unknown }): void } {
  const queue: { type: string; error?: unknown }[] = [];
  let wake: (() => void) | undefined;
  return {
    push(s) {
      queue.push(s);
      wake?.();
    },
    rtt: () => Promise.resolve(1),
    status: () => ({
      async *[Symbol.asyncIterator]() {
        for (;;) {
          while (queue.length > 0) yield queue.shift()!;
          await new Promise<void>((r) => (wake = r));
        }
      },
    }),
  };
}

const tick = () => new Promise((r) => setImmediate(r));

afterEach(() => {
  vi.useRealTimers();
});

describe("createConnectionWatch", () => {
  it("starts waiting for both, and reports each as connected once handed over", () => {
    const c = clock();
    const watch = createConnectionWatch(pino({ level: "silent" }), { now: c.now });
    expect(watch.snapshot()).toEqual({
      redis: { state: "waiting", since: "2026-01-02T03:04:05.000Z" },
      nats: { state: "waiting", since: "2026-01-02T03:04:05.000Z" },
    });
    c.advance(1_000);
    watch.watchRedis(redisSource(), true);
    expect(watch.snapshot().redis).toEqual({ state: "connected", since: "2026-01-02T03:04:06.000Z" });
  });

  it("follows Redis: waiting from the close, with the last reconnect error, connected again on ready", () => {
    const c = clock();
    const watch = createConnectionWatch(pino({ level: "silent" }), { now: c.now });
    const redis = redisSource();
    watch.watchRedis(redis, true);
    c.advance(5_000);
    redis.emit("error", new Error("read ECONNRESET"));
    // An error while connected does not by itself mean the link is down.
    expect(watch.snapshot().redis.state).toBe("connected");
    redis.emit("close");
    c.advance(2_000);
    redis.emit("error", new Error("connect ECONNREFUSED 127.0.0.1:6379"));
    expect(watch.snapshot().redis).toEqual({
      state: "waiting",
      since: "2026-01-02T03:04:10.000Z",
      reason: "connect ECONNREFUSED 127.0.0.1:6379",
    });
    c.advance(3_000);
    redis.emit("ready");
    expect(watch.snapshot().redis).toEqual({ state: "connected", since: "2026-01-02T03:04:15.000Z" });
  });

  it("follows NATS status events", async () => {
    const c = clock();
    const watch = createConnectionWatch(pino({ level: "silent" }), { now: c.now });
    const nats = natsSource();
    watch.watchNats(nats);
    expect(watch.snapshot().nats.state).toBe("connected");
    c.advance(1_000);
    nats.push({ type: "disconnect" });
    nats.push({ type: "reconnecting" });
    nats.push({ type: "error", error: new Error("CONNECTION_REFUSED") });
    await tick();
    expect(watch.snapshot().nats).toEqual({
      state: "waiting",
      since: "2026-01-02T03:04:06.000Z",
      reason: "CONNECTION_REFUSED",
    });
    nats.push({ type: "reconnect" });
    await tick();
    expect(watch.snapshot().nats.state).toBe("connected");
  });

  it("keeps credentials out of the reason, and cuts it to fit a heartbeat", () => {
    const watch = createConnectionWatch(pino({ level: "silent" }));
    const redis = redisSource();
    watch.watchRedis(redis, false);
    redis.emit("error", new Error("cannot reach redis://worker:s3cret@10.0.0.1:6379 now"));
    expect(watch.snapshot().redis.reason).toBe("cannot reach redis://10.0.0.1:6379 now");
    redis.emit("error", new Error("x".repeat(1_000)));
    expect(watch.snapshot().redis.reason).toHaveLength(300);
  });

  it("logs a lost connection once, and its return once", () => {
    const lines: { msg: string; dependency: string }[] = [];
    const logger = pino({ level: "info" }, { write: (s: string) => void lines.push(JSON.parse(s)) });
    const watch = createConnectionWatch(logger);
    const redis = redisSource();
    watch.watchRedis(redis, true);
    redis.emit("close");
    for (let i = 0; i < 5; i++) redis.emit("error", new Error("connect ECONNREFUSED"));
    redis.emit("close");
    redis.emit("ready");
    expect(lines.map((l) => l.msg)).toEqual(["waiting for redis", "redis connected again"]);
  });

  it("counts a server that stops answering without closing the connection as gone, and back when it answers", async () => {
    vi.useFakeTimers();
    const c = clock();
    const watch = createConnectionWatch(pino({ level: "silent" }), { now: c.now, probeMs: 1_000 });
    let answer: (v: unknown) => void = () => undefined;
    let probes = 0;
    watch.watchRedis(
      redisSource(() => {
        probes++;
        return new Promise((resolve) => (answer = resolve));
      }),
      true,
    );
    await vi.advanceTimersByTimeAsync(1_000); // the first probe goes out
    expect(watch.snapshot().redis.state).toBe("connected");
    c.advance(1_000);
    await vi.advanceTimersByTimeAsync(1_000); // … and gets no answer in time
    expect(watch.snapshot().redis).toMatchObject({ state: "waiting", reason: "no answer for 1000 ms" });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(probes).toBe(1); // one probe at a time
    answer("# Server");
    await vi.advanceTimersByTimeAsync(0);
    expect(watch.snapshot().redis.state).toBe("connected");
    watch.stop();
  });

  it("reports nothing new once stopped (the service closes its own connections)", () => {
    const watch = createConnectionWatch(pino({ level: "silent" }));
    const redis = redisSource();
    watch.watchRedis(redis, true);
    watch.stop();
    redis.emit("close");
    expect(watch.snapshot().redis.state).toBe("connected");
  });
});
