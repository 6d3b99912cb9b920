// One shard run on a pool thread, validated at the thread edge: the step every piscina task of shard-task.ts takes.
import { isMcxError, McxError, McxErrorCode, runShard, type ShardSummary, ShardTaskSchema } from "@mcx/core/shard";
import type { ErrorData } from "@mcx/protocol/error";
import { threadSimulation } from "./thread-simulations.ts";

// The error codec (and its zod schemas) loads only when a shard fails: a thread that only runs shards starts sooner.
const errorData = async (e: unknown) => (await import("@mcx/protocol/error")).toErrorData(e);

/** One shard run on this thread, or why not. */
export type ShardRun =
  | { readonly ok: true; readonly summary: ShardSummary; readonly ms: number; readonly t0: number }
  | { readonly ok: false; readonly error: ErrorData; readonly deterministic: boolean };

/**
 * Runs one shard through core's `runShard`: of a built-in simulation, or of the user simulation in the bundle the
 * task names (loaded once per thread). The payload is validated here, at the thread edge. Never throws: an McxError
 * (bad payload, spec or parameters, a trial that threw, a bundle that does not load) is deterministic, anything
 * else (a kernel bug, resource trouble) is reported as transient so a queue may retry it a bounded number of times.
 */
export async function runShardTask(payload: unknown): Promise<ShardRun> {
  const parsed = ShardTaskSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = `shard task ${issue?.path.join(".") || "payload"} ${issue?.message ?? "is malformed"}`;
    return {
      ok: false,
      error: await errorData(new McxError(McxErrorCode.MESSAGE_INVALID, message)),
      deterministic: true,
    };
  }
  try {
    const task = parsed.data;
    const simulation = task.bundle === undefined ? undefined : await threadSimulation(task.bundle);
    const t0 = performance.now();
    const summary = runShard(task, simulation);
    return { ok: true, summary, ms: performance.now() - t0, t0 };
  } catch (e) {
    return { ok: false, error: await errorData(e), deterministic: isMcxError(e) };
  }
}
