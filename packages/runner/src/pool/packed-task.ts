// The piscina task `packed` (re-exported by shard-task.ts): several shards of one point in one task, their summaries
// back as one transferred binary buffer. The embedded queue's way to the pool; a worker keeps one shard per task.
import { encodeSummaries, type ShardSummary, summaryFingerprint } from "@mcx/core/shard";
import type { PackedFailure, PackedOutcome, PackedTask } from "./packed-outcome.ts";
import { runShardTask } from "./run-shard-task.ts";
import { transferring } from "./transfer.ts";

// A point's template arrives with each of its tasks; it is parsed once per thread (a run has a few points, a sweep
// may have many, hence the bound).
const templates = new Map<string, unknown>();
const TEMPLATES_KEPT = 64;

function templateOf(text: string): unknown {
  let base = templates.get(text);
  if (base === undefined) {
    try {
      base = JSON.parse(text);
    } catch {
      base = null;
    }
    if (templates.size >= TEMPLATES_KEPT) templates.clear();
    templates.set(text, base);
  }
  return base;
}

/**
 * Runs the task's shards in order, each as `runShardTask` would (validated at this edge, never throwing); a shard
 * that fails does not stop the others. Returns a transferable reply: piscina moves the summaries' buffer to the
 * main thread instead of cloning it.
 */
export async function packed(payload: PackedTask): Promise<PackedOutcome> {
  const base = templateOf(typeof payload?.template === "string" ? payload.template : "");
  const ranges = Array.isArray(payload?.ranges) ? payload.ranges : [];
  const summaries: ShardSummary[] = [];
  const failures: PackedFailure[] = [];
  let fingerprints = "";
  let ms = 0;
  for (let i = 0; i * 3 < ranges.length; i++) {
    const task =
      typeof base === "object" && base !== null
        ? { ...base, shard: ranges[3 * i], blockStart: ranges[3 * i + 1], blockEnd: ranges[3 * i + 2] }
        : undefined;
    const r = await runShardTask(task);
    if (r.ok) {
      summaries.push(r.summary);
      fingerprints += summaryFingerprint(r.summary);
      ms += r.ms;
    } else {
      failures.push({ index: i, error: r.error, deterministic: r.deterministic });
    }
  }
  const outcome: PackedOutcome = { summaries: encodeSummaries(summaries), fingerprints, failures, ms };
  return transferring(outcome, [outcome.summaries.buffer]);
}
