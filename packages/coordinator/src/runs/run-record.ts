// How a run's record (KV `mcx-runs`) changes over its life: created at submit, updated with progress, and closed
// with a result or an error. Pure: every function returns a new record.
import { type McxError, McxErrorCode, type ResultDocument, type RunPlan } from "@mcx/core";
import { type RunAlarm, type RunRecord, type RunRegression, toErrorData } from "@mcx/protocol";
import { type DriveProgress, ShardFailedError } from "@mcx/runner";

/**
 * The first record of a planned run (status `running`, nothing merged yet).
 * @example newRunRecord(plan, { submittedAt: "2026-01-01T00:00:00.000Z" }).shardsPlanned // → plan.shardCount
 */
export function newRunRecord(
  plan: RunPlan,
  options: { readonly submittedAt: string; readonly scheduledBy?: string | undefined },
): RunRecord {
  const { spec } = plan;
  return {
    runId: plan.runId,
    name: spec.name,
    simulation: spec.simulation,
    specHash: spec.specHash,
    status: "running",
    submittedAt: options.submittedAt,
    points: spec.points.length,
    shardTrials: plan.shardTrials,
    shardsPlanned: plan.shardCount,
    shardsDone: 0,
    trialsPlanned: spec.maxTrials * spec.points.length,
    trialsDone: 0,
    duplicatesDropped: 0,
    // From the first record on, so the record keeps one shape while the run goes (older records may lack it).
    shardsRetried: 0,
    rejected: 0,
    cancelRequested: false,
    resumed: 0,
    alarms: [],
    ...(options.scheduledBy === undefined ? {} : { scheduledBy: options.scheduledBy }),
  };
}

/** The record with the driver's latest counters; `rejected` adds the messages the run's inbox turned away. */
export function withProgress(record: RunRecord, p: DriveProgress, inboxRejected: number): RunRecord {
  return {
    ...record,
    trialsDone: p.trialsDone,
    trialsPlanned: p.trialsPlanned,
    shardsDone: p.shardsDone,
    duplicatesDropped: p.duplicatesDropped,
    shardsRetried: p.shardsRetried,
    rejected: inboxRejected + p.rejected,
  };
}

/** The record of a run that ended with a result (completed, target_not_met or cancelled). */
export function finishedRecord(
  record: RunRecord,
  doc: ResultDocument,
  finishedAt: string,
  regression?: RunRegression,
): RunRecord {
  const shards = doc.run.shards;
  return {
    ...record,
    status: doc.status,
    digest: doc.digest,
    finishedAt,
    shardsDone: shards.completed,
    duplicatesDropped: shards.duplicatesDropped,
    shardsRetried: shards.retried,
    trialsDone: doc.points.reduce((n, p) => n + p.trials, 0),
    ...(regression === undefined ? {} : { regression }),
  };
}

/**
 * The record of a run that failed with `error`. A shard delivered twice with different statistics raises a
 * `shard_mismatch` alarm, a shard that failed for good a `dead_letter` alarm: both want a human.
 */
export function failedRecord(record: RunRecord, error: McxError, finishedAt: string): RunRecord {
  const alarms: RunAlarm[] = [...record.alarms];
  if (error.code === McxErrorCode.SHARD_MISMATCH) {
    alarms.push({ kind: "shard_mismatch", message: error.message, at: finishedAt });
  } else if (error instanceof ShardFailedError) {
    alarms.push({ kind: "dead_letter", message: error.message, shard: error.shard, at: finishedAt });
  }
  return { ...record, status: "failed", finishedAt, error: toErrorData(error), alarms };
}
