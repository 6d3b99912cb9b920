// The dead letters of shard jobs: the shard queue's failed set (jobs that failed for good, kept 7 days), counted per
// run from their ids and listed a page at a time from the jobs themselves.
import {
  type DeadLetterEntry,
  type DeadLettersReply,
  type DeadLettersRequest,
  isRunId,
  MAX_DEAD_LETTERS_SCANNED,
  parseShardJob,
} from "@mcx/protocol";
import { Job, type Queue } from "bullmq";
import type { z } from "zod";

/** Runs listed in `byRun` at most. */
const MAX_RUNS = 50;
/** Characters of a failure's reason kept in a reply. */
const REASON_CHARS = 500;

/**
 * The run of a shard job id `<runId>-<shard>`: the text before its last '-', when the rest is a shard number (run ids
 * contain '-', shard numbers never do). Counting only: a job's run is read from its validated task when it is listed.
 * @example runOfJobId("nightly-3f2a-17") // → "nightly-3f2a"
 */
export function runOfJobId(jobId: string): string | undefined {
  const cut = jobId.lastIndexOf("-");
  if (cut <= 0 || !/^\d+$/.test(jobId.slice(cut + 1))) return undefined;
  const runId = jobId.slice(0, cut);
  return isRunId(runId) ? runId : undefined;
}

/** One failed job as a dead letter: run and shard from its task, the failure as BullMQ recorded it. */
export function deadLetterOf(
  job: Pick<Job, "id" | "data" | "attemptsMade" | "failedReason" | "finishedOn">,
): DeadLetterEntry {
  const parsed = parseShardJob(job);
  const reason = (job.failedReason ?? "").slice(0, REASON_CHARS);
  // Workers fail a shard with `<code>: <message>` (the worker's ShardJobError).
  const code = /^(MCX_[A-Z_]+): /.exec(reason)?.[1];
  return {
    jobId: String(job.id),
    ...(parsed.ok ? { runId: parsed.task.runId, shard: parsed.task.shard } : {}),
    attempts: job.attemptsMade,
    ...(code === undefined ? {} : { code }),
    reason,
    ...(job.finishedOn ? { failedAt: new Date(job.finishedOn).toISOString() } : {}),
  };
}

/** Dead letters of every run, or of one: the counts, and a page of them (the newest first). */
export async function deadLetters(
  queue: Queue,
  request: z.infer<typeof DeadLettersRequest>,
): Promise<Omit<DeadLettersReply, "ok">> {
  const [total, ids] = await Promise.all([
    queue.getFailedCount(),
    // Newest first (the failed set is ordered by when each job failed).
    queue.getRanges(["failed"], 0, MAX_DEAD_LETTERS_SCANNED - 1, false),
  ]);
  const perRun = new Map<string, number>();
  for (const id of ids) {
    const runId = runOfJobId(id);
    if (runId !== undefined) perRun.set(runId, (perRun.get(runId) ?? 0) + 1);
  }
  const selected = request.runId === undefined ? ids : ids.filter((id) => runOfJobId(id) === request.runId);
  const page = selected.slice(request.offset, request.offset + request.limit);
  // A job may be gone by now (retried, or removed with its age): it is left out.
  const jobs = await Promise.all(page.map((id) => Job.fromId(queue, id)));
  return {
    total,
    matching: request.runId === undefined ? total : selected.length,
    byRun: [...perRun]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, MAX_RUNS)
      .map(([runId, count]) => ({ runId, count })),
    truncated: total > ids.length,
    letters: jobs.filter((j) => j !== undefined).map(deadLetterOf),
  };
}
