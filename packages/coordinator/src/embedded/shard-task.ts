// The piscina task file of embedded mode, loaded by worker threads from dist/embedded/shard-task.js.
import { McxError, McxErrorCode, runShard, ShardTaskSchema } from "@mcx/core/shard";
import { type ShardTaskResult, serializeError } from "./task-result.ts";

/**
 * Runs one shard. The payload is validated here, at the thread edge, because it arrived as a message.
 * Never throws: failures come back as `{ ok: false, error }` so the error code survives the thread boundary.
 */
export default function shardTask(payload: unknown): ShardTaskResult {
  try {
    const parsed = ShardTaskSchema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new McxError(
        McxErrorCode.MESSAGE_INVALID,
        `shard task ${issue?.path.join(".") ?? ""} ${issue?.message ?? "is malformed"}`.replace(/ {2,}/g, " "),
      );
    }
    return { ok: true, summary: runShard(parsed.data) };
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  }
}
