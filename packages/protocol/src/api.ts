// The wire format of the coordinator API: NATS request/reply on `mcx.api.<verb>`. The service validates every
// request with these schemas, the client every reply.
import { z } from "zod";
import { ErrorData } from "./error-codec.ts";
import { RunIdSchema as runId, ScheduleNameSchema as scheduleName } from "./ids.ts";
import { CoordinatorStats, RunRecord, RunStatus, ScheduleRecord, WorkerInfo } from "./records.ts";

export const SubmitRequest = z.strictObject({
  /** The spec as written (YAML or JSON text); parsed and validated by the coordinator. */
  spec: z.string().min(1),
  /** Where it came from, for error locations and JSON vs YAML. @defaultValue "spec.yaml" */
  fileName: z.string().min(1).max(500).default("spec.yaml"),
  /** Trials per shard; overrides the spec's `shardTrials` (never changes the result). */
  shardTrials: z.int().positive().optional(),
});
export type SubmitRequest = z.input<typeof SubmitRequest>;

export const RunRequest = z.strictObject({ runId });
export type RunRequest = z.infer<typeof RunRequest>;

export const ListRequest = z.strictObject({
  /** @defaultValue 50 */
  limit: z.int().positive().max(1000).default(50),
  status: RunStatus.optional(),
});
export type ListRequest = z.input<typeof ListRequest>;

export const ResultsRequest = z.strictObject({
  runId,
  /** Character offset into the result document's JSON text: results come in chunks. @defaultValue 0 */
  offset: z.int().nonnegative().default(0),
});
export type ResultsRequest = z.input<typeof ResultsRequest>;

export const ErrorReply = z.object({ ok: z.literal(false), error: ErrorData });
export type ErrorReply = z.infer<typeof ErrorReply>;

export const SubmitReply = z.object({
  ok: z.literal(true),
  runId,
  points: z.int(),
  trialsPlanned: z.number(),
  shards: z.int(),
  shardTrials: z.int(),
});
export type SubmitReply = z.infer<typeof SubmitReply>;

export const RunReply = z.object({ ok: z.literal(true), run: RunRecord });
export type RunReply = z.infer<typeof RunReply>;

export const ListReply = z.object({
  ok: z.literal(true),
  runs: z.array(RunRecord),
  workers: z.array(WorkerInfo),
  coordinator: CoordinatorStats,
});
export type ListReply = z.infer<typeof ListReply>;

export const ResultsReply = z.object({
  ok: z.literal(true),
  runId,
  status: RunStatus,
  /** Length of the whole JSON text in characters. */
  size: z.int(),
  offset: z.int(),
  chunk: z.string(),
  done: z.boolean(),
});
export type ResultsReply = z.infer<typeof ResultsReply>;

/** A schedule's trigger: a cron expression (optionally in a time zone) or a fixed interval. */
const scheduleTrigger = {
  /** Cron expression (5 fields, or 6 with seconds first; or @hourly, @daily, @weekly, @monthly, @yearly). */
  cron: z.string().min(1).max(200).optional(),
  /** IANA time zone of `cron`. @defaultValue the coordinator's local time zone */
  tz: z.string().min(1).max(100).optional(),
  /** Seconds between two ticks (instead of `cron`). */
  everySeconds: z
    .int()
    .positive()
    .max(366 * 24 * 3600)
    .optional(),
};

/** Largest baseline document `schedule.add` accepts (characters of JSON); NATS' payload limit is 8 MB in infra/. */
export const MAX_BASELINE_CHARS = 6_000_000;

export const ScheduleAddRequest = z
  .strictObject({
    name: scheduleName,
    ...scheduleTrigger,
    /** The spec as written (YAML or JSON text); validated like `submit`'s. */
    spec: z.string().min(1),
    /** @defaultValue "spec.yaml" */
    fileName: z.string().min(1).max(500).default("spec.yaml"),
    /** A result document (JSON text) each finished run is compared with. */
    baseline: z.string().min(1).max(MAX_BASELINE_CHARS).optional(),
    /** Replace an existing schedule of that name instead of failing. @defaultValue false */
    replace: z.boolean().default(false),
  })
  .refine((r) => (r.cron === undefined) !== (r.everySeconds === undefined), {
    path: ["cron"],
    message: "needs exactly one of cron and everySeconds",
  })
  .refine((r) => r.tz === undefined || r.cron !== undefined, { path: ["tz"], message: "applies to cron only" });
export type ScheduleAddRequest = z.input<typeof ScheduleAddRequest>;

export const ScheduleListRequest = z.strictObject({});

export const ScheduleNameRequest = z.strictObject({ name: scheduleName });
export type ScheduleNameRequest = z.infer<typeof ScheduleNameRequest>;

export const ScheduleReply = z.object({ ok: z.literal(true), schedule: ScheduleRecord });
export type ScheduleReply = z.infer<typeof ScheduleReply>;

export const ScheduleListReply = z.object({ ok: z.literal(true), schedules: z.array(ScheduleRecord) });
export type ScheduleListReply = z.infer<typeof ScheduleListReply>;
