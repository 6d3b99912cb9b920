import { McxErrorCode } from "@mcx/core";
import type { ShardEvent } from "@mcx/runner";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createShardInbox } from "../../src/runs/shard-inbox.ts";

const logger = pino({ level: "silent" });
const letter = (extra: Record<string, unknown> = {}) => ({
  runId: "r-1",
  shard: 3,
  jobId: "r-1-3",
  attempts: 5,
  error: { code: McxErrorCode.PARAM_INVALID, message: "rate must be > 0", hint: "see mcx models" },
  deterministic: false,
  workerId: "w7",
  at: "2026-01-01T00:00:00.000Z",
  ...extra,
});

async function drain(inbox: ReturnType<typeof createShardInbox>): Promise<ShardEvent[]> {
  inbox.close();
  const out: ShardEvent[] = [];
  for await (const e of inbox.source) out.push(e);
  return out;
}

describe("shard inbox", () => {
  it("asks a replay to wait once the driver is 256 summaries behind, until it is down to 64", async () => {
    const inbox = createShardInbox({ runId: "r-1", shardCount: 1000, logger });
    const summary = (seq: number) => ({ runId: "r-1", kind: "summary" as const, body: { shard: seq }, seq });
    for (let seq = 1; seq < 256; seq++) expect(inbox.accept(summary(seq))).toBeUndefined();
    const wait = inbox.accept(summary(256));
    expect(wait).toBeInstanceOf(Promise);
    let released = false;
    void wait!.then(() => {
      released = true;
    });
    const it = inbox.source[Symbol.asyncIterator]();
    for (let taken = 0; taken < 192; taken++) await it.next();
    await Promise.resolve();
    expect(released).toBe(false); // 64 still wait
    await it.next();
    await Promise.resolve();
    expect(released).toBe(true);
  });

  it("passes summaries on as they came, for the driver to validate once", async () => {
    const inbox = createShardInbox({ runId: "r-1", shardCount: 10, logger });
    inbox.accept({ runId: "r-1", kind: "summary", body: { any: "thing" }, seq: 1 });
    expect(await drain(inbox)).toEqual([{ type: "summary", summary: { any: "thing" }, retried: false }]);
  });

  it("passes the worker's fingerprint on with the summary, for the merger to take instead of computing it", async () => {
    const inbox = createShardInbox({ runId: "r-1", shardCount: 10, logger });
    inbox.accept({ runId: "r-1", kind: "summary", body: 1, seq: 1, attempt: 2, fingerprint: "0123456789abcdef" });
    expect(await drain(inbox)).toEqual([
      { type: "summary", summary: 1, retried: true, fingerprint: "0123456789abcdef" },
    ]);
  });

  it("marks a summary of a later attempt of its job as retried (first attempts, and older workers' unmarked ones, not)", async () => {
    const inbox = createShardInbox({ runId: "r-1", shardCount: 10, logger });
    inbox.accept({ runId: "r-1", kind: "summary", body: 1, seq: 1, attempt: 1 });
    inbox.accept({ runId: "r-1", kind: "summary", body: 2, seq: 2, attempt: 3 });
    inbox.accept({ runId: "r-1", kind: "summary", body: 3, seq: 3 });
    expect((await drain(inbox)).map((e) => (e.type === "summary" ? e.retried : undefined))).toEqual([
      false,
      true,
      false,
    ]);
  });

  it("turns a dead letter into the shard's failure with the worker's code, hint and where it failed", async () => {
    const inbox = createShardInbox({ runId: "r-1", shardCount: 10, logger });
    inbox.accept({ runId: "r-1", kind: "failed", body: letter(), seq: 2 });
    const [event] = await drain(inbox);
    expect(event).toMatchObject({
      type: "failed",
      shard: 3,
      error: {
        code: McxErrorCode.PARAM_INVALID,
        message: "shard 3 failed after 5 attempts on worker w7: rate must be > 0",
        hint: "see mcx models",
      },
    });
  });

  it("rejects and counts a dead letter that is malformed, of another run or of a shard the run does not have", async () => {
    const inbox = createShardInbox({ runId: "r-1", shardCount: 10, logger });
    inbox.accept({ runId: "r-1", kind: "failed", body: { nope: true }, seq: 3 });
    inbox.accept({ runId: "r-1", kind: "failed", body: letter({ runId: "r-2" }), seq: 4 });
    inbox.accept({ runId: "r-1", kind: "failed", body: letter({ shard: 10 }), seq: 5 });
    expect(inbox.rejected()).toBe(3);
    expect(await drain(inbox)).toEqual([]);
  });

  it("fails a shard the sweeper found in the failed set, and ignores shards the run does not have", async () => {
    const inbox = createShardInbox({ runId: "r-1", shardCount: 10, logger });
    inbox.shardFailed(7, "job stalled more than allowable limit");
    inbox.shardFailed(10, "x");
    inbox.shardFailed(-1, "x");
    const events = await drain(inbox);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "failed",
      shard: 7,
      error: {
        code: McxErrorCode.INTERNAL,
        message: "shard 7 failed for good in the queue: job stalled more than allowable limit",
      },
    });
  });

  it("ignores the dead letters a retry cleared (up to deadLettersThrough), and hears the ones after", async () => {
    const inbox = createShardInbox({ runId: "r-1", shardCount: 10, logger, deadLettersThrough: 40 });
    inbox.accept({ runId: "r-1", kind: "failed", body: letter({ shard: 2 }), seq: 40 });
    inbox.accept({ runId: "r-1", kind: "failed", body: letter({ shard: 4 }), seq: 41 });
    const events = await drain(inbox);
    expect(events.map((e) => (e.type === "failed" ? e.shard : -1))).toEqual([4]);
    expect(inbox.rejected()).toBe(0);
  });

  it("hands a transient dead letter (lost workers) to its handler, and fails the shard only when it declines", async () => {
    const seen: [number, string][] = [];
    const inbox = createShardInbox({
      runId: "r-1",
      shardCount: 10,
      logger,
      onTransient: (shard, reason) => {
        seen.push([shard, reason]);
        return shard === 1;
      },
    });
    const lost = { code: McxErrorCode.INTERNAL, message: "job stalled more than allowable limit" };
    inbox.accept({ runId: "r-1", kind: "failed", body: letter({ shard: 1, error: lost, transient: true }), seq: 1 });
    inbox.accept({ runId: "r-1", kind: "failed", body: letter({ shard: 2, error: lost, transient: true }), seq: 2 });
    inbox.accept({ runId: "r-1", kind: "failed", body: letter({ shard: 3 }), seq: 3 });
    const events = await drain(inbox);
    expect(seen).toEqual([
      [1, "job stalled more than allowable limit"],
      [2, "job stalled more than allowable limit"],
    ]);
    expect(events.map((e) => (e.type === "failed" ? e.shard : -1))).toEqual([2, 3]);
  });
});
