// The piscina task file of every shard pool (`mcx run` and the worker), loaded by pool threads from
// dist/pool/shard-task.js.
import { isMcxError, McxError, McxErrorCode, runShard, ShardTaskSchema, summaryFingerprint } from "@mcx/core/shard";
import type { TaskOutcome } from "./task-outcome.ts";

// The error codec (and its zod schemas) loads only when a shard fails: a thread that only runs shards starts sooner.
const errorData = async (e: unknown) => (await import("@mcx/protocol/error")).toErrorData(e);

/**
 * Runs one shard through core's `runShard`. The payload is validated here, at the thread edge. Never throws:
 * an McxError (bad payload, spec or parameters) is deterministic, anything else (a kernel bug, resource trouble) is
 * reported as transient so a queue may retry it a bounded number of times.
 */
export default function shardTask(payload: unknown): Promise<TaskOutcome> {
  return run(payload, false);
}

/**
 * The same, and the summary's fingerprint beside it (piscina's `name: "fingerprinted"`): the embedded queue asks for
 * it, so the main thread, which merges every shard, does not compute it. A worker only forwards the summary text.
 */
export function fingerprinted(payload: unknown): Promise<TaskOutcome> {
  return run(payload, true);
}

async function run(payload: unknown, withFingerprint: boolean): Promise<TaskOutcome> {
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
  const t0 = performance.now();
  try {
    const summary = runShard(parsed.data);
    const ms = performance.now() - t0;
    return {
      ok: true,
      summaryJson: JSON.stringify(summary),
      trials: summary.trials,
      ms,
      startedAt: performance.timeOrigin + t0,
      ...(withFingerprint ? { fingerprint: summaryFingerprint(summary) } : {}),
    };
  } catch (e) {
    return { ok: false, error: await errorData(e), deterministic: isMcxError(e) };
  }
}
