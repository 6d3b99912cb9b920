import { McxErrorCode, SpecError } from "../errors.ts";
import type { Simulation } from "../sim/types.ts";
import { didYouMeanSuffix } from "./did-you-mean.ts";
import { SpecLimits } from "./limits.ts";
import type { StopRule } from "./schema.ts";

// What a resolved spec must agree with (its simulation, the limits): the checks `resolveSpec` makes, and that the
// coordinator makes again on a spec a client resolved against a user simulation (verify-resolved.ts).

function fail(code: McxErrorCode, path: string, message: string): never {
  throw new SpecError(code, path, message);
}

/** Every model is one of the simulation's, none twice. @throws SpecError MCX_UNKNOWN_MODEL, MCX_SPEC_INVALID */
export function checkModels(sim: Simulation, models: readonly string[]): void {
  const known = sim.models.map((m) => m.name);
  models.forEach((m, i) => {
    if (!known.includes(m)) {
      fail(
        McxErrorCode.UNKNOWN_MODEL,
        `spec.models[${i}]`,
        `spec.models[${i}] must be one of ${known.join(", ")} (got "${m}")${didYouMeanSuffix(m, known)}`,
      );
    }
  });
  const dup = models.find((m, i) => models.indexOf(m) !== i);
  if (dup !== undefined)
    fail(McxErrorCode.SPEC_INVALID, "spec.models", `spec.models must not repeat a model (got "${dup}" twice)`);
}

/** Every name is a metric of the simulation (a continuous one when `continuousOnly`). @throws SpecError */
export function checkMetricNames(
  sim: Simulation,
  names: readonly string[],
  path: string,
  continuousOnly: boolean,
): void {
  const known = sim.metrics.filter((m) => !continuousOnly || m.kind === "continuous").map((m) => m.name);
  names.forEach((n) => {
    if (!known.includes(n)) {
      const what = continuousOnly ? "a continuous metric" : "a metric";
      fail(
        McxErrorCode.SPEC_INVALID,
        path,
        `${path} must name ${what} of ${sim.name} (got "${n}")${didYouMeanSuffix(n, known)}`,
      );
    }
  });
}

/**
 * The size limits of a run: points, trials over all points, and a stop rule's minTrials within the cap.
 * @throws SpecError MCX_SPEC_LIMIT naming the limit, MCX_SPEC_INVALID for minTrials above the cap
 */
export function checkRunSize(nPoints: number, maxTrials: number, stop: StopRule | undefined): void {
  if (nPoints > SpecLimits.maxPoints) {
    fail(
      McxErrorCode.SPEC_LIMIT,
      "spec.sweep",
      `spec.sweep must expand to at most ${SpecLimits.maxPoints} points (got ${nPoints}) (limit maxPoints)`,
    );
  }
  if (stop && stop.minTrials > maxTrials) {
    fail(
      McxErrorCode.SPEC_INVALID,
      "spec.stop.minTrials",
      `spec.stop.minTrials must not exceed trials (got ${stop.minTrials} > ${maxTrials})`,
    );
  }
  if (nPoints * maxTrials > SpecLimits.maxTotalTrials) {
    fail(
      McxErrorCode.SPEC_LIMIT,
      "spec.trials",
      `spec.trials × points must be at most ${SpecLimits.maxTotalTrials} (got ${maxTrials} × ${nPoints}) (limit maxTotalTrials)`,
    );
  }
}

/** A stop metric that no selected model produces would make the target vacuous (met at once). */
export function checkStopMetricsProduced(sim: Simulation, models: readonly string[], metrics: readonly string[]): void {
  metrics.forEach((metric, i) => {
    const producers = sim.models.filter((m) => models.includes(m.name) && m.metrics.includes(metric));
    if (producers.length === 0) {
      fail(
        McxErrorCode.SPEC_INVALID,
        `spec.stop.metrics[${i}]`,
        `spec.stop.metrics[${i}] must be a metric one of the models produces (got "${metric}", which ${models.join(", ")} do not produce)`,
      );
    }
  });
}
