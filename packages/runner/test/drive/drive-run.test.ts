import { McxError, McxErrorCode, planRun, resolveSpec } from "@mcx/core";
import { MERGE_FIXTURES } from "@mcx/testkit";
import { describe, expect, it } from "vitest";
import { driveRun } from "../../src/drive/drive-run.ts";
import type { ShardEvent } from "../../src/drive/types.ts";
import { createScriptedTransport, summaryEvent } from "./scripted-transport.ts";

// Golden digests: merge fixtures whose statistics are checked against closed forms (tooling/testkit).
const { driveFixed, driveAdaptive } = MERGE_FIXTURES;
const FIXED = resolveSpec(driveFixed.spec);
const ADAPTIVE = resolveSpec(driveAdaptive.spec);
const base = { mode: "embedded", threads: 1 } as const;
const plan = (spec: typeof FIXED, shardTrials: number) => planRun("test-run", spec, shardTrials);

describe("driveRun", () => {
  it("merges shards delivered in reverse order and twice into the fixture's golden digest", async () => {
    const t = createScriptedTransport((batch) => {
      const events = batch.map(({ job, summary }) => summaryEvent(job, summary)).reverse();
      return [...events, ...events];
    });
    const doc = await driveRun(plan(FIXED, 300), { ...base, ...t, window: 7 });
    expect(doc.status).toBe("completed");
    expect(doc.digest).toBe(driveFixed.digest);
    // The run is decided by the last first delivery, so the duplicates still queued behind it are never read.
    expect(doc.run.shards.duplicatesDropped).toBeGreaterThan(doc.run.shards.planned / 2);
    expect(t.stats.closed).toBe(true);
  });

  it("keeps at most `window` shards enqueued and not yet delivered", async () => {
    const t = createScriptedTransport((batch) => batch.map(({ job, summary }) => summaryEvent(job, summary)));
    await driveRun(plan(FIXED, 100), { ...base, ...t, window: 5 });
    expect(t.stats.enqueued).toBe(60);
    expect(t.stats.maxOutstanding).toBeLessThanOrEqual(5);
  });

  it("stops an adaptive run at the fixture's checkpoints and cancels the shards it no longer needs", async () => {
    const t = createScriptedTransport((batch) => batch.map(({ job, summary }) => summaryEvent(job, summary)).reverse());
    const doc = await driveRun(plan(ADAPTIVE, 100), { ...base, ...t, window: 40 });
    expect(doc.status).toBe("completed");
    expect(doc.points.map((p) => p.stopped)).toEqual(["target_met", "target_met"]);
    expect(doc.points.map((p) => p.trials)).toEqual(driveAdaptive.trials);
    expect(doc.digest).toBe(driveAdaptive.digest);
    expect(t.stats.cancelled.length).toBeGreaterThan(0);
  });

  it("reports progress after every summary, ending at the trials merged", async () => {
    const seen: number[] = [];
    const t = createScriptedTransport((batch) => batch.map(({ job, summary }) => summaryEvent(job, summary)));
    const doc = await driveRun(plan(FIXED, 500), { ...base, ...t, onProgress: (p) => seen.push(p.trialsDone) });
    expect(seen.length).toBe(doc.run.shards.planned);
    expect(seen.at(-1)).toBe(6000);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it("fails with MCX_SHARD_MISMATCH when a shard comes back with different statistics", async () => {
    const t = createScriptedTransport((batch) =>
      batch.flatMap(({ job, summary }) => [
        summaryEvent(job, summary),
        summaryEvent(job, { ...summary, blocks: summary.blocks.map((x, i) => (i === 1 ? x + 1 : x)) }),
      ]),
    );
    const run = driveRun(plan(FIXED, 500), { ...base, ...t });
    await expect(run).rejects.toMatchObject({ code: McxErrorCode.SHARD_MISMATCH });
    expect(t.stats.closed).toBe(true);
  });

  it("fails with the shard's own error when a shard fails for good", async () => {
    const t = createScriptedTransport((batch): ShardEvent[] =>
      batch.map(({ job, summary }) =>
        job.shard === 3
          ? { type: "failed", shard: job.shard, error: new McxError(McxErrorCode.TIMEOUT, "shard 3 timed out") }
          : summaryEvent(job, summary),
      ),
    );
    await expect(driveRun(plan(FIXED, 500), { ...base, ...t })).rejects.toMatchObject({
      code: McxErrorCode.TIMEOUT,
      message: "shard 3 timed out",
    });
  });

  it("fails with MCX_MESSAGE_INVALID when a shard it waits for answers with a malformed summary", async () => {
    const t = createScriptedTransport((batch) =>
      batch.map(({ job, summary }) =>
        job.shard === 2 ? summaryEvent(job, { ...summary, blocks: [] }) : summaryEvent(job, summary),
      ),
    );
    await expect(driveRun(plan(FIXED, 500), { ...base, ...t })).rejects.toMatchObject({
      code: McxErrorCode.MESSAGE_INVALID,
    });
  });

  it("counts and ignores a malformed message for a shard it does not wait for", async () => {
    let last = 0;
    const t = createScriptedTransport((batch) => [
      { type: "summary", shard: 999, summary: { garbage: true } as never },
      ...batch.map(({ job, summary }) => summaryEvent(job, summary)),
    ]);
    const doc = await driveRun(plan(FIXED, 500), { ...base, ...t, onProgress: (p) => (last = p.rejected) });
    expect(doc.status).toBe("completed");
    expect(last).toBeGreaterThan(0);
  });

  it("returns the merged prefix with status cancelled when aborted", async () => {
    const controller = new AbortController();
    const t = createScriptedTransport((batch) => batch.map(({ job, summary }) => summaryEvent(job, summary)));
    const doc = await driveRun(plan(FIXED, 100), {
      ...base,
      ...t,
      window: 4,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.shardsDone >= 3) controller.abort();
      },
    });
    expect(doc.status).toBe("cancelled");
    expect(doc.run.shards.completed).toBeLessThan(doc.run.shards.planned);
    expect(t.stats.cancelled.length).toBeGreaterThan(0);
  });

  it("fails with MCX_INTERNAL when the source ends before the run is decided", async () => {
    const t = createScriptedTransport((batch) => batch.slice(1).map(({ job, summary }) => summaryEvent(job, summary)));
    const run = driveRun(plan(FIXED, 500), { ...base, ...t });
    setTimeout(() => void t.summaries.close(), 50);
    await expect(run).rejects.toMatchObject({ code: McxErrorCode.INTERNAL });
  });
});
