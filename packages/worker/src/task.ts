// The piscina task file, loaded by pool threads from dist/task.js.
import { isMcxError, McxErrorCode, runShard, ShardTaskSchema } from "@mcx/core/shard";
import type { TaskOutcome } from "./task-outcome.ts";

/**
 * Runs one shard through core's `runShard`. The payload is validated here, at the thread edge. Never throws:
 * an McxError (bad payload, spec or parameters) is deterministic, anything else (a kernel bug, resource trouble) is
 * reported as transient so the queue retries it a bounded number of times.
 */
export default function shardTask(payload: unknown): TaskOutcome {
  const parsed = ShardTaskSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      code: McxErrorCode.MESSAGE_INVALID,
      message: `shard task ${issue?.path.join(".") || "payload"} ${issue?.message ?? "is malformed"}`,
      deterministic: true,
    };
  }
  const t0 = performance.now();
  try {
    const summary = runShard(parsed.data);
    return { ok: true, summaryJson: JSON.stringify(summary), trials: summary.trials, ms: performance.now() - t0 };
  } catch (e) {
    if (isMcxError(e)) return { ok: false, code: e.code, message: e.message, deterministic: true };
    return {
      ok: false,
      code: McxErrorCode.INTERNAL,
      message: e instanceof Error ? e.message : String(e),
      deterministic: false,
    };
  }
}
