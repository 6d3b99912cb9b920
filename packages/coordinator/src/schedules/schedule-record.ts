// What a schedule is: its stored record (KV `mcx-schedules`) built from a validated `schedule.add`, and the trigger
// BullMQ's job scheduler fires on. Pure.
import type { ResolvedSpec } from "@mcx/core";
import type { ScheduleRecord } from "@mcx/protocol";

/** What `schedule.add` stores, already validated (cron, spec, baseline). */
export interface ScheduleInput {
  readonly name: string;
  readonly cron?: string | undefined;
  readonly tz?: string | undefined;
  readonly everySeconds?: number | undefined;
  readonly fileName: string;
  readonly text: string;
  readonly spec: ResolvedSpec;
  /** The baseline's JSON text and digest. */
  readonly baseline?: { readonly json: string; readonly digest: string } | undefined;
  readonly replace: boolean;
}

/**
 * The BullMQ repeat options of a schedule: a cron pattern (in its time zone), or an interval in milliseconds.
 * @example triggerOf({ everySeconds: 60 }) // → { every: 60000 }
 */
export function triggerOf(
  s: Pick<ScheduleRecord, "cron" | "tz" | "everySeconds">,
): { pattern: string; tz?: string } | { every: number } {
  if (s.cron !== undefined) return { pattern: s.cron, ...(s.tz === undefined ? {} : { tz: s.tz }) };
  return { every: (s.everySeconds ?? 1) * 1000 };
}

/**
 * The record `schedule.add` stores: the request's trigger and spec facts, with the counters and history of the
 * schedule it replaces (when `existing`), and its creation time kept.
 */
export function scheduleRecordOf(
  input: ScheduleInput,
  existing: ScheduleRecord | undefined,
  now: string,
): ScheduleRecord {
  return {
    name: input.name,
    ...(input.cron === undefined ? {} : { cron: input.cron.trim() }),
    ...(input.tz === undefined ? {} : { tz: input.tz }),
    ...(input.everySeconds === undefined ? {} : { everySeconds: input.everySeconds }),
    fileName: input.fileName,
    specName: input.spec.name,
    simulation: input.spec.simulation,
    points: input.spec.points.length,
    specHash: input.spec.specHash,
    ...(input.baseline === undefined ? {} : { baselineDigest: input.baseline.digest }),
    createdAt: existing?.createdAt ?? now,
    runs: existing?.runs ?? 0,
    skipped: existing?.skipped ?? 0,
    ...(existing?.lastRunId === undefined ? {} : { lastRunId: existing.lastRunId }),
    ...(existing?.lastTickAt === undefined ? {} : { lastTickAt: existing.lastTickAt }),
  };
}
