import { McxErrorCode } from "@mcx/core/errors";
import type { ErrorData } from "@mcx/protocol/error";
import type { ShardEvent } from "../drive/types.ts";
import type { TaskOutcome } from "../pool/task-outcome.ts";

// The error codec (and its zod schemas) loads at the first failure, not before the first shard can start.
export async function failedEvent(shard: number, data: ErrorData): Promise<ShardEvent> {
  const { fromErrorData } = await import("@mcx/protocol/error");
  return { type: "failed", shard, error: fromErrorData(data, `shard ${shard}`) };
}

/** A shard failed because the pool did (a thread died, the pool was destroyed): no retry can be told apart. */
export function poolFailure(shard: number, message: string): Promise<ShardEvent> {
  return failedEvent(shard, { code: McxErrorCode.INTERNAL, message });
}

/**
 * What the driver sees of one pool task of shard `shard`: its summary (parsed from the JSON the thread wrote) or
 * its error. `renumber` gives the summary the index `shard`: a pilot shard ran before its plan existed, under a
 * placeholder index.
 */
export function outcomeEvent(shard: number, result: TaskOutcome, renumber = false): ShardEvent | Promise<ShardEvent> {
  if (!result.ok) return failedEvent(shard, result.error);
  const summary = JSON.parse(result.summaryJson) as { shard?: unknown };
  if (renumber) summary.shard = shard;
  return { type: "summary", shard, summary };
}
