import { availableParallelism } from "node:os";
import type { ExtensionBase, ResolvedSpec, ResultDocument, Simulation } from "@mcx/core";
import { planRun, shardTrialsFor } from "@mcx/core/plan";
import type { DriveProgress } from "../drive/types.ts";
import { createShardPool, type ShardPool, TASKS_PER_THREAD } from "../pool/pool.ts";
import { createEmbeddedTransport } from "./embedded-queue.ts";
import { runPilotShards } from "./pilot-shards.ts";

/** Options of {@link runEmbedded}. */
export interface EmbeddedOptions {
  /**
   * Pool threads.
   * @defaultValue `os.availableParallelism()`, or the size of `pool`
   */
  readonly threads?: number;
  /**
   * A pool the caller started (and destroys): `mcx run` starts it before it reads the spec, so the threads load
   * while the spec is parsed. It must have `threads` threads.
   * @defaultValue a pool of `threads` threads, started and destroyed here
   */
  readonly pool?: ShardPool;
  /**
   * Trials per shard; overrides the spec's `shardTrials` (tests use it to show the result does not depend on it).
   * @defaultValue the spec's `shardTrials`, sized from the first shards when "auto"
   */
  readonly shardTrials?: number;
  /**
   * Run id recorded in the result.
   * @defaultValue `embedded-<time>`
   */
  readonly runId?: string;
  readonly onProgress?: (progress: DriveProgress) => void;
  /** Called once the shard size is known (after the pilot shards of an `auto` run). */
  readonly onPlan?: (plan: { readonly shardTrials: number; readonly secondsPerTrial: number | undefined }) => void;
  /** Aborting stops the run and returns the merged prefix with status `cancelled`. */
  readonly signal?: AbortSignal;
  /** A user simulation: the one the spec was resolved against (the run merges by it). */
  readonly simulation?: Simulation;
  /**
   * Where the pool threads find the spec's bundle (by the hash in its tasks), for a pool made here; a caller's
   * `pool` was given its bundle directory when it was made.
   */
  readonly bundleDir?: string;
  /**
   * Extend a result (see `prepareExtension`): only the blocks after each point's stored state run. Its first blocks
   * are merged already, so an `auto` size is timed by a short pilot on this thread instead of pilot shards.
   */
  readonly base?: ExtensionBase;
}

/**
 * Runs a spec in this process: an in-process queue feeding a piscina pool, through the same driver as
 * distributed mode, so the result (and its digest) is the same as on a cluster. With `shardTrials: auto` the
 * first shards are the pilot (`runPilotShards`): the pool starts on real work at once, and no trial is thrown away.
 * The driver and the merge code (with the statistics libraries) load while those first shards run.
 * @throws McxError when a shard fails (e.g. a simulation rejects its parameters)
 * @example
 * const doc = await runEmbedded(resolveSpec(parseSpecText(text, "spec.yaml")), { threads: 2 });
 * doc.run.mode // "embedded"
 */
export async function runEmbedded(spec: ResolvedSpec, options: EmbeddedOptions = {}): Promise<ResultDocument> {
  const threads = options.threads ?? options.pool?.options.maxThreads ?? availableParallelism();
  const runId = options.runId ?? `embedded-${Date.now().toString(36)}`;
  const pool =
    options.pool ?? createShardPool(threads, options.bundleDir === undefined ? {} : { bundleDir: options.bundleDir });
  const capacity = threads * TASKS_PER_THREAD;
  try {
    const driver = import("../drive/drive-run.ts");
    const auto = options.shardTrials === undefined && spec.shardTrials === "auto";
    const { base } = options;
    const pilot =
      auto && base === undefined ? await runPilotShards(spec, runId, pool, capacity, options.signal) : undefined;
    const secondsPerTrial =
      auto && base !== undefined
        ? (await import("../sizing/pilot.ts")).measureSecondsPerTrial(
            spec,
            options.simulation === undefined ? {} : { simulation: options.simulation },
          )
        : pilot?.secondsPerTrial;
    const shardTrials = shardTrialsFor(spec, { requested: options.shardTrials, secondsPerTrial, threads });
    const plan = planRun(runId, spec, shardTrials, {
      ...(base !== undefined ? { base } : pilot === undefined ? {} : { singleBlockHead: pilot.head }),
      // Sized here, so the tail may be cut finer: the threads end together (a user's size is kept as given).
      ...(auto ? { taperThreads: threads } : {}),
      ...(options.simulation === undefined ? {} : { simulation: options.simulation }),
    });
    options.onPlan?.({ shardTrials: plan.shardTrials, secondsPerTrial });
    const { driveRun } = await driver;
    const { queue, summaries } = createEmbeddedTransport(pool, capacity);
    try {
      return await driveRun(plan, {
        queue,
        summaries,
        // Enough queued beyond the running tasks that no thread waits for the driver, few enough that adaptive
        // stopping cancels most of what it no longer needs before it starts.
        window: Math.max(8, capacity * 4),
        mode: "embedded",
        threads,
        ...(pilot === undefined ? {} : { initial: await pilot.events(plan) }),
        ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
    } finally {
      await queue.close();
    }
  } finally {
    if (options.pool === undefined) await pool.destroy();
  }
}
