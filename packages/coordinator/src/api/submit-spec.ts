// The one path from a spec text to a started run: `submit` requests and schedule ticks both take it.
import { parseSpecText, type RunPlan, resolveSpec } from "@mcx/core";
import type { RunRecord, SubmitReply } from "@mcx/protocol";
import { sizeRun } from "@mcx/runner";
import type { ApiBackend } from "./backend.ts";
import { newRunId } from "./run-id.ts";

/** Seconds of the pilot that sizes a `shardTrials: auto` run on the coordinator's thread. */
const PILOT_SECONDS = 0.1;

/**
 * Parses, resolves, sizes and plans a spec as `submit` does, without starting anything: the run's one planning.
 * Planning throws SpecError for a run that would need too many shards, so that fails here, before anything starts.
 */
export function planSpec(backend: ApiBackend, text: string, fileName: string, requested: number | undefined): RunPlan {
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
  return submitReply(plan, record);
}

/** The reply to a started run (`submit`, and `extend` with more fields): its id, points, trials and shards. */
export function submitReply(plan: RunPlan, record: RunRecord): SubmitReply {
  return {
    ok: true,
    runId: record.runId,
    points: plan.spec.points.length,
    trialsPlanned: record.trialsPlanned,
    shards: plan.shardCount,
    shardTrials: plan.shardTrials,
  };
}
