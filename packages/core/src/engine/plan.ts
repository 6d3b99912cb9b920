import { McxErrorCode, SpecError } from "../errors.ts";
import type { ResolvedSpec } from "../spec/resolve.ts";
import { CONVERGENCE_CHECKPOINT_RATIO, geometricCheckpoints, STOP_CHECKPOINT_RATIO } from "./checkpoints.ts";
import type { ShardTask } from "./shard-task.ts";

/** Upper bound on shards of one run, so a plan always fits in memory (12 bytes per shard). */
export const MAX_SHARDS = 10_000_000;

/**
 * Shards of a run: ranges of blocks of one point, in (point, block) order. Compact: three typed arrays, so a
 * million shards take 12 MB. In adaptive runs no shard straddles a stopping checkpoint, so the blocks merged at
 * a stop are exactly whole shards.
 */
export interface RunPlan {
  readonly runId: string;
  readonly spec: ResolvedSpec;
  readonly shardTrials: number;
  readonly shardCount: number;
  /** Blocks of each point at its cap (maxTrials). */
  readonly pointBlocks: readonly number[];
  /** Checkpoints of each point in blocks (stopping checkpoints in adaptive runs, convergence records otherwise). */
  readonly checkpoints: readonly (readonly number[])[];
  readonly shardPoint: Int32Array;
  readonly shardBlockStart: Int32Array;
  readonly shardBlockEnd: Int32Array;
  /** First shard index of each point. */
  readonly firstShard: Int32Array;
  /** The job payload of shard i (built on demand). */
  shardTask(i: number): ShardTask;
}

function pointCheckpoints(spec: ResolvedSpec, blocks: number): number[] {
  if (spec.stop)
    return geometricCheckpoints(Math.ceil(spec.stop.minTrials / spec.blockTrials), blocks, STOP_CHECKPOINT_RATIO);
  return geometricCheckpoints(1, blocks, CONVERGENCE_CHECKPOINT_RATIO);
}

/** Options of {@link planRun}. */
export interface PlanOptions {
  /**
   * Per point index: its first k blocks are shards of one block each (the blocks `mcx run` ran as its pilot before
   * the shard size was known, whose summaries then belong to this plan). Other points start with full shards.
   */
  readonly singleBlockHead?: ReadonlyMap<number, number>;
}

/**
 * The task of blocks [blockStart, blockEnd) of the point at `pointIndex` (an index into `spec.points`), numbered
 * `shard`: what every plan's `shardTask` returns, and what a pilot runs before there is a plan.
 */
export function shardTaskOf(
  runId: string,
  spec: ResolvedSpec,
  shard: number,
  pointIndex: number,
  blockStart: number,
  blockEnd: number,
): ShardTask {
  const point = spec.points[pointIndex]!;
  return {
    runId,
    shard,
    simulation: spec.simulation,
    models: [...spec.models],
    seed: spec.seed,
    point: point.index,
    params: point.params as Record<string, unknown>,
    blockTrials: spec.blockTrials,
    pointTrials: spec.maxTrials,
    blockStart,
    blockEnd,
    thresholds: spec.thresholds as Record<string, number[]>,
  };
}

/**
 * Plans the shards of a run. `shardTrials` is rounded to whole blocks (at least one). The plan never changes a
 * result: shards only decide where work runs.
 * @throws SpecError MCX_SPEC_LIMIT when the run would need more than MAX_SHARDS shards
 */
export function planRun(runId: string, spec: ResolvedSpec, shardTrials: number, options: PlanOptions = {}): RunPlan {
  const B = spec.blockTrials;
  const shardBlocks = Math.max(1, Math.round(shardTrials / B));
  const blocksPerPoint = Math.ceil(spec.maxTrials / B);
  const checkpoints = spec.points.map(() => pointCheckpoints(spec, blocksPerPoint));
  const head = (p: number): number => Math.min(options.singleBlockHead?.get(p) ?? 0, blocksPerPoint);
  // Shard boundaries: every block of the single-block head, then every shardBlocks blocks, plus every stopping
  // checkpoint.
  const bounds = (p: number, headBlocks: number): number[] => {
    const cuts = new Set<number>();
    for (let b = 1; b <= headBlocks; b++) cuts.add(b);
    for (let b = headBlocks + shardBlocks; b < blocksPerPoint; b += shardBlocks) cuts.add(b);
    if (spec.stop) for (const c of checkpoints[p]!) cuts.add(c);
    cuts.add(blocksPerPoint);
    return [...cuts].filter((c) => c > 0 && c <= blocksPerPoint).sort((a, b) => a - b);
  };
  // Every point has the same cap and checkpoints, so points with the same head have the same bounds: compute them
  // once per head length.
  const boundsByHead = new Map<number, number[]>();
  const pointBounds = spec.points.map((_, p) => {
    const h = head(p);
    let b = boundsByHead.get(h);
    if (b === undefined) {
      b = bounds(p, h);
      boundsByHead.set(h, b);
    }
    return b;
  });
  const total = pointBounds.reduce((n, b) => n + b.length, 0);
  if (total > MAX_SHARDS) {
    throw new SpecError(
      McxErrorCode.SPEC_LIMIT,
      "spec.shardTrials",
      `spec.shardTrials must give at most ${MAX_SHARDS} shards (got ${total}); raise shardTrials (limit MAX_SHARDS)`,
    );
  }
  const shardPoint = new Int32Array(total);
  const shardBlockStart = new Int32Array(total);
  const shardBlockEnd = new Int32Array(total);
  const firstShard = new Int32Array(spec.points.length);
  let i = 0;
  spec.points.forEach((_, p) => {
    firstShard[p] = i;
    let start = 0;
    for (const end of pointBounds[p]!) {
      shardPoint[i] = p;
      shardBlockStart[i] = start;
      shardBlockEnd[i] = end;
      start = end;
      i++;
    }
  });
  return {
    runId,
    spec,
    shardTrials: shardBlocks * B,
    shardCount: total,
    pointBlocks: spec.points.map(() => blocksPerPoint),
    checkpoints,
    shardPoint,
    shardBlockStart,
    shardBlockEnd,
    firstShard,
    shardTask: (s) => shardTaskOf(runId, spec, s, shardPoint[s]!, shardBlockStart[s]!, shardBlockEnd[s]!),
  };
}

/**
 * Trials per shard for `shardTrials: auto`, from a pilot's seconds per trial (single thread): about
 * `targetSeconds` of compute (≥ 100 ms so BullMQ's ~0.5 ms per job stays below 1 %; 0.5–2 s by default), but small enough that each thread gets
 * ≥ `minShardsPerThread` shards of a point so the end-of-run tail stays short. Pure; timing happens in the caller.
 */
export function chooseShardTrials(
  spec: ResolvedSpec,
  secondsPerTrial: number,
  options: {
    readonly threads: number;
    readonly targetSeconds?: number;
    readonly minSeconds?: number;
    readonly minShardsPerThread?: number;
  },
): number {
  const target = options.targetSeconds ?? 0.5;
  const minSeconds = options.minSeconds ?? 0.1;
  const perThread = options.minShardsPerThread ?? 4;
  const perTrial = Math.max(secondsPerTrial, 1e-9);
  const byTime = target / perTrial;
  const totalTrials = spec.maxTrials * spec.points.length;
  const byTail = totalTrials / (options.threads * perThread);
  const floor = minSeconds / perTrial;
  const trials = Math.max(Math.min(byTime, Math.max(byTail, floor)), spec.blockTrials);
  return Math.max(spec.blockTrials, Math.round(trials / spec.blockTrials) * spec.blockTrials);
}
