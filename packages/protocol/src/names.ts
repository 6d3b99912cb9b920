/**
 * Names shared by the coordinator, the workers, the CLI client and `infra/` (nats.conf permissions, the Redis ACL):
 * the BullMQ queue, NATS subjects, JetStream stream/consumer names, KV and object-store buckets, and id formats.
 * Pure constants and string functions; `infra/` repeats the literal names and must change with this file.
 */
import { isRunId } from "./ids.ts";

export const Topology = {
  /** BullMQ key prefix; with `queue` the Redis keys are `bull:mcx-shards:*` (ACL pattern `~bull:mcx*`). */
  queuePrefix: "bull",
  /** BullMQ queue of shard jobs, one job per shard. */
  queue: "mcx-shards",
  /** Request/reply API of the coordinator: `mcx.api.<verb>`. */
  apiPrefix: "mcx.api",
  /**
   * Queue group of the API subscription. Only the active coordinator (the lease holder) serves the API, so the group
   * has one member; it keeps a request from being answered twice should a stopping coordinator's subscription
   * outlive its lease for a moment.
   */
  apiQueueGroup: "mcx-coordinator",
  /** Core-NATS progress messages of a run: `mcx.progress.<runId>`. */
  progressPrefix: "mcx.progress",
  /** Worker heartbeats: `mcx.worker.<workerId>`. */
  workerPrefix: "mcx.worker",
  /** JetStream stream holding shard outcomes (summaries and dead letters) of unfinished runs. */
  shardStream: "MCX_SHARDS",
  /** Subjects of `shardStream`: `mcx.shard.<runId>.summary` and `mcx.shard.<runId>.failed`. */
  shardSubjects: "mcx.shard.>",
  /** Durable pull consumer of the coordinator on `shardStream`. */
  coordinatorDurable: "mcx-coordinator",
  /** KV bucket of run records (status, counters, alarms), keyed by run id. */
  runsBucket: "mcx-runs",
  /**
   * Object store of specs, final result documents and their block stores: `spec/<runId>`, `result/<runId>`,
   * `blocks/<runId>`; and of each schedule's spec and baseline: `schedule/<name>/spec`, `schedule/<name>/baseline`.
   */
  objectBucket: "mcx-results",
  /**
   * Object store of user simulations' bundles, one object per bundle named `<hex>.mjs` (core's `bundleFileName`,
   * the file name in a bundle store too): `mcx submit` puts (the cli role), workers get (the worker role).
   */
  bundleBucket: "mcx-bundles",
  /** BullMQ queue of schedule ticks (job schedulers, one per schedule): Redis keys `bull:mcx-schedules:*`. */
  scheduleQueue: "mcx-schedules",
  /** KV bucket of schedules (trigger, counters, last run), keyed by schedule name. */
  schedulesBucket: "mcx-schedules",
  /**
   * Redis key of the coordinator lease: the id of the one active coordinator, with a TTL it keeps renewing; other
   * coordinators wait as standbys until it is gone.
   */
  coordinatorLeaseKey: "mcx:coordinator:lease",
} as const;

/** Verbs of the coordinator API. */
export const ApiVerb = {
  submit: "submit",
  status: "status",
  list: "list",
  cancel: "cancel",
  retry: "retry",
  results: "results",
  extend: "extend",
  scheduleAdd: "schedule.add",
  scheduleList: "schedule.list",
  scheduleRemove: "schedule.remove",
  /** Read-only views (see inspect-api.ts): BullMQ queue counts, dead letters, a schedule's baseline document. */
  queues: "queues",
  deadLetters: "dead-letters",
  scheduleBaseline: "schedule.baseline",
} as const;
export type ApiVerb = (typeof ApiVerb)[keyof typeof ApiVerb];

/** @example apiSubject("submit") // → "mcx.api.submit"; apiSubject("schedule.add") // → "mcx.api.schedule.add" */
export function apiSubject(verb: ApiVerb): string {
  return `${Topology.apiPrefix}.${verb}`;
}

/** @example progressSubject("r1") // → "mcx.progress.r1" */
export function progressSubject(runId: string): string {
  return `${Topology.progressPrefix}.${runId}`;
}

/** @example workerSubject("host-42") // → "mcx.worker.host-42" */
export function workerSubject(workerId: string): string {
  return `${Topology.workerPrefix}.${workerId}`;
}

/** Subject a worker publishes a shard summary on. @example summarySubject("r1") // → "mcx.shard.r1.summary" */
export function summarySubject(runId: string): string {
  return `mcx.shard.${runId}.summary`;
}

/** Subject of a shard's dead letter (failed for good). @example deadLetterSubject("r1") // → "mcx.shard.r1.failed" */
export function deadLetterSubject(runId: string): string {
  return `mcx.shard.${runId}.failed`;
}

/** Filter selecting every shard outcome of one run. @example runShardFilter("r1") // → "mcx.shard.r1.>" */
export function runShardFilter(runId: string): string {
  return `mcx.shard.${runId}.>`;
}

/**
 * Splits a `shardStream` subject into run id and kind; undefined for anything else.
 * @example parseShardSubject("mcx.shard.r1.summary") // → { runId: "r1", kind: "summary" }
 */
export function parseShardSubject(subject: string): { runId: string; kind: "summary" | "failed" } | undefined {
  const parts = subject.split(".");
  if (parts.length !== 4 || parts[0] !== "mcx" || parts[1] !== "shard") return undefined;
  const [, , runId, kind] = parts;
  if (!isRunId(runId) || (kind !== "summary" && kind !== "failed")) return undefined;
  return { runId, kind };
}

/**
 * JetStream message id of a shard outcome: the stream drops a second publish with the same id inside its duplicate
 * window. @example shardMsgId("r1", 7) // → "r1:7"
 */
export function shardMsgId(runId: string, shard: number): string {
  return `${runId}:${shard}`;
}

/**
 * Header of a shard summary on the stream: the attempt of its BullMQ job that produced it (`attemptsStarted`, 1 for
 * the first run; more after a failure, a stall or a worker lost mid-shard). The coordinator counts retried shards
 * from it, also when it rebuilds a run from the stream.
 */
export const SHARD_ATTEMPT_HEADER = "Mcx-Attempt";

/**
 * Header naming the encoding of a shard message's body. Absent: JSON text (dead letters, and summaries of workers
 * before the binary form); `SUMMARY_ENCODING_BINARY`: one summary as core's `encodeSummaries`, little-endian doubles
 * (`summaryBytes`). A coordinator rejects an encoding it does not know.
 */
export const SHARD_ENCODING_HEADER = "Mcx-Encoding";

/** The `SHARD_ENCODING_HEADER` value of a binary summary (version 1 of the layout in core's summary-codec.ts). */
export const SUMMARY_ENCODING_BINARY = "mcx-summary-f64le-1";

/**
 * Header of a shard summary on the stream: its `summaryFingerprint`, computed by the pool thread that made the
 * summary, so the coordinator does not compute it again. 16 lowercase hex digits (`FINGERPRINT_PATTERN`).
 */
export const SHARD_FINGERPRINT_HEADER = "Mcx-Fingerprint";

/** A summary fingerprint as a ledger and `SHARD_FINGERPRINT_HEADER` write it. */
export const FINGERPRINT_PATTERN = /^[0-9a-f]{16}$/;

/**
 * BullMQ job id of a shard: deterministic, so enqueueing a shard again is a no-op while the job exists. It uses '-'
 * because BullMQ 6 rejects custom ids containing one ':' ("Custom Id cannot contain :").
 * @example shardJobId("r1", 7) // → "r1-7"
 */
export function shardJobId(runId: string, shard: number): string {
  return `${runId}-${shard}`;
}

/**
 * JetStream message id of a shard's dead letter. `job` tells the shard's jobs apart (BullMQ's creation time), so the
 * failure of a shard put back by `mcx retry` is not dropped as a repeat of the one before.
 * @example deadLetterMsgId("r1", 7) // → "r1:7:failed"; deadLetterMsgId("r1", 7, 1700000000000) // → "r1:7:failed:1700000000000"
 */
export function deadLetterMsgId(runId: string, shard: number, job?: number): string {
  return job === undefined ? `${runId}:${shard}:failed` : `${runId}:${shard}:failed:${job}`;
}

/** Object-store name of a run's spec. @example specObjectName("r1") // → "spec/r1" */
export function specObjectName(runId: string): string {
  return `spec/${runId}`;
}

/** Object-store name of a run's result document. @example resultObjectName("r1") // → "result/r1" */
export function resultObjectName(runId: string): string {
  return `result/${runId}`;
}

/** Object-store name of a run's block store (what `mcx extend` continues from). @example blockStoreObjectName("r1") // → "blocks/r1" */
export function blockStoreObjectName(runId: string): string {
  return `blocks/${runId}`;
}

/** Object-store name of a schedule's spec. @example scheduleSpecObjectName("nightly") // → "schedule/nightly/spec" */
export function scheduleSpecObjectName(name: string): string {
  return `schedule/${name}/spec`;
}

/**
 * Object-store name of a schedule's baseline result document.
 * @example scheduleBaselineObjectName("nightly") // → "schedule/nightly/baseline"
 */
export function scheduleBaselineObjectName(name: string): string {
  return `schedule/${name}/baseline`;
}
