import type { z } from "zod";
import { McxErrorCode, SpecError } from "../errors.ts";
import { getSimulation } from "../sim/registry.ts";
import { keysAt, schemaAtPath } from "../sim/schema-shape.ts";
import type { Simulation } from "../sim/types.ts";
import { sha256Of } from "../util/canonical-json.ts";
import { checkMetricNames, checkModels, checkRunSize, checkStopMetricsProduced } from "./checks.ts";
import { didYouMeanSuffix } from "./did-you-mean.ts";
import { showValue, specErrorFromZod } from "./format-issue.ts";
import { ExperimentSpec, type StopRule } from "./schema.ts";
import { countSweepPoints, expandSweep, type SweepShape, setAtPath, sweepKeys, sweepShape } from "./sweep.ts";

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
  /** The sweep's kind and swept keys (absent without a sweep); outside `specHash`, as `points` already fix the values. */
  readonly sweep?: SweepShape;
  /**
   * `sha256:<hex>` of the bundle of a user simulation: the code the statistics come from. Absent for the built-ins
   * (their code is this build's).
   */
  readonly bundle?: string;
  /**
   * sha256 over everything that determines the statistics (not shardTrials, which never changes them): for a user
   * simulation that includes its bundle's hash.
   */
  readonly specHash: string;
  /** The spec as parsed, every default filled in: it resolves to this again (a result's `provenance.spec`). */
  readonly source: ExperimentSpec;
}

function fail(code: McxErrorCode, path: string, message: string): never {
  throw new SpecError(code, path, message);
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

/** Options of {@link resolveSpec}. */
export interface ResolveOptions {
  /**
   * The simulation to resolve against instead of the built-in named by `spec.simulation` (a user simulation
   * loaded from the module that `spec.simulation` names); the resolved spec then carries its name.
   */
  readonly simulation?: Simulation;
  /** The hash of `simulation`'s bundle (`sha256:<hex>`), recorded in the resolved spec and its `specHash`. */
  readonly bundle?: string;
}

/** What `specHash` is taken over: everything that determines the statistics, the bundle's hash when there is one. */
export function specIdentity(
  spec: Omit<ResolvedSpec, "specHash" | "shardTrials" | "source" | "sweep">,
): Record<string, unknown> {
  return {
    name: spec.name,
    simulation: spec.simulation,
    models: spec.models,
    seed: spec.seed,
    confidence: spec.confidence,
    maxTrials: spec.maxTrials,
    // The default method is left out so that specs written before `stop.method` keep their hash.
    stop: spec.stop === undefined ? null : withoutDefaultMethod(spec.stop),
    blockTrials: spec.blockTrials,
    thresholds: spec.thresholds,
    points: spec.points,
    // Only user simulations have one, so the built-ins' hashes (and every digest in the README) stay as they were.
    ...(spec.bundle === undefined ? {} : { bundle: spec.bundle }),
  };
}

/**
 * Validates a raw spec (from YAML/JSON) and expands it into points. Nothing about the run is started here.
 * @throws SpecError with `path` and a one-line message `<path> must be <constraint> (got <value>)`
 */
export function resolveSpec(raw: unknown, options: ResolveOptions = {}): ResolvedSpec {
  const parsed = ExperimentSpec.safeParse(raw);
  if (!parsed.success) {
    throw specErrorFromZod(parsed.error as z.ZodError, raw, "spec", (p) => keysAt(ExperimentSpec, p));
  }
  const spec = parsed.data;
  const sim = options.simulation ?? getSimulation(spec.simulation);
  const models = spec.models ?? sim.models.map((m) => m.name);
  checkModels(sim, models);
  if (spec.stop) {
    checkMetricNames(sim, spec.stop.metrics, "spec.stop.metrics", false);
    checkStopMetricsProduced(sim, models, spec.stop.metrics);
  }
  for (const metric of Object.keys(spec.thresholds)) checkMetricNames(sim, [metric], "spec.thresholds", true);
  checkSweepKeys(sim, spec);

  const nPoints = countSweepPoints(spec.sweep);
  const maxTrials = spec.stop ? Math.min(spec.trials ?? Number.POSITIVE_INFINITY, spec.stop.maxTrials) : spec.trials!;
  checkRunSize(nPoints, maxTrials, spec.stop);
  const swept = spec.sweep !== undefined;
  const points = expandSweep(spec.sweep, spec.seed).map((overrides, index) => ({
    index,
    params: resolvePointParams(sim, spec.params, overrides as Record<string, unknown>, index, swept),
  }));
  const resolved = {
    name: spec.name,
    simulation: sim.name,
    models,
    seed: spec.seed,
    confidence: spec.confidence,
    maxTrials,
    stop: spec.stop,
    blockTrials: spec.blockTrials,
    thresholds: spec.thresholds,
    points,
    ...(options.bundle === undefined ? {} : { bundle: options.bundle }),
  };
  const shape = sweepShape(spec.sweep);
  return {
    ...resolved,
    ...(shape === undefined ? {} : { sweep: shape }),
    shardTrials: spec.shardTrials,
    specHash: sha256Of(specIdentity(resolved)),
    source: spec,
  };
}
