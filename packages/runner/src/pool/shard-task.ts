// The piscina task file of every shard pool (`mcx run` and the worker), loaded by pool threads from
// dist/pool/shard-task.js.
import { isMcxError, McxError, McxErrorCode, runShard, ShardTaskSchema } from "@mcx/core/shard";
import { toErrorData } from "@mcx/protocol/error";
import type { TaskOutcome } from "./task-outcome.ts";

/**
 * Runs one shard through core's `runShard`. The payload is validated here, at the thread edge. Never throws:
 * an McxError (bad payload, spec or parameters) is deterministic, anything else (a kernel bug, resource trouble) is
 * reported as transient so a queue may retry it a bounded number of times.
 */
export default function shardTask(payload: unknown): TaskOutcome {
  const parsed = ShardTaskSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = `shard task ${issue?.path.join(".") || "payload"} ${issue?.message ?? "is malformed"}`;
    return { ok: false, error: toErrorData(new McxError(McxErrorCode.MESSAGE_INVALID, message)), deterministic: true };
  }
  const t0 = performance.now();
  try {
    const summary = runShard(parsed.data);
    return { ok: true, summaryJson: JSON.stringify(summary), trials: summary.trials, ms: performance.now() - t0 };
  } catch (e) {
    return { ok: false, error: toErrorData(e), deterministic: isMcxError(e) };
  }
}
