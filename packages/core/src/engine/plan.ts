import { McxErrorCode, SpecError } from "../errors.ts";
import type { Simulation } from "../sim/types.ts";
import type { ResolvedSpec } from "../spec/resolve.ts";
import { CONVERGENCE_CHECKPOINT_RATIO, geometricCheckpoints, STOP_CHECKPOINT_RATIO } from "./checkpoints.ts";
import type { ExtensionBase } from "./extension-base.ts";
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
  /** An extension's starting point: each point's stored state and the ledger of the shards inside it. */
  readonly base?: ExtensionBase;
  /** The job payload of shard i (built on demand). */
  shardTask(i: number): ShardTask;
  /** The run's simulation when it is not a built-in (see {@link PlanOptions.simulation}). */
  readonly simulation?: Simulation;
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
  /**
   * Threads the run is spread over: each point's last `taperThreads` full shards are cut in quarters (whole blocks),
   * so the threads finish nearly together instead of one of them running a last full shard alone. `mcx run` asks
   * for it when it sized the shards itself (`shardTrials: auto`); a size given by the user is kept as given.
   */
  readonly taperThreads?: number;
  /**
   * The simulation of a spec resolved against a user simulation (its bundle loaded, or its shape on the
   * coordinator): what the run's merger lays its statistics out by instead of the built-in named in the spec.
   */
  readonly simulation?: Simulation;
  /**
   * Extend a result: only the blocks after each point's stored state are planned, and the base stays in the plan so
   * every merger of the plan starts from it.
   */
  readonly base?: ExtensionBase;
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
  pointTrials: number = spec.maxTrials,
): ShardTask {
  const point = spec.points[pointIndex]!;
  return {
    runId,
    shard,
    simulation: spec.simulation,
    ...(spec.bundle === undefined ? {} : { bundle: spec.bundle }),
    models: [...spec.models],
    seed: spec.seed,
    point: point.index,
    params: point.params as Record<string, unknown>,
    blockTrials: spec.blockTrials,
    pointTrials,
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
  // The tapered tail: the last taperThreads full shards of a point, in quarter shards.
  const taperShardBlocks = Math.max(1, Math.floor(shardBlocks / 4));
  const taperBlocks = taperShardBlocks < shardBlocks ? (options.taperThreads ?? 0) * shardBlocks : 0;
  // Blocks already merged per point (an extension's stored states): planning starts after them.
  const starts = spec.points.map((_, p) => options.base?.points[p]?.block ?? 0);
  // Shard ends of a point from block `start`: every block of the single-block head, then every shardBlocks blocks,
  // then every taperShardBlocks blocks over the tapered tail, plus every stopping checkpoint.
  const bounds = (p: number, start: number, headBlocks: number): number[] => {
    const cuts = new Set<number>();
    for (let b = start + 1; b <= start + headBlocks; b++) cuts.add(b);
    const tail = Math.min(taperBlocks, Math.max(0, blocksPerPoint - start - headBlocks));
    for (let b = start + headBlocks + shardBlocks; b < blocksPerPoint - tail; b += shardBlocks) cuts.add(b);
    for (let b = blocksPerPoint - tail; b < blocksPerPoint; b += taperShardBlocks) if (b > start) cuts.add(b);
    if (spec.stop) for (const c of checkpoints[p]!) cuts.add(c);
    cuts.add(blocksPerPoint);
    return [...cuts].filter((c) => c > start && c <= blocksPerPoint).sort((a, b) => a - b);
  };
  // Every point has the same cap and checkpoints, so points with the same start and head have the same bounds:
  // compute them once per pair.
  const known = new Map<string, number[]>();
  const pointBounds = spec.points.map((_, p) => {
    const key = `${starts[p]}:${head(p)}`;
    let b = known.get(key);
    if (b === undefined) {
      b = bounds(p, starts[p]!, head(p));
      known.set(key, b);
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
    let start = starts[p]!;
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
    ...(options.simulation === undefined ? {} : { simulation: options.simulation }),
    ...(options.base === undefined ? {} : { base: options.base }),
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
