// A schedule's baseline result document, served for the dashboard's compare-with-baseline view.
import { McxError, McxErrorCode } from "@mcx/core";
import type { ScheduleStore } from "../store/schedule-store.ts";

/** The baseline's JSON text as stored. @throws McxError MCX_SCHEDULE_NOT_FOUND when there is no such schedule or it has no baseline */
export async function scheduleBaseline(store: ScheduleStore, name: string): Promise<string> {
  const record = await store.get(name);
  if (!record) {
    throw new McxError(McxErrorCode.SCHEDULE_NOT_FOUND, `schedule ${name} does not exist`, {
      hint: "list schedules with `mcx schedule list`",
    });
  }
  const json = record.baselineDigest === undefined ? undefined : await store.getBaseline(name);
  if (json === undefined) {
    throw new McxError(McxErrorCode.SCHEDULE_NOT_FOUND, `schedule ${name} has no baseline`, {
      hint: `replace the schedule with one that has a baseline: \`mcx schedule add ${name} … --baseline RESULT.json --replace\``,
    });
  }
  return json;
}
