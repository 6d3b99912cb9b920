import { McxErrorCode, SpecError } from "../errors.ts";
import type { Simulation } from "../sim/types.ts";
import { sha256Of } from "../util/canonical-json.ts";
import { checkMetricNames, checkModels, checkRunSize, checkStopMetricsProduced } from "./checks.ts";
import { SpecLimits } from "./limits.ts";
import { type ResolvedSpec, specIdentity } from "./resolve.ts";

function invalid(path: string, message: string): never {
  throw new SpecError(McxErrorCode.SPEC_INVALID, path, message);
}

/**
 * Checks a spec that a client resolved against a user simulation, for a service that never runs user code (the
 * coordinator gets the spec resolved by `mcx submit`, with the simulation's shape): it names `simulation`, carries
 * a bundle, uses only its models and metrics, keeps within the limits `resolveSpec` enforces, numbers its points
 * 0, 1, … and its `specHash` is the hash of what it says. The parameters inside the points are the client's to
 * vouch for (it resolved them with the simulation's own schema); a worker running the bundle checks them again.
 * @throws SpecError MCX_SPEC_INVALID or MCX_SPEC_LIMIT naming the offending field
 * @example verifyResolvedSpec(spec, simulationFromShape(shape)) // → spec, when it is consistent
 */
export function verifyResolvedSpec(spec: ResolvedSpec, simulation: Simulation): ResolvedSpec {
  if (spec.simulation !== simulation.name) {
    invalid("spec.simulation", `spec.simulation must be ${simulation.name} (got "${spec.simulation}")`);
  }
  if (spec.bundle === undefined) invalid("spec.bundle", "spec.bundle must name the simulation's bundle (got nothing)");
  checkModels(simulation, spec.models);
  if (spec.models.length === 0) invalid("spec.models", "spec.models must name at least one model (got none)");
  if (spec.stop) {
    checkMetricNames(simulation, spec.stop.metrics, "spec.stop.metrics", false);
    checkStopMetricsProduced(simulation, spec.models, spec.stop.metrics);
  }
  for (const metric of Object.keys(spec.thresholds)) checkMetricNames(simulation, [metric], "spec.thresholds", true);
  if (spec.blockTrials > SpecLimits.maxBlockTrials) {
    throw new SpecError(
      McxErrorCode.SPEC_LIMIT,
      "spec.blockTrials",
      `spec.blockTrials must be at most ${SpecLimits.maxBlockTrials} (got ${spec.blockTrials}) (limit maxBlockTrials)`,
    );
  }
  if (spec.maxTrials > SpecLimits.maxTrialsPerPoint || (spec.stop && spec.maxTrials > spec.stop.maxTrials)) {
    invalid("spec.maxTrials", `spec.maxTrials must be within the trials of a point (got ${spec.maxTrials})`);
  }
  if (spec.points.length === 0) invalid("spec.points", "spec.points must hold at least one point (got none)");
  checkRunSize(spec.points.length, spec.maxTrials, spec.stop);
  spec.points.forEach((p, i) => {
    if (p.index !== i) invalid(`spec.points[${i}].index`, `spec.points[${i}].index must be ${i} (got ${p.index})`);
  });
  const hash = sha256Of(specIdentity(spec));
  if (hash !== spec.specHash) {
    invalid("spec.specHash", `spec.specHash must be the hash of the spec it comes with (got ${spec.specHash})`);
  }
  return spec;
}
