import { buildResult } from "../result/build.ts";
import type { ResultDocument } from "../result/document.ts";
import type { Simulation } from "../sim/types.ts";
import type { ResolvedSpec } from "../spec/resolve.ts";
import type { ExtensionBase } from "./extension-base.ts";
import { planRun } from "./plan.ts";
import { RunMerger } from "./run-merger.ts";
import { runShard } from "./run-shard.ts";
import { shardTrialsFor } from "./shard-size.ts";

/**
 * Runs a whole spec on the calling thread through the same plan → runShard → RunMerger path as every other mode.
 * For tests and tiny runs; the embedded runner adds threads, the distributed one a queue and a bus.
 * `simulation` is the run's simulation when it is not a built-in (the one given to `resolveSpec`).
 */
export function runInline(
  spec: ResolvedSpec,
  options: {
    readonly runId?: string;
    readonly shardTrials?: number;
    readonly simulation?: Simulation;
    readonly base?: ExtensionBase;
  } = {},
): ResultDocument {
  const plan = planRun(
    options.runId ?? "inline",
    spec,
    shardTrialsFor(spec, { requested: options.shardTrials, threads: 1 }),
    {
      ...(options.simulation === undefined ? {} : { simulation: options.simulation }),
      ...(options.base === undefined ? {} : { base: options.base }),
    },
  );
  const merger = new RunMerger(plan);
  for (let i = 0; i < plan.shardCount && !merger.done; i++) {
    if (merger.isWanted(i)) merger.apply(runShard(plan.shardTask(i), options.simulation));
  }
  return buildResult(merger, {
    runId: plan.runId,
    startedAt: new Date(0).toISOString(),
    wallSeconds: 0,
    mode: "embedded",
    threads: 1,
  });
}
