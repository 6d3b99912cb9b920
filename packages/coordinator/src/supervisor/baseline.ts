// The comparison of a scheduled run's result with its schedule's baseline, read when the run starts (a run keeps
// the baseline of its tick even if the schedule changes later).
import { McxError, McxErrorCode, type ResultDocument, ResultDocumentSchema } from "@mcx/core";
import type { RunRecord, RunRegression } from "@mcx/protocol";
import { assessRegression } from "../runs/regression.ts";
import type { ScheduleStore } from "../store/schedule-store.ts";

/** Judges a finished result; undefined when the run's schedule has no baseline. */
export type Assessor = (doc: ResultDocument) => Promise<RunRegression | undefined>;

/**
 * The assessor of a run, or undefined for a run no schedule submitted. The baseline is read now; a failure to read it
 * surfaces (and is logged by the run) when the run finishes.
 */
export function assessorFor(schedules: ScheduleStore, record: RunRecord): Assessor | undefined {
  const name = record.scheduledBy;
  if (name === undefined) return undefined;
  const baseline = (async (): Promise<ResultDocument | undefined> => {
    const json = await schedules.getBaseline(name);
    if (json === undefined) return undefined;
    const parsed = ResultDocumentSchema.safeParse(JSON.parse(json));
    if (!parsed.success) throw new McxError(McxErrorCode.RESULT_INVALID, `the baseline of schedule ${name} is invalid`);
    return parsed.data;
  })();
  // Settled either way here, so an early failure is not an unhandled rejection.
  baseline.catch(() => undefined);
  return async (doc) => {
    const b = await baseline;
    return b === undefined ? undefined : assessRegression(b, doc);
  };
}
