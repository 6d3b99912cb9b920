// The piscina task file of every shard pool (`mcx run` and the worker), loaded by pool threads from
// dist/pool/shard-task.js.
import { encodeSummaries, summaryBytes, summaryFingerprint } from "@mcx/core/shard";
import { runShardTask } from "./run-shard-task.ts";
import type { EncodedOutcome, TaskOutcome } from "./task-outcome.ts";
import { transferring } from "./transfer.ts";

export { packed } from "./packed-task.ts";

/** One shard, its summary as JSON text (the pilot shards of `mcx run`, `mcx audit`). */
export default async function shardTask(payload: unknown): Promise<TaskOutcome> {
  const r = await runShardTask(payload);
  if (!r.ok) return r;
  return { ok: true, summaryJson: JSON.stringify(r.summary), ...timing(r) };
}

/**
 * One shard as a worker publishes it (piscina's `name: "encoded"`): the summary in the binary codec, its buffer
 * transferred to the main thread, and its fingerprint beside it, so the coordinator, which merges every shard, reads
 * it without JSON and does not compute the fingerprint.
 */
export async function encoded(payload: unknown): Promise<EncodedOutcome> {
  const r = await runShardTask(payload);
  if (!r.ok) return r;
  const bytes = summaryBytes(encodeSummaries([r.summary]));
  const outcome: EncodedOutcome = {
    ok: true,
    summaryBytes: bytes,
    fingerprint: summaryFingerprint(r.summary),
    ...timing(r),
  };
  return transferring(outcome, [bytes.buffer]);
}

function timing(r: { readonly summary: { readonly trials: number }; readonly ms: number; readonly t0: number }) {
  return { trials: r.summary.trials, ms: r.ms, startedAt: performance.timeOrigin + r.t0 };
}
