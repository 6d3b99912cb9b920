import type { TrialAddress, TrialKernel } from "@mcx/core/sdk";
import type { z } from "zod";
import type { Rng } from "./rng.ts";

/** A metric of a user simulation: `continuous` values are averaged, `proportion` values are yes/no. */
export interface MetricSpec {
  readonly kind: "continuous" | "proportion";
  /** Unit for display ("s", "count", …). @defaultValue "" */
  readonly unit?: string;
  /** @defaultValue "" */
  readonly description?: string;
  /** Which way is better, so a report can name the best model; leave it out when neither is (a count of events). */
  readonly better?: "lower" | "higher";
}

/** A model: its name, or its name and a description. */
export type ModelSpec = string | { readonly name: string; readonly description?: string };

/** The name of a model declared as a string or as `{ name }`. */
export type ModelName<T extends ModelSpec> = T extends string ? T : T extends { readonly name: infer N } ? N : never;

/** What a trial returns for one metric: a number, or for a proportion also a boolean (true counts as 1). */
export type MetricValue<T extends MetricSpec> = T["kind"] extends "proportion" ? boolean | 0 | 1 : number;

/** What a trial returns: every metric, by name. */
export type TrialResult<TMetrics extends Record<string, MetricSpec>> = {
  readonly [K in keyof TMetrics]: MetricValue<TMetrics[K]>;
};

/** What one trial of one model sees. */
export interface TrialContext<TParams, TModel extends string = string> {
  /** The trial's random numbers; restarted for every model of the trial (common random numbers). */
  readonly rng: Rng;
  /** The parameters of the point, validated by the `params` schema, defaults filled in; frozen. */
  readonly params: TParams;
  /** The model this call computes. */
  readonly model: TModel;
}

/**
 * The definition `defineSimulation` takes. Exactly one of `trial` and `createKernel` is given.
 * @typeParam TSchema the zod object schema of the parameters
 */
export interface SimulationDefinition<
  TSchema extends z.ZodType = z.ZodType,
  TModels extends readonly ModelSpec[] = readonly ModelSpec[],
  TMetrics extends Record<string, MetricSpec> = Record<string, MetricSpec>,
> {
  /** Letters, digits, '.', '_' or '-', starting with a letter; not the name of a built-in simulation. */
  readonly name: string;
  /** @defaultValue "" */
  readonly description?: string;
  /** `z.object({...})` of every parameter: the only home of the defaults. Unknown keys are errors. */
  readonly params: TSchema;
  /** At least one model; every model produces every metric. */
  readonly models: TModels;
  /** At least one metric, by name (a letter, then letters, digits or '_'). */
  readonly metrics: TMetrics;
  /** One trial of one model: return every metric. Must be synchronous and draw randomness only from `rng`. */
  readonly trial?: (context: TrialContext<z.output<TSchema>, ModelName<TModels[number]>>) => TrialResult<TMetrics>;
  /**
   * Instead of `trial`: core's typed-array kernel for speed. `runTrial(address, out)` writes
   * `out[slot * metrics + m]` for the model at `slot` of `models` and the metric at index m of `metrics` (in
   * declaration order). Seed a `createTrialRng()` with `seed(address)` before each model to get the numbers a
   * `trial` would see.
   */
  readonly createKernel?: (params: z.output<TSchema>, models: readonly ModelName<TModels[number]>[]) => TrialKernel;
}

export type { TrialAddress, TrialKernel };
