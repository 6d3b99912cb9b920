import { availableParallelism } from "node:os";
import { chooseShardTrials, planRun, type ResolvedSpec } from "@mcx/core";
import { measureSecondsPerTrial } from "./pilot.ts";

/** How a run would be cut into shards (what `mcx validate` prints). */
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

/**
 * Sizes a run without starting it: for `shardTrials: auto` a short main-thread pilot (about 0.2 s), then the
 * shard plan. `threads` only matters for auto sizing.
 * @defaultValue threads = `os.availableParallelism()`
 */
export function sizeRun(spec: ResolvedSpec, options: { readonly threads?: number } = {}): RunSize {
  const threads = options.threads ?? availableParallelism();
  const secondsPerTrial = spec.shardTrials === "auto" ? measureSecondsPerTrial(spec) : undefined;
  const wanted =
    spec.shardTrials === "auto" ? chooseShardTrials(spec, secondsPerTrial!, { threads }) : spec.shardTrials;
  const plan = planRun("validate", spec, wanted);
  return {
    points: spec.points.length,
    trialsPerPoint: spec.maxTrials,
    totalTrials: spec.maxTrials * spec.points.length,
    adaptive: spec.stop !== undefined,
    shardTrials: plan.shardTrials,
    shardCount: plan.shardCount,
    secondsPerTrial,
  };
}
