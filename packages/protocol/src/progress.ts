// Progress of a run on `mcx.progress.<runId>`: what `mcx watch` and `submit --wait` follow.
import { z } from "zod";
import { ErrorData } from "./error-codec.ts";
import { RunIdSchema as runId } from "./ids.ts";
import { RunRegression, RunStatus } from "./records.ts";

/** One point's convergence line for `mcx watch`: estimate ± half-width per model and metric. */
export const ProgressSnapshot = z.object({
  /** The spec's stop rule, for adaptive runs (watchers show its metrics and targets). */
  stopRule: z
    .object({
      metrics: z.array(z.string()),
      relHalfWidth: z.number().optional(),
      absHalfWidth: z.number().optional(),
    })
    .optional(),
  points: z.array(
    z.object({
      index: z.int(),
      /** The swept parameters of the point, e.g. `rate=1000 nCpu=8` (absent when nothing is swept). */
      label: z.string().optional(),
      trials: z.number(),
      stop: z.string(),
      predictedTrials: z.number().nullable(),
      slots: z.array(
        z.object({
          model: z.string(),
          metric: z.string(),
          estimate: z.number().nullable(),
          halfWidth: z.number().nullable(),
        }),
      ),
    }),
  ),
});
export type ProgressSnapshot = z.infer<typeof ProgressSnapshot>;

/** Published on `mcx.progress.<runId>` as the run advances (throttled) and once when it ends. */
export const ProgressMessage = z.object({
  runId,
  status: RunStatus,
  trialsDone: z.number(),
  trialsPlanned: z.number(),
  shardsDone: z.int(),
  shardsPlanned: z.int(),
  duplicatesDropped: z.int(),
  rejected: z.int(),
  /** Merged shards whose summary came from a later attempt (see RunRecord). */
  shardsRetried: z.int().optional(),
  elapsedSeconds: z.number(),
  /** Present at most about once a second (it is O(points × slots)). */
  snapshot: ProgressSnapshot.optional(),
  digest: z.string().optional(),
  error: ErrorData.optional(),
  /** On the final message of a scheduled run with a baseline. */
  regression: RunRegression.optional(),
  at: z.string(),
});
export type ProgressMessage = z.infer<typeof ProgressMessage>;
