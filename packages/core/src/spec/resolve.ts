import type { z } from "zod";
import { McxErrorCode, SpecError } from "../errors.ts";
import { getSimulation } from "../sim/registry.ts";
import { keysAt, schemaAtPath } from "../sim/schema-shape.ts";
import type { Simulation } from "../sim/types.ts";
import { sha256Of } from "../util/canonical-json.ts";
import { didYouMeanSuffix } from "./did-you-mean.ts";
import { showValue, specErrorFromZod } from "./format-issue.ts";
import { SpecLimits } from "./limits.ts";
import { ExperimentSpec, type StopRule } from "./schema.ts";
import { countSweepPoints, expandSweep, setAtPath, sweepKeys } from "./sweep.ts";

/** One parameter point: every parameter resolved, defaults included. */
export interface ResolvedPoint {
  readonly index: number;
  readonly params: Readonly<Record<string, unknown>>;
}

/** A validated, expanded spec: everything a run needs, and nothing that depends on where it runs. */
export interface ResolvedSpec {
  readonly name: string;
  readonly simulation: string;
  readonly models: readonly string[];
  readonly seed: number;
  readonly confidence: number;
  /** Fixed trials per point, or the cap when `stop` is set (min of `trials` and `stop.maxTrials`). */
  readonly maxTrials: number;
  readonly stop: StopRule | undefined;
  readonly blockTrials: number;
  readonly shardTrials: number | "auto";
  readonly thresholds: Readonly<Record<string, readonly number[]>>;
  readonly points: readonly ResolvedPoint[];
  /** sha256 over everything that determines the statistics (not shardTrials, which never changes them). */
  readonly specHash: string;
}

function fail(code: McxErrorCode, path: string, message: string): never {
  throw new SpecError(code, path, message);
}

function checkModels(sim: Simulation, models: readonly string[]): void {
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

function checkMetricNames(sim: Simulation, names: readonly string[], path: string, continuousOnly: boolean): void {
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

/** A stop metric that no selected model produces would make the target vacuous (met at once). */
function checkStopMetricsProduced(sim: Simulation, models: readonly string[], metrics: readonly string[]): void {
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

function checkSweepKeys(sim: Simulation, spec: ExperimentSpec): void {
  for (const { key, path } of sweepKeys(spec.sweep)) {
    if (schemaAtPath(sim.params, key) === undefined) {
      const segs = key.split(".");
      const parentKeys = keysAt(sim.params, segs.slice(0, -1));
      const known = parentKeys.map((k) => [...segs.slice(0, -1), k].join("."));
      fail(
        McxErrorCode.SPEC_INVALID,
        path,
        `${path} is not a parameter of ${sim.name}${didYouMeanSuffix(key, known)} (see \`mcx models ${sim.name}\`)`,
      );
    }
  }
}

function resolvePointParams(
  sim: Simulation,
  base: Record<string, unknown>,
  overrides: Record<string, unknown>,
  index: number,
  swept: boolean,
): Record<string, unknown> {
  let raw = base;
  for (const [k, v] of Object.entries(overrides)) raw = setAtPath(raw, k, v);
  const parsed = sim.params.safeParse(raw);
  if (!parsed.success) {
    const suffix = swept ? ` at sweep point ${index} ${showValue(overrides)}` : "";
    throw specErrorFromZod(parsed.error as z.ZodError, raw, "spec.params", (p) => keysAt(sim.params, p), suffix);
  }
  return parsed.data as Record<string, unknown>;
}

function withoutDefaultMethod(stop: StopRule): Omit<StopRule, "method"> | StopRule {
  if (stop.method !== "fixed-n") return stop;
  const { method: _default, ...rest } = stop;
  return rest;
}

/**
 * Validates a raw spec (from YAML/JSON) and expands it into points. Nothing about the run is started here.
 * @throws SpecError with `path` and a one-line message `<path> must be <constraint> (got <value>)`
 */
export function resolveSpec(raw: unknown): ResolvedSpec {
  const parsed = ExperimentSpec.safeParse(raw);
  if (!parsed.success) {
    throw specErrorFromZod(parsed.error as z.ZodError, raw, "spec", (p) => keysAt(ExperimentSpec, p));
  }
  const spec = parsed.data;
  const sim = getSimulation(spec.simulation);
  const models = spec.models ?? sim.models.map((m) => m.name);
  checkModels(sim, models);
  if (spec.stop) {
    checkMetricNames(sim, spec.stop.metrics, "spec.stop.metrics", false);
    checkStopMetricsProduced(sim, models, spec.stop.metrics);
  }
  for (const metric of Object.keys(spec.thresholds)) checkMetricNames(sim, [metric], "spec.thresholds", true);
  checkSweepKeys(sim, spec);

  const nPoints = countSweepPoints(spec.sweep);
  if (nPoints > SpecLimits.maxPoints) {
    fail(
      McxErrorCode.SPEC_LIMIT,
      "spec.sweep",
      `spec.sweep must expand to at most ${SpecLimits.maxPoints} points (got ${nPoints}) (limit maxPoints)`,
    );
  }
  const maxTrials = spec.stop ? Math.min(spec.trials ?? Number.POSITIVE_INFINITY, spec.stop.maxTrials) : spec.trials!;
  if (spec.stop && spec.stop.minTrials > maxTrials) {
    fail(
      McxErrorCode.SPEC_INVALID,
      "spec.stop.minTrials",
      `spec.stop.minTrials must not exceed trials (got ${spec.stop.minTrials} > ${maxTrials})`,
    );
  }
  if (nPoints * maxTrials > SpecLimits.maxTotalTrials) {
    fail(
      McxErrorCode.SPEC_LIMIT,
      "spec.trials",
      `spec.trials × points must be at most ${SpecLimits.maxTotalTrials} (got ${maxTrials} × ${nPoints}) (limit maxTotalTrials)`,
    );
  }
  const swept = spec.sweep !== undefined;
  const points = expandSweep(spec.sweep, spec.seed).map((overrides, index) => ({
    index,
    params: resolvePointParams(sim, spec.params, overrides as Record<string, unknown>, index, swept),
  }));
  const identity = {
    name: spec.name,
    simulation: sim.name,
    models,
    seed: spec.seed,
    confidence: spec.confidence,
    maxTrials,
    // The default method is left out so that specs written before `stop.method` keep their hash.
    stop: spec.stop === undefined ? null : withoutDefaultMethod(spec.stop),
    blockTrials: spec.blockTrials,
    thresholds: spec.thresholds,
    points,
  };
  return {
    ...identity,
    stop: spec.stop,
    shardTrials: spec.shardTrials,
    specHash: sha256Of(identity),
  };
}
