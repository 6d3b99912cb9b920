// `mcx retry RUN`: a run that failed because shards failed for good runs again from where it stopped, once the cause
// is fixed. Its stream was kept (a failed run is not purged), so what it merged is replayed, not recomputed; its
// failed jobs leave BullMQ's failed set so the shards can be enqueued again; the dead letters it had are marked as
// cleared (`deadLettersThrough`) so the replay does not fail it once more.
import { McxError, McxErrorCode } from "@mcx/core";
import type { RunRecord } from "@mcx/protocol";
import type { Queue } from "bullmq";

/** Failed job ids read per page. */
const PAGE = 1000;

/**
 * Why `record` cannot be retried, or undefined when it can: it must have failed, and because of its shards (a
 * `dead_letter` alarm), not a corruption alarm or a spec this build resolves differently.
 */
export function notRetryable(record: RunRecord, active: boolean): McxError | undefined {
  const why = (text: string) =>
    new McxError(McxErrorCode.NOT_RETRYABLE, `run ${record.runId} ${text}`, {
      hint: `\`mcx status ${record.runId}\` shows its state; submit the spec again for a fresh run`,
    });
  if (active || record.status === "running") return why("is running");
  if (record.status !== "failed") return why(`did not fail (status ${record.status})`);
  if (record.alarms.some((a) => a.kind === "shard_mismatch"))
    return why("has a shard mismatch alarm: a retry cannot fix it");
  if (!record.alarms.some((a) => a.kind === "dead_letter")) {
    return why(`failed for a reason retrying its shards cannot change: ${record.error?.message ?? "unknown"}`);
  }
  return undefined;
}

/** The record of a run starting again: running, its error cleared, its alarms kept as history. */
export function retriedRecord(record: RunRecord, deadLettersThrough: number): RunRecord {
  const { error: _error, finishedAt: _finishedAt, ...rest } = record;
  return { ...rest, status: "running", retried: (record.retried ?? 0) + 1, deadLettersThrough, cancelRequested: false };
}

/** Whether a job id is one of `runId`'s shards (`<runId>-<shard>`; run ids may contain '-'). */
export function isShardJobOf(jobId: string, runId: string): boolean {
  return jobId.startsWith(`${runId}-`) && /^\d+$/.test(jobId.slice(runId.length + 1));
}

/** Removes every job of `runId` from BullMQ's failed set; resolves with how many. */
export async function removeFailedJobs(queue: Queue, runId: string): Promise<number> {
  const ids: string[] = [];
  for (let start = 0; ; start += PAGE) {
    const page = await queue.getRanges(["failed"], start, start + PAGE - 1);
    ids.push(...page.filter((id) => isShardJobOf(id, runId)));
    if (page.length < PAGE) break;
  }
  const removed = await Promise.all(ids.map((id) => queue.remove(id).catch(() => 0)));
  return removed.filter((n) => n === 1).length;
}
