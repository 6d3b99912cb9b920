import type { ResolvedSpec } from "../spec/resolve.ts";
import { chooseShardTrials } from "./plan.ts";

/** Trials per shard of an `auto` spec when no pilot was timed (runInline): four blocks. */
const UNTIMED_AUTO_BLOCKS = 4;

/** What {@link shardTrialsFor} decides from. */
export interface ShardSizeInputs {
  /** An explicit size (`--shard-trials`, a test); wins over the spec. */
  readonly requested?: number | undefined;
  /** Seconds of one thread per trial from a pilot, for `shardTrials: auto`. */
  readonly secondsPerTrial?: number | undefined;
  /** Threads the run is sized for (auto sizing keeps ≥ 4 shards a thread). */
  readonly threads: number;
}

/**
 * Trials per shard of a run: the one rule of `mcx run`, `mcx validate`, `submit` and `runInline`. An explicit size
 * wins, then the spec's; `auto` follows the pilot (`chooseShardTrials`). A shard never needs more than one point's
 * trials (whole blocks). Shard size never changes a result, only where work runs.
 * @example shardTrialsFor(spec, { requested: 5000, threads: 2 }) // → 5000 (when a point has ≥ 5000 trials)
 */
export function shardTrialsFor(spec: ResolvedSpec, inputs: ShardSizeInputs): number {
  const B = spec.blockTrials;
  let trials = inputs.requested ?? (spec.shardTrials === "auto" ? undefined : spec.shardTrials);
  if (trials === undefined) {
    trials =
      inputs.secondsPerTrial === undefined
        ? UNTIMED_AUTO_BLOCKS * B
        : chooseShardTrials(spec, inputs.secondsPerTrial, { threads: inputs.threads });
  }
  return Math.min(trials, Math.ceil(spec.maxTrials / B) * B);
}
