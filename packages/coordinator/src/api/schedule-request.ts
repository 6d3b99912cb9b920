// `schedule.add` requests, checked as the CLI checks them before anything is stored.
import { McxError, McxErrorCode, ResultDocumentSchema } from "@mcx/core";
import { cronProblem, type ScheduleAddRequest } from "@mcx/protocol";
import type { z } from "zod";
import type { ScheduleInput } from "../schedules/schedule-record.ts";
import type { ApiBackend } from "./backend.ts";
import { planSpec } from "./submit-spec.ts";

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
