import type { StopRule } from "../spec/schema.ts";
import type { IntervalDesign } from "../stats/interval-design.ts";
import { AlignedBatches } from "./aligned-batches.ts";
import { RECORD, recordWidth, type SummaryLayout } from "./layout.ts";
import { emptyExact, type MergedExact, mergeExact } from "./merged-exact.ts";
import { mergeMomentsInto, pushMoment } from "./moments.ts";
import { blockTrialRange } from "./run-shard.ts";
import type { ShardSummary } from "./shard-task.ts";
import { intervalDesignOf, meetsTarget, predictedTrials, type SlotEstimate, slotEstimate } from "./stopping.ts";

export type { MergedExact } from "./merged-exact.ts";

/** Why a point stopped taking trials. */
export type PointStop = "running" | "fixed" | "target_met" | "max_trials";

/**
 * Merges one point's shard summaries strictly in block order, whatever order they arrive in, and decides
 * adaptive stopping at the plan's fixed checkpoints. The merged state is a function of the block prefix only.
 */
export class PointMerger {
  readonly layout: SummaryLayout;
  readonly point: number;
  /** Running (n, mean, m2) / (n, successes, 0) of every slot then every pair. */
  readonly moments: Float64Array;
  /**
   * Per slot, the block means merged with their sizes as weights (Chan et al.): (Σ n_b, mean, Σ n_b (m_b − mean)²),
   * so a short last block weighs what it holds (batch means); `blockCounts` counts the blocks with values.
   */
  readonly blockMeanMoments: Float64Array;
  readonly blockCounts: Float64Array;
  /** Welford moments of the per-block sample variances (heavy-tail check). */
  readonly blockVarMoments: Float64Array;
  readonly exact: MergedExact[];
  readonly pairsSkipped: Float64Array;
  /** Contiguous batches over the same trials in every run of the same seed, point, blocks and trials. */
  readonly batches: AlignedBatches;
  /** Convergence rows per slot: [trials, estimate, half-width] at each checkpoint reached. */
  readonly convergence: [number, number, number][][];
  /** Intervals of means and proportions: fixed-n, or confidence sequences (`stop.method: sequential`). */
  readonly design: IntervalDesign;
  private readonly pending = new Map<number, ShardSummary>();
  private readonly checkpoints: readonly number[];
  private nextCheckpoint = 0;
  /** Blocks merged so far: the prefix [0, nextBlock). */
  nextBlock = 0;
  /** Trials in the merged prefix. */
  trials = 0;
  events = 0;
  stop: PointStop = "running";
  /** Predicted trials to meet the stop rule at the last checkpoint (Infinity when unknown). */
  predicted = Number.POSITIVE_INFINITY;

  private readonly totalBlocks: number;
  private readonly blockTrials: number;
  private readonly pointTrials: number;
  private readonly rule: StopRule | undefined;
  private readonly confidence: number;
  /** Slots the stop rule watches; empty would make the rule vacuous, so it then never reports a met target. */
  private readonly watched: number[];

  constructor(
    layout: SummaryLayout,
    point: number,
    blocks: { readonly total: number; readonly trials: number; readonly pointTrials: number },
    checkpoints: readonly number[],
    rule: StopRule | undefined,
    confidence: number,
    thresholds: Readonly<Record<string, readonly number[]>>,
  ) {
    this.layout = layout;
    this.point = point;
    this.totalBlocks = blocks.total;
    this.blockTrials = blocks.trials;
    this.pointTrials = blocks.pointTrials;
    this.rule = rule;
    this.confidence = confidence;
    this.design = intervalDesignOf(rule);
    this.checkpoints = checkpoints;
    const nSlots = layout.slots.length;
    this.moments = new Float64Array((nSlots + layout.pairs.length) * RECORD);
    this.blockMeanMoments = new Float64Array(nSlots * RECORD);
    this.blockCounts = new Float64Array(nSlots);
    this.blockVarMoments = new Float64Array(nSlots * RECORD);
    this.exact = layout.continuous.map((s) => emptyExact(thresholds[layout.slots[s]!.metric]?.length ?? 0));
    this.pairsSkipped = new Float64Array(layout.pairs.length);
    this.batches = new AlignedBatches(nSlots);
    this.convergence = layout.slots.map(() => []);
    this.watched = rule ? layout.slots.flatMap((slot, s) => (rule.metrics.includes(slot.metric) ? [s] : [])) : [];
  }

  get done(): boolean {
    return this.stop !== "running";
  }

  /**
   * Queues a summary and merges every queued summary that now continues the prefix.
   * Returns how many were merged, and how many queued ones were dropped because the point stopped before them.
   */
  offer(summary: ShardSummary): { merged: number; dropped: number } {
    this.pending.set(summary.blockStart, summary);
    let merged = 0;
    for (
      let next = this.pending.get(this.nextBlock);
      next !== undefined && !this.done;
      next = this.pending.get(this.nextBlock)
    ) {
      this.pending.delete(this.nextBlock);
      this.applyShard(next);
      merged++;
    }
    const dropped = this.done ? this.pending.size : 0;
    if (this.done) this.pending.clear();
    return { merged, dropped };
  }

  /** Estimate and half-width of slot `s` over the merged prefix. */
  estimate(s: number): SlotEstimate {
    const at = s * RECORD;
    return slotEstimate(
      this.layout.slots[s]!,
      this.moments[at]!,
      this.moments[at + 1]!,
      this.moments[at + 2]!,
      this.confidence,
      this.design,
    );
  }

  private applyShard(summary: ShardSummary): void {
    mergeExact(this.exact, summary);
    summary.exact.pairsSkipped.forEach((k, p) => {
      this.pairsSkipped[p] += k;
    });
    this.events += summary.events;
    const width = recordWidth(this.layout);
    const nSlots = this.layout.slots.length;
    for (let b = 0; b < summary.blockEnd - summary.blockStart; b++) {
      const base = b * width;
      for (let r = 0; r < width / RECORD; r++) {
        const at = base + r * RECORD;
        if (r < nSlots && this.layout.slots[r]!.kind === "proportion") {
          this.moments[r * RECORD] += summary.blocks[at]!;
          this.moments[r * RECORD + 1] += summary.blocks[at + 1]!;
        } else {
          mergeMomentsInto(this.moments, r * RECORD, summary.blocks, at);
        }
        if (r < nSlots) this.pushBlockDiagnostics(r, summary.blocks, at);
      }
      const [first, end] = blockTrialRange(this.nextBlock, this.blockTrials, this.pointTrials);
      this.batches.addBlock(
        this.nextBlock,
        end - first,
        (s) => summary.blocks[base + s * RECORD]!,
        (s) => this.blockMean(s, summary.blocks, base + s * RECORD),
      );
      this.nextBlock++;
      this.trials = end;
      this.atBlockBoundary();
    }
  }

  /** Mean of slot s in one block record: the record's mean, or successes/n of a proportion (NaN when empty). */
  private blockMean(s: number, blocks: readonly number[], at: number): number {
    const n = blocks[at]!;
    if (n === 0) return Number.NaN;
    return this.layout.slots[s]!.kind === "proportion" ? blocks[at + 1]! / n : blocks[at + 1]!;
  }

  private pushBlockDiagnostics(s: number, blocks: readonly number[], at: number): void {
    const n = blocks[at]!;
    if (n === 0) return;
    mergeMomentsInto(this.blockMeanMoments, s * RECORD, [n, this.blockMean(s, blocks, at), 0], 0);
    this.blockCounts[s] += 1;
    if (n >= 2 && this.layout.slots[s]!.kind === "continuous")
      pushMoment(this.blockVarMoments, s * RECORD, blocks[at + 2]! / (n - 1));
  }

  private atBlockBoundary(): void {
    if (this.nextCheckpoint < this.checkpoints.length && this.nextBlock === this.checkpoints[this.nextCheckpoint]) {
      this.nextCheckpoint++;
      this.recordCheckpoint();
    }
    if (this.nextBlock >= this.totalBlocks && this.stop === "running") {
      this.stop = this.rule ? "max_trials" : "fixed";
    }
  }

  private recordCheckpoint(): void {
    const estimates = this.layout.slots.map((_, s) => this.estimate(s));
    estimates.forEach((e, s) => {
      this.convergence[s]!.push([this.trials, e.estimate, e.halfWidth]);
    });
    const rule = this.rule;
    if (!rule || this.watched.length === 0) return;
    const watched = this.watched.map((s) => estimates[s]!);
    this.predicted = Math.max(0, ...watched.map((e) => predictedTrials(e, rule)));
    if (watched.every((e) => meetsTarget(e, rule))) this.stop = "target_met";
  }
}
