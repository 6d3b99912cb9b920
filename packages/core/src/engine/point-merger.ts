import { McxError, McxErrorCode } from "../errors.ts";
import type { StopRule } from "../spec/schema.ts";
import { QuantileSketch } from "../stats/quantile-sketch.ts";
import { RECORD, recordWidth, type SummaryLayout } from "./layout.ts";
import { mergeMomentsInto, pushMoment } from "./moments.ts";
import { capturePointState, type PointState, type PointStateJson, restoreMergedArrays } from "./point-state.ts";
import { blockTrialRange } from "./run-shard.ts";
import type { ShardSummary } from "./shard-task.ts";
import { meetsTarget, predictedTrials, type SlotEstimate, slotEstimate } from "./stopping.ts";

/** Why a point stopped taking trials. */
export type PointStop = "running" | "fixed" | "target_met" | "max_trials";

/** Order-free statistics of one continuous slot, merged over the applied prefix. */
export interface MergedExact {
  nonFinite: number;
  min: number;
  max: number;
  readonly sketch: QuantileSketch;
  readonly exceed: Float64Array;
}

/**
 * Merges one point's shard summaries strictly in block order, whatever order they arrive in, and decides
 * adaptive stopping at the plan's fixed checkpoints. The merged state is a function of the block prefix only.
 */
export class PointMerger {
  readonly layout: SummaryLayout;
  readonly point: number;
  /** Running (n, mean, m2) / (n, successes, 0) of every slot then every pair. */
  readonly moments: Float64Array;
  /** Welford moments of the block means and of the block variances per slot (batch means, heavy-tail check). */
  readonly blockMeanMoments: Float64Array;
  readonly blockVarMoments: Float64Array;
  readonly exact: MergedExact[];
  readonly pairsSkipped: Float64Array;
  /** Convergence rows per slot: [trials, estimate, half-width] at each checkpoint reached. */
  readonly convergence: [number, number, number][][];
  private readonly pending = new Map<number, ShardSummary>();
  /** The state before the shard holding a short last block, which a longer run of the point fills (see extend). */
  private beforeShortBlock: PointStateJson | undefined;
  private readonly checkpoints: readonly number[];
  private nextCheckpoint = 0;
  /** Shards merged, in merge order (plan indexes). */
  readonly mergedShards: number[] = [];
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
    this.checkpoints = checkpoints;
    const records = layout.slots.length + layout.pairs.length;
    this.moments = new Float64Array(records * RECORD);
    this.blockMeanMoments = new Float64Array(layout.slots.length * RECORD);
    this.blockVarMoments = new Float64Array(layout.slots.length * RECORD);
    this.exact = layout.continuous.map((s) => ({
      nonFinite: 0,
      min: Number.POSITIVE_INFINITY,
      max: Number.NEGATIVE_INFINITY,
      sketch: new QuantileSketch(),
      exceed: new Float64Array(thresholds[layout.slots[s]!.metric]?.length ?? 0),
    }));
    this.pairsSkipped = new Float64Array(layout.pairs.length);
    this.convergence = layout.slots.map(() => []);
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
    );
  }

  /**
   * The state an extension of this point continues from: the merged prefix, or, once the shard holding a short last
   * block is merged, the prefix before that shard (a run with more trials has other trials in that block).
   */
  resumableState(): PointStateJson {
    return this.beforeShortBlock ?? capturePointState(this, this.checkpoints.slice(0, this.nextCheckpoint));
  }

  /**
   * Continues from a stored state (an empty merger only): the merged prefix, and the convergence rows of this plan's
   * checkpoints before it; the checkpoint at the state's block, if this plan has one, is decided again under this
   * plan's stop rule.
   * @throws McxError MCX_EXTEND_MISMATCH when this stop rule is met at an earlier checkpoint (a fresh run would stop
   *   before the stored prefix), MCX_NOT_EXTENDABLE when the state does not fit this plan
   */
  restore(state: PointState): void {
    const unfit = (what: string): never => {
      throw new McxError(McxErrorCode.NOT_EXTENDABLE, `the stored state of point ${this.point} ${what}`);
    };
    if (this.nextBlock !== 0) unfit("cannot be restored into a merger that merged already");
    if (state.block > this.totalBlocks) unfit(`covers ${state.block} blocks, more than this run's ${this.totalBlocks}`);
    try {
      restoreMergedArrays(this, state);
    } catch (e) {
      unfit((e as Error).message);
    }
    this.nextBlock = state.block;
    this.trials = state.trials;
    this.events = state.events;
    const kept: number[] = [];
    for (let k = 0; k < this.checkpoints.length && this.checkpoints[k]! < state.block; k++) {
      const at = state.checkpoints.indexOf(this.checkpoints[k]!);
      if (at < 0) unfit(`has no convergence record at block ${this.checkpoints[k]}`);
      kept.push(at);
    }
    this.convergence.forEach((rows, s) => {
      rows.length = 0;
      for (const at of kept) {
        const [n, estimate, halfWidth] = state.convergence[s]![at]!;
        rows.push([n, estimate, halfWidth]);
      }
    });
    this.nextCheckpoint = kept.length;
    if (this.rule) this.checkNotMetBefore(this.rule);
    this.atBlockBoundary();
  }

  private checkNotMetBefore(rule: StopRule): void {
    const watched = this.layout.slots.flatMap((slot, s) => (rule.metrics.includes(slot.metric) ? [s] : []));
    for (let k = 0; k < this.nextCheckpoint; k++) {
      const met = watched.every((s) => {
        const [n, estimate, halfWidth] = this.convergence[s]![k]!;
        return meetsTarget({ n, estimate, halfWidth }, rule);
      });
      if (met) {
        const trials = this.convergence[0]![k]![0];
        throw new McxError(
          McxErrorCode.EXTEND_MISMATCH,
          `spec.stop is met at ${trials} trials of point ${this.point}, before the ${this.trials} already merged: a fresh run would stop there`,
          { hint: "extend with a tighter target (smaller relHalfWidth or absHalfWidth), never a looser one" },
        );
      }
    }
  }

  private applyShard(summary: ShardSummary): void {
    if (summary.blockEnd * this.blockTrials > this.pointTrials) this.beforeShortBlock = this.resumableState();
    this.mergedShards.push(summary.shard);
    this.exact.forEach((e, c) => {
      const x = summary.exact.continuous[c]!;
      e.nonFinite += x.nonFinite;
      if (x.min !== null && x.min < e.min) e.min = x.min;
      if (x.max !== null && x.max > e.max) e.max = x.max;
      e.sketch.mergeJSON(x.sketch);
      x.exceed.forEach((k, i) => {
        e.exceed[i] += k;
      });
    });
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
      this.nextBlock++;
      this.trials = blockTrialRange(this.nextBlock - 1, this.blockTrials, this.pointTrials)[1];
      this.atBlockBoundary();
    }
  }

  private pushBlockDiagnostics(s: number, blocks: readonly number[], at: number): void {
    const n = blocks[at]!;
    if (n === 0) return;
    const mean = this.layout.slots[s]!.kind === "proportion" ? blocks[at + 1]! / n : blocks[at + 1]!;
    pushMoment(this.blockMeanMoments, s * RECORD, mean);
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
    if (!this.rule) return;
    const watched = estimates.filter((_, s) => this.rule!.metrics.includes(this.layout.slots[s]!.metric));
    this.predicted = Math.max(0, ...watched.map((e) => predictedTrials(e, this.rule!)));
    if (watched.every((e) => meetsTarget(e, this.rule!))) this.stop = "target_met";
  }
}
