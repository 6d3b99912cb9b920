// What `mcx submit` sends for a user simulation: the coordinator never loads user code, so the CLI, which bundled
// and loaded it, uploads the bundle and sends the spec resolved against it with the simulation's shape.

import type { McxClient, UserSimulationRequest } from "@mcx/client";
import { type ResolvedSpec, shapeOf } from "@mcx/core";
import { measureSecondsPerTrial } from "@mcx/runner";
import type { PreparedSimulation } from "../simulation/index.ts";

/** Seconds this machine times a user simulation for, when the spec's shard size is `auto`. */
const PILOT_SECONDS = 0.1;

/**
 * Uploads the bundle (once: skipped when the cluster has it) and builds the request's `user` part. An `auto` shard
 * size is timed here, on one thread of this machine, since the coordinator cannot run the trials.
 */
export async function submitUserSimulation(
  client: McxClient,
  spec: ResolvedSpec,
  user: PreparedSimulation,
  options: { readonly shardTrials?: number | undefined; readonly note: (text: string) => void },
): Promise<UserSimulationRequest> {
  const upload = await client.uploadBundle(user.hash, Buffer.from(user.bundle.code, "utf8"));
  const size = `${(upload.bytes / 1024).toFixed(1)} KiB`;
  options.note(
    upload.uploaded
      ? `uploaded bundle ${user.hash} (${size}, ${user.bundle.module})`
      : `bundle ${user.hash} is in the cluster already (${size}, ${user.bundle.module})`,
  );
  const timed = spec.shardTrials === "auto" && options.shardTrials === undefined;
  const secondsPerTrial = timed
    ? measureSecondsPerTrial(spec, { simulation: user.simulation, budgetSeconds: PILOT_SECONDS })
    : undefined;
  const { shardTrials, ...resolved } = spec;
  return {
    bundle: user.hash,
    shape: shapeOf(user.simulation) as UserSimulationRequest["shape"],
    spec: { ...resolved, shardTrials, bundle: user.hash } as UserSimulationRequest["spec"],
    ...(secondsPerTrial === undefined ? {} : { secondsPerTrial }),
  };
}
