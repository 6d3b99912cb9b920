import { EventEmitter } from "node:events";
import { McxError, McxErrorCode } from "@mcx/core";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type RunningService,
  runServiceProcess,
  type ServiceContext,
  SHUTDOWN_MARGIN_MS,
} from "../src/service-process.ts";

// The process is simulated: signals come from an EventEmitter, exit is recorded, time is vitest's fake clock. What is
// checked is the shutdown contract of every service: a graceful stop, and an exit at grace + margin at the latest.

const GRACE_MS = 3_000;

interface Harness {
  readonly events: EventEmitter;
  readonly exits: number[];
  context?: ServiceContext;
}

function harness(start: (context: ServiceContext) => Promise<RunningService | undefined>): Harness {
  const h: Harness = { events: new EventEmitter(), exits: [] };
  void runServiceProcess({
    name: "test",
    logLevel: "silent",
    graceMs: GRACE_MS,
    logger: pino({ level: "silent" }),
    events: h.events,
    exitProcess: (code) => h.exits.push(code),
    start: (context) => {
      h.context = context;
      return start(context);
    },
  });
  return h;
}

/** A service whose close resolves when `finish` is called (or never). */
function service(): { running: RunningService; closes: () => number; finish: () => void } {
  let closes = 0;
  let finish: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return {
    running: {
      close: () => {
        closes++;
        return closed;
      },
    },
    closes: () => closes,
    finish: () => finish(),
  };
}

describe("runServiceProcess", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("stops the service on SIGTERM and exits 0 once it has stopped", async () => {
    const s = service();
    const h = harness(async () => s.running);
    await vi.advanceTimersByTimeAsync(0);
    h.events.emit("SIGTERM", "SIGTERM");
    expect(s.closes()).toBe(1);
    expect(h.exits).toEqual([]);
    s.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.exits).toEqual([0]);
    // The deadline was cleared: nothing more happens.
    await vi.advanceTimersByTimeAsync(GRACE_MS + SHUTDOWN_MARGIN_MS);
    expect(h.exits).toEqual([0]);
  });

  it("exits 1 at grace + margin when the graceful stop never finishes (a server that does not answer)", async () => {
    const s = service();
    const h = harness(async () => s.running);
    await vi.advanceTimersByTimeAsync(0);
    h.events.emit("SIGTERM", "SIGTERM");
    await vi.advanceTimersByTimeAsync(GRACE_MS + SHUTDOWN_MARGIN_MS - 1);
    expect(h.exits).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.exits).toEqual([1]);
    expect(GRACE_MS + SHUTDOWN_MARGIN_MS).toBeLessThan(GRACE_MS + 5_000);
  });

  it("exits 130 at once on a second signal", async () => {
    const h = harness(async () => service().running);
    await vi.advanceTimersByTimeAsync(0);
    h.events.emit("SIGINT", "SIGINT");
    h.events.emit("SIGINT", "SIGINT");
    expect(h.exits).toEqual([130]);
  });

  it("exits 1 when the graceful stop fails", async () => {
    const h = harness(async () => ({ close: () => Promise.reject(new Error("boom")) }));
    await vi.advanceTimersByTimeAsync(0);
    h.events.emit("SIGTERM", "SIGTERM");
    await vi.advanceTimersByTimeAsync(0);
    expect(h.exits).toEqual([1]);
  });

  it("aborts a start that is still waiting and exits 0 when it gives up", async () => {
    const h = harness(
      (context) =>
        new Promise((_, reject) => context.signal.addEventListener("abort", () => reject(context.signal.reason))),
    );
    h.events.emit("SIGTERM", "SIGTERM");
    expect(h.context?.signal.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.exits).toEqual([0]);
  });

  it("stops a service that finishes starting after the signal, then exits 0", async () => {
    const s = service();
    let started: (r: RunningService) => void = () => undefined;
    const h = harness(() => new Promise((resolve) => (started = resolve)));
    h.events.emit("SIGTERM", "SIGTERM");
    started(s.running);
    await vi.advanceTimersByTimeAsync(0);
    expect(s.closes()).toBe(1);
    s.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.exits).toEqual([0]);
  });

  it("bounds a start that ignores the signal by the same deadline", async () => {
    const h = harness(() => new Promise(() => undefined));
    h.events.emit("SIGTERM", "SIGTERM");
    await vi.advanceTimersByTimeAsync(GRACE_MS + SHUTDOWN_MARGIN_MS);
    expect(h.exits).toEqual([1]);
  });

  it("exits 0 when there is nothing to run (a standby told to stop)", async () => {
    const h = harness(async () => undefined);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.exits).toEqual([0]);
  });

  it("reports a start error once and exits with its status: 1 for a connection, 2 for bad input", async () => {
    const reported: string[] = [];
    for (const [code, status] of [
      [McxErrorCode.CONNECTION, 1],
      [McxErrorCode.FLAG_INVALID, 2],
    ] as const) {
      const exits: number[] = [];
      void runServiceProcess({
        name: "test",
        logLevel: "silent",
        graceMs: GRACE_MS,
        events: new EventEmitter(),
        exitProcess: (c) => exits.push(c),
        reportStartError: (e) => reported.push(e.code),
        start: () => Promise.reject(new McxError(code, "no")),
      });
      await vi.advanceTimersByTimeAsync(0);
      expect(exits).toEqual([status]);
    }
    expect(reported).toEqual([McxErrorCode.CONNECTION, McxErrorCode.FLAG_INVALID]);
  });

  it("lets the service exit at once without the graceful stop (a lost lease)", async () => {
    const s = service();
    const h = harness(async () => s.running);
    await vi.advanceTimersByTimeAsync(0);
    h.context?.exit(1, "lease lost");
    expect(h.exits).toEqual([1]);
    expect(s.closes()).toBe(0);
  });
});
