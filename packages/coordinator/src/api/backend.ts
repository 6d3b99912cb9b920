import type { RunPlan } from "@mcx/core";
import type { ListReply, RunRecord, ScheduleRecord } from "@mcx/protocol";
import type { ScheduleInput } from "../schedules/schedule-record.ts";

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
