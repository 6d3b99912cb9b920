// The wire format of `mcx extend RUN`: the coordinator continues a finished or cancelled run as a new run.
import { z } from "zod";
import { SubmitReply } from "./api.ts";
import { RunIdSchema as runId } from "./ids.ts";

const jsonObject = z.record(z.string(), z.unknown());

export const ExtendRequest = z
  .strictObject({
    /** The run to continue (completed, target_not_met or cancelled). */
    runId,
    /** Trials per point (an adaptive run's cap). */
    trials: z.int().positive().optional(),
    /** Stop-rule keys to change (a tighter relHalfWidth or absHalfWidth, a higher maxTrials). */
    stop: jsonObject.optional(),
    /** Points to add after the run's own, as `sweep.list` entries. */
    points: z.array(jsonObject).min(1).optional(),
    /** The whole extended spec (parsed) instead of trials, stop and points. */
    spec: jsonObject.optional(),
    /** Trials per shard of the new blocks (never changes the result). */
    shardTrials: z.int().positive().optional(),
  })
  .refine((r) => r.spec === undefined || (r.trials === undefined && r.stop === undefined && r.points === undefined), {
    path: ["spec"],
    message: "excludes trials, stop and points",
  });
export type ExtendRequest = z.input<typeof ExtendRequest>;

/** A started extension: the new run (as `submit` replies), what it continues, and the extended spec. */
export const ExtendReply = SubmitReply.extend({
  /** What the extended run held ("12,000 trials, completed"). */
  from: z.string(),
  /** The extended spec, every default filled in (stored as the new run's spec). */
  spec: jsonObject,
});
export type ExtendReply = z.infer<typeof ExtendReply>;
