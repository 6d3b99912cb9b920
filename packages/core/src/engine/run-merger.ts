import { z } from "zod";
import { McxError, McxErrorCode } from "../errors.ts";
import { getSimulation } from "../sim/registry.ts";
import type { LedgerSegment } from "./extension-base.ts";
import { createLayout, recordWidth, type SummaryLayout } from "./layout.ts";
import type { RunPlan } from "./plan.ts";
import { PointMerger } from "./point-merger.ts";
import type { PointStateJson } from "./point-state.ts";
import { type ShardSummary, ShardSummarySchema } from "./shard-task.ts";
import { summaryFingerprint } from "./summary-fingerprint.ts";

/** What became of one delivered summary. */
export type ApplyOutcome =
  /** First delivery: queued, and merged as soon as it continues its point's block prefix. */
  | "merged"
  /** Same shard delivered again with the same statistics: dropped and counted. */
  | "duplicate"
  /** Same shard delivered again with different statistics: a corruption alarm (determinism broken). */
  | "mismatch"
  /** A shard past the point where its point stopped (adaptive stopping or cancel): ignored. */
  | "discarded";

export interface MergeCounters {
  readonly completed: number;
  readonly duplicatesDropped: number;
  readonly mismatches: number;
  readonly discarded: number;
}

// Every delivered summary is validated, thousands of numbers each with small blocks: zod's compiled fast path for
// this schema (the same checks and output, the runtime parser on a failure for its messages) costs ~10 µs a
// summary against ~70 µs (bench/stages.mjs).
const SummarySchema = z.compile(ShardSummarySchema);

/**
 * The shard ledger and merge of a whole run: counts each shard once (duplicates dropped and counted, a retried
 * shard checked against its first delivery), merges each point in block order, and knows which shards are still
 * wanted after adaptive stopping. Memory is O(shards): one fingerprint per received shard.
 */
export class RunMerger {
  readonly plan: RunPlan;
  readonly layout: SummaryLayout;
  readonly points: readonly PointMerger[];
  private readonly seen = new Map<number, string>();
  private counters = { completed: 0, duplicatesDropped: 0, mismatches: 0, discarded: 0 };
  private cancelledFlag = false;

  constructor(plan: RunPlan) {
    this.plan = plan;
    const { spec } = plan;
    // A user simulation comes with the plan; a built-in is looked up by name.
    this.layout = createLayout(plan.simulation ?? getSimulation(spec.simulation), spec.models);
    this.points = spec.points.map(
      (p, i) =>
        new PointMerger(
          this.layout,
          p.index,
          { total: plan.pointBlocks[i]!, trials: spec.blockTrials, pointTrials: spec.maxTrials },
          plan.checkpoints[i]!,
          spec.stop,
          spec.confidence,
          spec.thresholds,
        ),
    );
    plan.base?.points.forEach((state, p) => {
      if (state) this.points[p]!.restore(state);
    });
  }

  /**
   * The ledger of the result: the base's segments (an extension), then this run's merged shards in plan order, each
   * with the fingerprint of the summary merged.
   */
  ledger(): LedgerSegment[] {
    const { plan } = this;
    const shards = this.points
      .flatMap((pm) => pm.mergedShards)
      .sort((a, b) => a - b)
      .map((s) => ({
        shard: s,
        point: plan.shardPoint[s]!,
        blockStart: plan.shardBlockStart[s]!,
        blockEnd: plan.shardBlockEnd[s]!,
        fingerprint: this.seen.get(s)!,
      }));
    const own = { runId: plan.runId, pointTrials: plan.spec.maxTrials, shards };
    return [...(plan.base?.segments ?? []), ...(shards.length > 0 ? [own] : [])];
  }

  /** Every point's state to extend from (the block store): see `PointMerger.resumableState`. */
  blockStore(): PointStateJson[] {
    return this.points.map((pm) => pm.resumableState());
  }

  get counts(): MergeCounters {
    return { ...this.counters };
  }

  /** True when every point has stopped (or the run was cancelled). */
  get done(): boolean {
    return this.cancelledFlag || this.points.every((p) => p.done);
  }

  get cancelled(): boolean {
    return this.cancelledFlag;
  }

  /** Stops merging: the result keeps the prefix merged so far. */
  cancel(): void {
    this.cancelledFlag = true;
  }

  /** Whether shard i still needs to run (its point has not stopped before it, and it has not been received). */
  isWanted(i: number): boolean {
    if (this.cancelledFlag || this.seen.has(i)) return false;
    const point = this.points[this.plan.shardPoint[i]!]!;
    return !point.done && this.plan.shardBlockEnd[i]! > point.nextBlock;
  }

  /** Trials merged over all points. */
  get trialsDone(): number {
    return this.points.reduce((n, p) => n + p.trials, 0);
  }

  /**
   * Checks that an untrusted object is a summary of this run's plan (shape, shard range, record sizes).
   * @throws McxError MCX_MESSAGE_INVALID naming the first problem
   */
  validate(message: unknown): ShardSummary {
    const parsed = SummarySchema.safeParse(message);
    const bad = (what: string): never => {
      throw new McxError(McxErrorCode.MESSAGE_INVALID, `shard summary ${what}`);
    };
    if (!parsed.success)
      bad(`is malformed: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`);
    const s = parsed.data!;
    const { plan } = this;
    if (s.runId !== plan.runId) bad(`belongs to run ${s.runId}, not ${plan.runId}`);
    if (s.shard >= plan.shardCount) bad(`has shard ${s.shard} beyond the plan's ${plan.shardCount}`);
    if (
      plan.shardPoint[s.shard] !== s.point ||
      plan.shardBlockStart[s.shard] !== s.blockStart ||
      plan.shardBlockEnd[s.shard] !== s.blockEnd
    ) {
      bad(`shard ${s.shard} does not match the plan's block range`);
    }
    if (s.blocks.length !== (s.blockEnd - s.blockStart) * recordWidth(this.layout))
      bad(`shard ${s.shard} has the wrong number of block records`);
    if (
      s.exact.continuous.length !== this.layout.continuous.length ||
      s.exact.pairsSkipped.length !== this.layout.pairs.length
    ) {
      bad(`shard ${s.shard} has the wrong number of slots`);
    }
    return s;
  }

  /**
   * Records one delivered summary (validate it first when it comes from outside the process). `fingerprint` is the
   * summary's {@link summaryFingerprint} when whoever made the summary computed it already (the embedded pool's
   * threads, a worker's pool thread); otherwise it is computed here.
   */
  apply(summary: ShardSummary, fingerprint: string = summaryFingerprint(summary)): ApplyOutcome {
    const first = this.seen.get(summary.shard);
    if (first !== undefined) {
      if (first === fingerprint) {
        this.counters.duplicatesDropped++;
        return "duplicate";
      }
      this.counters.mismatches++;
      return "mismatch";
    }
    this.seen.set(summary.shard, fingerprint);
    const point = this.points[this.plan.shardPoint[summary.shard]!]!;
    if (this.cancelledFlag || point.done) {
      this.counters.discarded++;
      return "discarded";
    }
    const { merged, dropped } = point.offer(summary);
    this.counters.completed += merged;
    this.counters.discarded += dropped;
    return "merged";
  }
}
