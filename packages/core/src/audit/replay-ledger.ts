import type { LedgerSegment } from "../engine/extension-base.ts";
import { planRun } from "../engine/plan.ts";
import { RunMerger } from "../engine/run-merger.ts";
import type { ShardSummary } from "../engine/shard-task.ts";
import { buildResult } from "../result/build.ts";
import type { Simulation } from "../sim/types.ts";
import type { ResolvedSpec } from "../spec/resolve.ts";

/**
 * The digest of merging every shard of a ledger afresh: `summaries[i]` is the recomputed summary of the i-th shard
 * of the segments in order. The shards of all segments are the block prefix of each point, so one merge under the
 * final spec gives the statistics of the result they claim to be, extended or not; a cancelled result stays
 * cancelled. What `mcx audit` compares with the result's digest when it recomputed every shard.
 */
export function replayLedger(
  spec: ResolvedSpec,
  segments: readonly LedgerSegment[],
  summaries: readonly ShardSummary[],
  options: { readonly cancelled: boolean; readonly simulation?: Simulation },
): string {
  const shards = segments.flatMap((seg) => seg.shards);
  const template = planRun(
    "audit",
    spec,
    spec.maxTrials,
    options.simulation === undefined ? {} : { simulation: options.simulation },
  );
  const firstShard = new Int32Array(spec.points.length);
  const plan = {
    ...template,
    shardCount: shards.length,
    shardPoint: Int32Array.from(shards, (s) => s.point),
    shardBlockStart: Int32Array.from(shards, (s) => s.blockStart),
    shardBlockEnd: Int32Array.from(shards, (s) => s.blockEnd),
    firstShard,
  };
  const merger = new RunMerger(plan);
  // Renumbered to their place in the ledger: two segments may both have a shard 0.
  summaries.forEach((summary, i) => {
    merger.apply({ ...summary, shard: i });
  });
  if (options.cancelled) merger.cancel();
  return buildResult(merger, { runId: "audit", startedAt: "", wallSeconds: 0, mode: "embedded", threads: 1 }).digest;
}
