import { z } from "zod";

/**
 * Run ids are single NATS subject tokens, KV keys and BullMQ id parts: lowercase letters, digits and '-',
 * starting with a letter or digit, at most 64 characters.
 */
export const RUN_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Whether `s` is usable as a run id (see {@link RUN_ID_PATTERN}). */
export function isRunId(s: unknown): s is string {
  return typeof s === "string" && RUN_ID_PATTERN.test(s);
}

/**
 * Schedule names are single KV keys, object-name parts and BullMQ job-scheduler ids (BullMQ builds tick job ids
 * `repeat:<name>:<millis>`, so no ':'): lowercase letters, digits and '-', at most 48 characters.
 */
export const SCHEDULE_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,47}$/;

/** Whether `s` is usable as a schedule name (see {@link SCHEDULE_NAME_PATTERN}). */
export function isScheduleName(s: unknown): s is string {
  return typeof s === "string" && SCHEDULE_NAME_PATTERN.test(s);
}

/** A run id in a message or record. */
export const RunIdSchema = z.string().regex(RUN_ID_PATTERN, "must be a run id (lowercase letters, digits, '-')");

/** A schedule name in a message or record. */
export const ScheduleNameSchema = z
  .string()
  .regex(SCHEDULE_NAME_PATTERN, "must be a schedule name (lowercase letters, digits, '-'; at most 48)");
