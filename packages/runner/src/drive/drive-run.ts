import { hostname } from "node:os";
import {
  buildResult,
  McxError,
  McxErrorCode,
  type ResultDocument,
  RunMerger,
  type RunPlan,
  runProgress,
  toMcxError,
} from "@mcx/core";
import { encodeBlockStore } from "../extend/block-store-codec.ts";
import { prefetchBuildInfo } from "../provenance/build-info.ts";
import { provenanceOf } from "../provenance/provenance-of.ts";
import { nextOrAborted } from "./next-or-aborted.ts";
import { ShardFailedError } from "./shard-failed-error.ts";
import type { DriveProgress, DriveRunOptions, ShardEvent, ShardJob } from "./types.ts";

/** Default for {@link DriveRunOptions.window}. */
export const DEFAULT_WINDOW = 64;

// Per shard, one byte: a million-shard run keeps 1 MB of state.
const ShardState = { idle: 0, outstanding: 1, received: 2 } as const;

/**
 * Shards in dispatch order: column by column (the c-th shard of every point, then the (c+1)-th), so the points of
 * a sweep advance together and each point's lookahead past its merge frontier is about window ÷ points. Every
 * point has the same shard boundaries in a plan, but the order does not rely on it.
 */
function createDispatchOrder(plan: RunPlan): () => number | undefined {
  const nPoints = plan.firstShard.length;
  const countOf = (p: number) => (p + 1 < nPoints ? plan.firstShard[p + 1]! : plan.shardCount) - plan.firstShard[p]!;
  let maxColumns = 0;
  for (let p = 0; p < nPoints; p++) maxColumns = Math.max(maxColumns, countOf(p));
  let column = 0;
  let point = 0;
  return () => {
    while (column < maxColumns) {
      const p = point;
      const c = column;
      point++;
      if (point === nPoints) {
        point = 0;
        column++;
      }
      if (c < countOf(p)) return plan.firstShard[p]! + c;
    }
    return undefined;
  };
}

/**
 * Runs a planned run through a shard queue and a summary source, the pipeline shared by embedded mode
 * (in-process queue + piscina) and distributed mode (BullMQ + JetStream).
 *
 * Keeps at most `window` shards enqueued but not yet received (topped up a quarter window at a
 * time), validates every delivered summary against the plan and feeds it to core's `RunMerger` (which counts a shard once and merges in block order,
 * so arrival order and duplicates cannot change a bit), cancels shards that adaptive stopping no longer needs, and
 * returns the result document when every point has stopped. Aborting `signal` cancels pending shards and returns a result with status `cancelled`.
 *
 * The driver closes `summaries` when it returns; `queue` belongs to the caller.
 *
 * @throws McxError MCX_SHARD_MISMATCH when a shard delivered twice has different statistics (determinism broken),
 *   MCX_MESSAGE_INVALID when an enqueued shard's summary is malformed, ShardFailedError (the shard's own code) when
 *   a shard failed for good, MCX_INTERNAL when the source ends before the run is decided
 * @example
 * const doc = await driveRun(planRun(runId, spec, 5000), { queue, summaries, mode: "embedded", threads: 2 });
 * doc.status // "completed"
 */
export async function driveRun(plan: RunPlan, options: DriveRunOptions): Promise<ResultDocument> {
  const startedAt = new Date();
  // The result's provenance names the build: look it up while the shards run.
  prefetchBuildInfo();
  const t0 = performance.now();
  const { queue, summaries, signal } = options;
  const { spec } = plan;
  const window = Math.max(1, options.window ?? DEFAULT_WINDOW);
  const merger = new RunMerger(plan);
  const state = new Uint8Array(plan.shardCount);
  const outstanding = new Set<number>();
  const nextInOrder = createDispatchOrder(plan);
  let exhausted = false;
  let rejected = 0;
  let retried = 0;

  // Trials still expected per point: its cap while running (or the stop rule's prediction, for a better ETA),
  // what it merged once stopped. Kept as a running sum, updated only for the point a summary touched.
  const expected = merger.points.map(() => spec.maxTrials);
  let trialsPlanned = spec.maxTrials * merger.points.length;
  const refreshExpected = (p: number): void => {
    const pm = merger.points[p]!;
    let e = spec.maxTrials;
    if (pm.done) e = pm.trials;
    else if (Number.isFinite(pm.predicted)) e = Math.min(spec.maxTrials, Math.max(pm.trials, pm.predicted));
    trialsPlanned += e - expected[p]!;
    expected[p] = e;
  };

  const progress = (): DriveProgress => ({
    trialsDone: merger.trialsDone,
    trialsPlanned,
    shardsDone: merger.counts.completed,
    shardsPlanned: plan.shardCount,
    duplicatesDropped: merger.counts.duplicatesDropped,
    shardsRetried: retried,
    rejected,
    elapsedSeconds: (performance.now() - t0) / 1000,
    snapshot: () => runProgress(merger),
  });

  // Top the window up in batches rather than one shard per delivered summary: one `addBulk` round trip per
  // quarter window instead of one per shard, which was a large part of the coordinator's cost with small shards.
  const refillBatch = Math.max(1, Math.floor(window / 4));
  const fill = async (): Promise<void> => {
    if (exhausted || merger.done) return;
    if (outstanding.size > 0 && window - outstanding.size < refillBatch) return;
    const jobs: ShardJob[] = [];
    while (outstanding.size + jobs.length < window) {
      const s = nextInOrder();
      if (s === undefined) {
        exhausted = true;
        break;
      }
      if (state[s] !== ShardState.idle || !merger.isWanted(s)) continue;
      state[s] = ShardState.outstanding;
      jobs.push({ shard: s, task: plan.shardTask(s) });
    }
    for (const j of jobs) outstanding.add(j.shard);
    if (jobs.length > 0) await queue.enqueue(jobs);
  };

  // Shards enqueued before their point stopped are not needed any more: take them off the queue.
  const dropUnwanted = async (): Promise<void> => {
    const unwanted: number[] = [];
    for (const s of outstanding) if (!merger.isWanted(s)) unwanted.push(s);
    if (unwanted.length === 0) return;
    for (const s of unwanted) outstanding.delete(s);
    await queue.cancel(unwanted);
  };

  const handle = async (event: ShardEvent): Promise<void> => {
    try {
      if (event.type === "failed") {
        if (state[event.shard] === ShardState.outstanding && !merger.done) {
          throw new ShardFailedError(event.shard, event.error);
        }
        return;
      }
      let summary: ReturnType<RunMerger["validate"]>;
      try {
        summary = merger.validate(event.summary);
      } catch (e) {
        rejected++;
        // A malformed summary for a shard we wait on would stall the run; anything else is noise to count.
        if (event.shard !== undefined && state[event.shard] === ShardState.outstanding) throw e;
        return;
      }
      const wasDone = merger.points[plan.shardPoint[summary.shard]!]!.done;
      const outcome = merger.apply(summary, event.fingerprint);
      if (outcome === "mismatch") {
        throw new McxError(
          McxErrorCode.SHARD_MISMATCH,
          `shard ${summary.shard} was delivered twice with different statistics; a retried shard must reproduce its summary exactly`,
          { hint: "a worker runs a different build of @mcx/core, or a simulation is not deterministic" },
        );
      }
      if (outcome === "merged" && event.retried === true) retried++;
      state[summary.shard] = ShardState.received;
      if (outstanding.delete(summary.shard)) queue.received?.(summary.shard);
      const p = plan.shardPoint[summary.shard]!;
      refreshExpected(p);
      if (!wasDone && merger.points[p]!.done) await dropUnwanted();
    } finally {
      await event.ack?.();
    }
  };

  const iterator = summaries[Symbol.asyncIterator]();
  try {
    const initial = (options.initial ?? []).filter((e) => e.shard !== undefined && e.shard < plan.shardCount);
    for (const event of initial) {
      state[event.shard!] = ShardState.outstanding;
      outstanding.add(event.shard!);
    }
    // The queue first, the shards that already ran (the pilot's) after: validating and merging them the first time
    // takes the main thread ~14 ms of cold code, which the pool threads would otherwise spend idle.
    await fill();
    for (const event of initial) await handle(event);
    if (initial.length > 0) {
      options.onProgress?.(progress());
      await fill();
    }
    while (!merger.done) {
      if (signal?.aborted) break;
      const next = await nextOrAborted(iterator, signal);
      if (next === "aborted") break;
      if (next.done) {
        throw new McxError(
          McxErrorCode.INTERNAL,
          `the summary source ended with ${outstanding.size} shards outstanding before the run was decided`,
        );
      }
      await handle(next.value);
      options.onProgress?.(progress());
      await fill();
    }
    if (!merger.done) merger.cancel();
  } catch (e) {
    merger.cancel();
    throw toMcxError(e);
  } finally {
    if (outstanding.size > 0) {
      const left = [...outstanding];
      outstanding.clear();
      await queue.cancel(left).catch(() => undefined);
    }
    await iterator.return?.().catch(() => undefined);
    await summaries.close();
  }
  const doc = buildResult(merger, {
    runId: plan.runId,
    startedAt: startedAt.toISOString(),
    wallSeconds: (performance.now() - t0) / 1000,
    mode: options.mode,
    threads: options.threads,
    retried,
    ...(options.workers === undefined ? {} : { workers: options.workers }),
  });
  const given = options.hosts;
  const hosts = (typeof given === "function" ? given() : given) ?? [{ host: hostname(), threads: options.threads }];
  return {
    ...doc,
    provenance: provenanceOf(spec, { hosts, ...(plan.base ? { extends: plan.base.extends } : {}) }),
    blockStore: encodeBlockStore(merger.blockStore()),
  };
}
