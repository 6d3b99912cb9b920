// The coordinator API's request handling: validates each request with the protocol's schemas, dispatches it to the
// backend (the coordinator's runs and schedules), and turns every failure into a structured error reply.
import { isMcxError, McxError, McxErrorCode } from "@mcx/core";
import {
  ApiVerb,
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
  type ScheduleReply,
  type SubmitReply,
  SubmitRequest,
  toErrorData,
} from "@mcx/protocol";
import type { z } from "zod";
import type { ApiBackend } from "./backend.ts";
import { prepareSchedule } from "./schedule-request.ts";
import { submitSpec } from "./submit-spec.ts";

/** Characters of the result JSON per `results` reply (stays under NATS' default 1 MB payload in UTF-8). */
export const RESULT_CHUNK_CHARS = 200_000;

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

/** The reply carrying a run's record. @throws McxError MCX_RUN_NOT_FOUND when there is none */
function runReply(runId: string, run: RunRecord | undefined): RunReply {
  if (!run) throw notFound(runId);
  return { ok: true, run };
}

/**
 * Handles one API request. Never throws: every failure becomes `{ ok: false, error }`. `malformed` is true when
 * the request itself was invalid (not JSON, wrong shape), which the coordinator counts.
 */
export async function handleRequest(
  backend: ApiBackend,
  verb: string,
  raw: string,
): Promise<{ reply: Reply; malformed: boolean; reason?: string }> {
  let body: unknown;
  try {
    body = raw === "" ? {} : (JSON.parse(raw) as unknown);
  } catch {
    return {
      reply: errorReply(new McxError(McxErrorCode.MESSAGE_INVALID, `${verb} request is not JSON`)),
      malformed: true,
      reason: "not JSON",
    };
  }
  try {
    return { reply: await dispatch(backend, verb, body), malformed: false };
  } catch (e) {
    if (!isMcxError(e) || e.code !== McxErrorCode.MESSAGE_INVALID) return { reply: errorReply(e), malformed: false };
    const reason = e.message.startsWith("unknown API verb") ? "unknown verb" : "invalid request";
    return { reply: errorReply(e), malformed: true, reason };
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
      return runReply(runId, await backend.getRecord(runId));
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
      return runReply(runId, await backend.cancel(runId));
    }
    case ApiVerb.retry: {
      const { runId } = parseRequest(RunRequest, body, verb);
      return { ok: true, run: await backend.retry(runId) };
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
