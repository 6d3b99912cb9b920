// The piscina task file of every shard pool (`mcx run` and the worker), loaded by pool threads from
// dist/pool/shard-task.js.
import { summaryFingerprint } from "@mcx/core/shard";
import { runShardTask } from "./run-shard-task.ts";
import type { TaskOutcome } from "./task-outcome.ts";

export { packed } from "./packed-task.ts";

/** One shard, its summary as JSON text (what a worker publishes to JetStream as it is). */
export default function shardTask(payload: unknown): Promise<TaskOutcome> {
  return run(payload, false);
}

/**
 * The same, and the summary's fingerprint beside it (piscina's `name: "fingerprinted"`), so the main thread, which
 * merges every shard, does not compute it. A worker only forwards the summary text.
 */
export function fingerprinted(payload: unknown): Promise<TaskOutcome> {
  return run(payload, true);
}

async function run(payload: unknown, withFingerprint: boolean): Promise<TaskOutcome> {
  const r = await runShardTask(payload);
  if (!r.ok) return r;
  return {
    ok: true,
    summaryJson: JSON.stringify(r.summary),
    trials: r.summary.trials,
    ms: r.ms,
    startedAt: performance.timeOrigin + r.t0,
    ...(withFingerprint ? { fingerprint: summaryFingerprint(r.summary) } : {}),
  };
}
