import {
  isMcxError,
  McxError,
  McxErrorCode,
  parseSpecText,
  ResultDocumentSchema,
  type RunPlan,
  resolveSpec,
} from "@mcx/core";
import {
  ApiVerb,
  cronProblem,
  type ErrorReply,
  isFinalStatus,
  type ListReply,
  ListRequest,
  type ResultsReply,
  ResultsRequest,
  type RunRecord,
  type RunReply,
  RunRequest,
  ScheduleAddRequest,
  type ScheduleListReply,
  ScheduleListRequest,
  ScheduleNameRequest,
  type ScheduleRecord,
  type ScheduleReply,
  type SubmitReply,
  SubmitRequest,
  toErrorData,
} from "@mcx/protocol";
import { sizeRun } from "@mcx/runner";
import type { z } from "zod";
import { newRunId } from "./run-id.ts";
import type { ScheduleInput } from "./scheduler.ts";

/** Characters of the result JSON per `results` reply (stays under NATS' default 1 MB payload in UTF-8). */
export const RESULT_CHUNK_CHARS = 200_000;

/** What the API handlers need from the coordinator. */
export interface ApiBackend {
  /**
   * Starts a validated, planned run (its id is `plan.runId`) and returns its first record; `scheduledBy` names the
   * schedule that submitted it.
   */
  submit(
    plan: RunPlan,
    text: string,
    fileName: string,
    options?: { readonly scheduledBy?: string },
  ): Promise<RunRecord>;
  getRecord(runId: string): Promise<RunRecord | undefined>;
  listRecords(): Promise<RunRecord[]>;
  cancel(runId: string): Promise<RunRecord | undefined>;
  getResult(runId: string): Promise<string | undefined>;
  listing(): Omit<ListReply, "ok" | "runs">;
  /** Pool threads of the live workers, for sizing `shardTrials: auto`. */
  threads(): number;
  /** Stores a validated schedule and registers its job scheduler. */
  scheduleAdd(input: ScheduleInput): Promise<ScheduleRecord>;
  scheduleList(): Promise<ScheduleRecord[]>;
  /** @throws McxError MCX_SCHEDULE_NOT_FOUND */
  scheduleRemove(name: string): Promise<ScheduleRecord>;
}

type Reply = SubmitReply | RunReply | ListReply | ResultsReply | ScheduleReply | ScheduleListReply | ErrorReply;

function errorReply(e: unknown): ErrorReply {
  return { ok: false, error: toErrorData(e) };
}

function parseRequest<T extends z.ZodType>(schema: T, body: unknown, verb: string): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new McxError(
      McxErrorCode.MESSAGE_INVALID,
      `${verb} request ${issue?.path.join(".") || "body"} ${issue?.message ?? "is malformed"}`,
    );
  }
  return parsed.data;
}

function notFound(runId: string): McxError {
  return new McxError(McxErrorCode.RUN_NOT_FOUND, `run ${runId} does not exist`, {
    hint: "list runs with `mcx status`",
  });
}

/** Seconds of the pilot that sizes a `shardTrials: auto` run on the coordinator's thread. */
const PILOT_SECONDS = 0.1;

/**
 * Parses, resolves, sizes and plans a spec as `submit` does, without starting anything: the run's one planning.
 * Planning throws SpecError for a run that would need too many shards, so that fails here, before anything starts.
 */
function planSpec(backend: ApiBackend, text: string, fileName: string, requested: number | undefined): RunPlan {
  const spec = resolveSpec(parseSpecText(text, fileName));
  return sizeRun(spec, {
    runId: newRunId(spec.name),
    // Workers seen so far; at least 2, so that a first run on an empty cluster is not cut for one thread.
    threads: Math.max(2, backend.threads()),
    pilotSeconds: PILOT_SECONDS,
    ...(requested === undefined ? {} : { shardTrials: requested }),
  }).plan;
}

/**
 * Validates a spec text and starts it as a run: the one path of `submit` requests and of schedule ticks.
 * @throws SpecError for a bad spec (nothing is started), McxError from the backend
 */
export async function submitSpec(
  backend: ApiBackend,
  text: string,
  fileName: string,
  options: { readonly shardTrials?: number | undefined; readonly scheduledBy?: string | undefined } = {},
): Promise<SubmitReply> {
  const plan = planSpec(backend, text, fileName, options.shardTrials);
  const record = await backend.submit(
    plan,
    text,
    fileName,
    options.scheduledBy === undefined ? undefined : { scheduledBy: options.scheduledBy },
  );
  return {
    ok: true,
    runId: record.runId,
    points: plan.spec.points.length,
    trialsPlanned: record.trialsPlanned,
    shards: plan.shardCount,
    shardTrials: plan.shardTrials,
  };
}

/**
 * Validates a `schedule.add` request the way the CLI does: the trigger, the spec (as `submit` would), and the
 * baseline (an `mcx-result/1` document of the spec's simulation).
 * @throws McxError MCX_FLAG_INVALID (trigger), SpecError (spec), McxError MCX_RESULT_INVALID (baseline)
 */
export function prepareSchedule(backend: ApiBackend, body: z.infer<typeof ScheduleAddRequest>): ScheduleInput {
  if (body.cron !== undefined) {
    const problem = cronProblem(body.cron, body.tz);
    if (problem !== undefined) {
      throw new McxError(
        McxErrorCode.FLAG_INVALID,
        `cron must be a cron expression: ${problem} (got ${JSON.stringify(body.cron)})`,
        { hint: 'five fields, minute hour day-of-month month day-of-week, e.g. "0 3 * * *" for 03:00 every day' },
      );
    }
  }
  const { spec } = planSpec(backend, body.spec, body.fileName, undefined);
  let baseline: ScheduleInput["baseline"];
  if (body.baseline !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(body.baseline);
    } catch {
      throw new McxError(McxErrorCode.RESULT_INVALID, "the baseline is not JSON");
    }
    const parsed = ResultDocumentSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new McxError(
        McxErrorCode.RESULT_INVALID,
        `the baseline is not an mcx-result/1 document: ${issue?.path.join(".") || "document"} ${issue?.message ?? "is malformed"}`,
      );
    }
    if (parsed.data.simulation !== spec.simulation) {
      throw new McxError(
        McxErrorCode.RESULT_INVALID,
        `the baseline is a result of simulation ${parsed.data.simulation}, the spec runs ${spec.simulation}`,
      );
    }
    baseline = { json: body.baseline, digest: parsed.data.digest };
  }
  return {
    name: body.name,
    cron: body.cron,
    tz: body.tz,
    everySeconds: body.everySeconds,
    fileName: body.fileName,
    text: body.spec,
    spec,
    baseline,
    replace: body.replace,
  };
}

/**
 * Handles one API request. Never throws: every failure becomes `{ ok: false, error }`. `malformed` is true when
 * the request itself was invalid (not JSON, wrong shape), which the coordinator counts.
 */
export async function handleRequest(
  backend: ApiBackend,
  verb: string,
  raw: string,
): Promise<{ reply: Reply; malformed: boolean }> {
  let body: unknown;
  try {
    body = raw === "" ? {} : (JSON.parse(raw) as unknown);
  } catch {
    return {
      reply: errorReply(new McxError(McxErrorCode.MESSAGE_INVALID, `${verb} request is not JSON`)),
      malformed: true,
    };
  }
  try {
    return { reply: await dispatch(backend, verb, body), malformed: false };
  } catch (e) {
    return { reply: errorReply(e), malformed: isMcxError(e) && e.code === McxErrorCode.MESSAGE_INVALID };
  }
}

async function dispatch(backend: ApiBackend, verb: string, body: unknown): Promise<Reply> {
  switch (verb) {
    case ApiVerb.submit: {
      const req = parseRequest(SubmitRequest, body, verb);
      return submitSpec(backend, req.spec, req.fileName, { shardTrials: req.shardTrials });
    }
    case ApiVerb.status: {
      const { runId } = parseRequest(RunRequest, body, verb);
      const run = await backend.getRecord(runId);
      if (!run) throw notFound(runId);
      return { ok: true, run };
    }
    case ApiVerb.list: {
      const req = parseRequest(ListRequest, body, verb);
      const runs = (await backend.listRecords())
        .filter((r) => req.status === undefined || r.status === req.status)
        .sort((a, b) => (a.submittedAt < b.submittedAt ? 1 : a.submittedAt > b.submittedAt ? -1 : 0))
        .slice(0, req.limit);
      return { ok: true, runs, ...backend.listing() };
    }
    case ApiVerb.cancel: {
      const { runId } = parseRequest(RunRequest, body, verb);
      const run = await backend.cancel(runId);
      if (!run) throw notFound(runId);
      return { ok: true, run };
    }
    case ApiVerb.results: {
      const req = parseRequest(ResultsRequest, body, verb);
      const run = await backend.getRecord(req.runId);
      if (!run) throw notFound(req.runId);
      if (run.status === "failed") {
        throw new McxError(
          McxErrorCode.RUN_NOT_FOUND,
          `run ${req.runId} failed and has no result: ${run.error?.message ?? "unknown error"}`,
        );
      }
      if (!isFinalStatus(run.status)) {
        throw new McxError(McxErrorCode.RUN_NOT_FOUND, `run ${req.runId} has no result yet (status ${run.status})`, {
          hint: `follow it with \`mcx watch ${req.runId}\``,
        });
      }
      const json = await backend.getResult(req.runId);
      if (json === undefined)
        throw new McxError(McxErrorCode.INTERNAL, `the result document of run ${req.runId} is missing`);
      const chunk = json.slice(req.offset, req.offset + RESULT_CHUNK_CHARS);
      return {
        ok: true,
        runId: req.runId,
        status: run.status,
        size: json.length,
        offset: req.offset,
        chunk,
        done: req.offset + chunk.length >= json.length,
      };
    }
    case ApiVerb.scheduleAdd: {
      const req = parseRequest(ScheduleAddRequest, body, verb);
      return { ok: true, schedule: await backend.scheduleAdd(prepareSchedule(backend, req)) };
    }
    case ApiVerb.scheduleList: {
      parseRequest(ScheduleListRequest, body, verb);
      return { ok: true, schedules: await backend.scheduleList() };
    }
    case ApiVerb.scheduleRemove: {
      const { name } = parseRequest(ScheduleNameRequest, body, verb);
      return { ok: true, schedule: await backend.scheduleRemove(name) };
    }
    default:
      throw new McxError(
        McxErrorCode.MESSAGE_INVALID,
        `unknown API verb "${verb}" (one of ${Object.values(ApiVerb).join(", ")})`,
      );
  }
}
