// The one path from a spec text to a started run: `submit` requests and schedule ticks both take it.
import { McxErrorCode, parseSpecText, type RunPlan, resolveSpec, SpecError } from "@mcx/core";
import type { RunRecord, SubmitReply, UserSimulationRequest } from "@mcx/protocol";
import { type SizeRunOptions, sizeRun } from "@mcx/runner";
import { userSpecOf } from "../runs/user-spec.ts";
import type { ApiBackend } from "./backend.ts";
import { newRunId } from "./run-id.ts";

/** Seconds of the pilot that sizes a `shardTrials: auto` run on the coordinator's thread. */
const PILOT_SECONDS = 0.1;

/** Options of {@link planSpec} and {@link submitSpec}. */
export interface SubmitOptions {
  /** Trials per shard; overrides the spec's `shardTrials`. */
  readonly shardTrials?: number | undefined;
  /** The schedule whose tick submits the spec. */
  readonly scheduledBy?: string | undefined;
  /** The spec's user simulation, as `mcx submit` resolved it (the text is then kept as written, not resolved). */
  readonly user?: UserSimulationRequest | undefined;
}

/**
 * Parses, resolves, sizes and plans a spec as `submit` does, without starting anything: the run's one planning.
 * Planning throws SpecError for a run that would need too many shards, so that fails here, before anything starts.
 * A user simulation's spec comes resolved (`options.user`): it is checked against the simulation's shape instead,
 * and an `auto` shard size follows the client's timing.
 */
export function planSpec(backend: ApiBackend, text: string, fileName: string, options: SubmitOptions = {}): RunPlan {
  const requested = options.shardTrials;
  const sizing: SizeRunOptions = {
    // Workers seen so far; at least 2, so that a first run on an empty cluster is not cut for one thread.
    threads: Math.max(2, backend.threads()),
    pilotSeconds: PILOT_SECONDS,
    ...(requested === undefined ? {} : { shardTrials: requested }),
  };
  if (options.user === undefined) {
    const spec = resolveSpec(parseSpecText(text, fileName));
    return sizeRun(spec, { ...sizing, runId: newRunId(spec.name) }).plan;
  }
  const { spec, simulation } = userSpecOf(options.user);
  const secondsPerTrial = options.user.secondsPerTrial;
  if (spec.shardTrials === "auto" && requested === undefined && secondsPerTrial === undefined) {
    throw new SpecError(
      McxErrorCode.SPEC_INVALID,
      "user.secondsPerTrial",
      "user.secondsPerTrial must be given for a spec with shardTrials: auto (the coordinator does not run user code)",
    );
  }
  return sizeRun(spec, {
    ...sizing,
    runId: newRunId(spec.name),
    simulation,
    ...(secondsPerTrial === undefined ? {} : { secondsPerTrial }),
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
  options: SubmitOptions = {},
): Promise<SubmitReply> {
  const plan = planSpec(backend, text, fileName, options);
  const record = await backend.submit(plan, text, fileName, {
    ...(options.scheduledBy === undefined ? {} : { scheduledBy: options.scheduledBy }),
    ...(options.user === undefined ? {} : { user: options.user }),
  });
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
