// A run of a user simulation as the coordinator knows it: the spec `mcx submit` resolved, checked against the
// simulation's shape. The coordinator never loads the bundle (user code runs on workers only), so this is all it
// plans and merges by.
import {
  McxErrorCode,
  type ResolvedSpec,
  type Simulation,
  SpecError,
  simulationFromShape,
  verifyResolvedSpec,
} from "@mcx/core";
import type { UserSimulationRequest } from "@mcx/protocol";

/** The checked spec of a user simulation's run and the simulation (its shape) it merges by. */
export interface UserSpec {
  readonly spec: ResolvedSpec;
  readonly simulation: Simulation;
}

/**
 * Checks what a client sent for a user simulation: the shape is consistent, the spec keeps to it and to the limits,
 * names the uploaded bundle and hashes to its `specHash`.
 * @throws SpecError MCX_SPEC_INVALID / MCX_SPEC_LIMIT naming the field (`spec.models[2]`, `spec.specHash`, …)
 */
export function userSpecOf(user: UserSimulationRequest): UserSpec {
  const { summaryMetrics, ...shape } = user.shape;
  const simulation = simulationFromShape(summaryMetrics === undefined ? shape : { ...shape, summaryMetrics });
  if (user.spec.bundle !== user.bundle) {
    throw new SpecError(
      McxErrorCode.SPEC_INVALID,
      "spec.bundle",
      `spec.bundle must be the bundle sent with it (got ${user.spec.bundle}, not ${user.bundle})`,
    );
  }
  return { spec: verifyResolvedSpec(user.spec as ResolvedSpec, simulation), simulation };
}
