import { availableParallelism } from "node:os";
import type { ExtensionBase, ResolvedSpec, ResultDocument } from "@mcx/core";
import { driveRun } from "../drive/drive-run.ts";
import type { DriveProgress } from "../drive/types.ts";
import { createShardPool, TASKS_PER_THREAD } from "../pool/pool.ts";
import { sizeRun } from "../sizing/size-run.ts";
import { createEmbeddedTransport } from "./embedded-queue.ts";

/** Options of {@link runEmbedded}. */
export interface EmbeddedOptions {
  /**
   * Pool threads.
   * @defaultValue `os.availableParallelism()`
   */
  readonly threads?: number;
  /**
   * Trials per shard; overrides the spec's `shardTrials` (tests use it to show the result does not depend on it).
   * @defaultValue the spec's `shardTrials`, sized from a pilot when "auto"
   */
  readonly shardTrials?: number;
  /**
   * Run id recorded in the result.
   * @defaultValue `embedded-<time>`
   */
  readonly runId?: string;
  readonly onProgress?: (progress: DriveProgress) => void;
  /** Called once the shard size is known, before any shard runs. */
  readonly onPlan?: (plan: { readonly shardTrials: number; readonly secondsPerTrial: number | undefined }) => void;
  /** Aborting stops the run and returns the merged prefix with status `cancelled`. */
  readonly signal?: AbortSignal;
  /** Extend a result (see `prepareExtension`): only the blocks after each point's stored state run. */
  readonly base?: ExtensionBase;
}

/**
 * Runs a spec in this process: an in-process queue feeding a piscina pool, through the same driver as
 * distributed mode, so the result (and its digest) is the same as on a cluster.
 * @throws McxError when a shard fails (e.g. a simulation rejects its parameters)
 * @example
 * const doc = await runEmbedded(resolveSpec(parseSpecText(text, "spec.yaml")), { threads: 2 });
 * doc.run.mode // "embedded"
 */
export async function runEmbedded(spec: ResolvedSpec, options: EmbeddedOptions = {}): Promise<ResultDocument> {
  const threads = options.threads ?? availableParallelism();
  const runId = options.runId ?? `embedded-${Date.now().toString(36)}`;
  const { plan, size } = sizeRun(spec, {
    runId,
    threads,
    ...(options.shardTrials === undefined ? {} : { shardTrials: options.shardTrials }),
    ...(options.base === undefined ? {} : { base: options.base }),
  });
  options.onPlan?.({ shardTrials: plan.shardTrials, secondsPerTrial: size.secondsPerTrial });
  const pool = createShardPool(threads);
  const capacity = threads * TASKS_PER_THREAD;
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
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } finally {
    await queue.close();
    await pool.destroy();
  }
}
