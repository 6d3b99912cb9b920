import {
  keysAt,
  listSimulations,
  McxErrorCode,
  type Simulation,
  SpecError,
  specErrorFromZod,
  type TrialKernel,
} from "@mcx/core/sdk";
import type { z } from "zod";
import { createTrialAdapter, guardKernel, type MetricLayout, type TrialFunction } from "./adapter.ts";
import { type Definition, DefinitionSchema, METRIC_NAME } from "./definition-schema.ts";
import { markSimulation } from "./registry.ts";
import type { MetricSpec, ModelSpec, SimulationDefinition } from "./types.ts";

function invalid(path: string, message: string): SpecError {
  return new SpecError(McxErrorCode.SIMULATION_INVALID, path, message, {
    hint: "see docs/simulations.md for what defineSimulation takes",
  });
}

function parseDefinition(raw: unknown): Definition {
  const parsed = DefinitionSchema.safeParse(raw);
  if (!parsed.success) {
    const e = specErrorFromZod(parsed.error, raw, "simulation", (p) => keysAt(DefinitionSchema, p));
    throw invalid(e.path, e.message);
  }
  const d = parsed.data;
  if (d.trial === undefined && d.createKernel === undefined) {
    throw invalid("simulation.trial", "simulation.trial must be a function (got nothing); or give createKernel");
  }
  if (d.trial !== undefined && d.createKernel !== undefined) {
    throw invalid("simulation.createKernel", "simulation.createKernel must not be given with trial (got both)");
  }
  const badMetric = Object.keys(d.metrics).find((m) => !METRIC_NAME.test(m));
  if (badMetric !== undefined) {
    throw invalid(
      "simulation.metrics",
      `simulation.metrics must name each metric by a letter, then letters, digits or '_' (got "${badMetric}")`,
    );
  }
  const builtIn = listSimulations().map((s) => s.name);
  if (builtIn.includes(d.name)) {
    throw invalid(
      "simulation.name",
      `simulation.name must not be the name of a built-in simulation (${builtIn.join(", ")}) (got "${d.name}")`,
    );
  }
  return d;
}

// `z.object` strips unknown keys; a typo in a spec's params must be an error instead (as for the built-ins).
function strictParams(schema: z.ZodObject): z.ZodObject {
  const def = schema._zod.def as { catchall?: unknown };
  return def.catchall === undefined ? schema.strict() : schema;
}

function checkKernel(kernel: unknown, name: string): TrialKernel {
  const k = kernel as Partial<TrialKernel> | null;
  if (typeof k !== "object" || k === null || typeof k.runTrial !== "function" || typeof k.events !== "number") {
    throw invalid(
      "simulation.createKernel",
      `simulation.createKernel of ${name} must return a TrialKernel, an object with runTrial(address, out) and a numeric events count`,
    );
  }
  return k as TrialKernel;
}

/**
 * Makes a user simulation: checks the definition and returns the `Simulation` the engine runs, exactly like a
 * built-in. A `trial` function is adapted to core's typed-array `TrialKernel` (the trial's rng restarts for every
 * model: common random numbers); a `createKernel` kernel is used as it is. Either way the determinism guard is
 * in place while a trial runs. Every model produces every metric; continuous metrics are compared between models.
 *
 * @throws SpecError MCX_SIMULATION_INVALID naming the offending key (`simulation.metrics.wait.kind …`)
 * @example
 * export default defineSimulation({
 *   name: "coin", params: z.object({ p: z.number().min(0).max(1).default(0.5) }),
 *   models: ["plain"], metrics: { heads: { kind: "proportion" } },
 *   trial: ({ rng, params }) => ({ heads: rng.bernoulli(params.p) }),
 * }); // a Simulation named "coin"
 */
export function defineSimulation<
  const TSchema extends z.ZodObject,
  const TModels extends readonly ModelSpec[],
  const TMetrics extends Record<string, MetricSpec>,
>(definition: SimulationDefinition<TSchema, TModels, TMetrics>): Simulation<z.output<TSchema>> {
  const d = parseDefinition(definition);
  const names = Object.keys(d.metrics);
  const layout: MetricLayout = { names, proportion: names.map((m) => d.metrics[m]!.kind === "proportion") };
  const trial = d.trial as TrialFunction | undefined;
  const createKernel = d.createKernel as ((params: unknown, models: readonly string[]) => unknown) | undefined;
  const simulation: Simulation<z.output<TSchema>> = Object.freeze({
    name: d.name,
    description: d.description,
    params: strictParams(d.params) as unknown as z.ZodType<z.output<TSchema>>,
    models: d.models.map((m) => Object.freeze({ name: m.name, description: m.description, metrics: names })),
    metrics: names.map((m) => Object.freeze({ name: m, ...d.metrics[m]! })),
    comparisonMetrics: names.filter((_, i) => !layout.proportion[i]),
    createKernel(params: z.output<TSchema>, models: readonly string[]): TrialKernel {
      if (trial !== undefined) return createTrialAdapter(simulation, trial, params, models, layout);
      return guardKernel(simulation, checkKernel(createKernel!(params, models), d.name), models);
    },
  });
  markSimulation(simulation);
  return simulation;
}
