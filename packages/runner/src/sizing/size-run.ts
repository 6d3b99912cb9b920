import { availableParallelism } from "node:os";
import {
  type ExtensionBase,
  planRun,
  type ResolvedSpec,
  type RunPlan,
  type Simulation,
  shardTrialsFor,
} from "@mcx/core";
import { measureSecondsPerTrial } from "./pilot.ts";

/** How a run is cut into shards (what `mcx validate` prints). */
export interface RunSize {
  readonly points: number;
  /** Trials per point: the fixed count, or the cap of an adaptive run. */
  readonly trialsPerPoint: number;
  /** Upper bound on trials over all points. */
  readonly totalTrials: number;
  readonly adaptive: boolean;
  /** Trials per shard after rounding to whole blocks. */
  readonly shardTrials: number;
  readonly shardCount: number;
  /** From the pilot, when `shardTrials` is "auto" (seconds of one thread per trial, all models). */
  readonly secondsPerTrial: number | undefined;
}

/** Options of {@link sizeRun}. */
export interface SizeRunOptions {
  /**
   * The run id the plan's shard tasks carry.
   * @defaultValue "validate"
   */
  readonly runId?: string;
  /**
   * Threads the run is sized for (only `shardTrials: auto` uses it).
   * @defaultValue `os.availableParallelism()`
   */
  readonly threads?: number;
  /** Trials per shard; overrides the spec's `shardTrials` (never changes the result). */
  readonly shardTrials?: number;
  /**
   * Wall-clock budget of the `auto` pilot, in seconds.
   * @defaultValue 0.2
   */
  readonly pilotSeconds?: number;
  /**
   * Seconds per trial measured elsewhere (`mcx submit` times a user simulation on the user's machine, since the
   * coordinator never runs one): used instead of a pilot.
   */
  readonly secondsPerTrial?: number;
  /** The spec's simulation when it is not a built-in: the pilot runs it, the plan carries it. */
  readonly simulation?: Simulation;
  /** An extension's base: only the blocks after each point's stored state are planned. */
  readonly base?: ExtensionBase;
}

/**
 * Sizes and plans a run, once: for `shardTrials: auto` a short pilot on this thread, then `shardTrialsFor` (the one
 * shard-size rule) and `planRun`. `mcx run`, `mcx validate` and the coordinator's `submit` all size runs here.
 * @throws SpecError MCX_SPEC_LIMIT when the run would need more than MAX_SHARDS shards
 * @example sizeRun(spec, { threads: 2 }).size.shardCount // → 16
 */
export function sizeRun(spec: ResolvedSpec, options: SizeRunOptions = {}): { plan: RunPlan; size: RunSize } {
  const threads = options.threads ?? availableParallelism();
  const requested = options.shardTrials;
  const secondsPerTrial =
    requested === undefined && spec.shardTrials === "auto"
      ? (options.secondsPerTrial ??
        measureSecondsPerTrial(spec, {
          ...(options.pilotSeconds === undefined ? {} : { budgetSeconds: options.pilotSeconds }),
          ...(options.simulation === undefined ? {} : { simulation: options.simulation }),
        }))
      : undefined;
  const plan = planRun(
    options.runId ?? "validate",
    spec,
    shardTrialsFor(spec, { requested, secondsPerTrial, threads }),
    {
      ...(options.simulation === undefined ? {} : { simulation: options.simulation }),
      ...(options.base === undefined ? {} : { base: options.base }),
    },
  );
  return {
    plan,
    size: {
      points: spec.points.length,
      trialsPerPoint: spec.maxTrials,
      totalTrials: spec.maxTrials * spec.points.length,
      adaptive: spec.stop !== undefined,
      shardTrials: plan.shardTrials,
      shardCount: plan.shardCount,
      secondsPerTrial,
    },
  };
}
