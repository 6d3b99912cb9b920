import { z } from "zod";
import { SpecLimits } from "./limits.ts";

const dotPath = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/, "must be a dot path like kpatch.retryInterval");

const scalar = z.union([z.number(), z.string(), z.boolean(), z.null()]);

/** A distribution of a `random` or `lhs` sweep dimension. */
export const SweepDimension = z.union([
  z.strictObject({
    uniform: z.tuple([z.number(), z.number()]).meta({ description: "[low, high)" }),
    int: z.boolean().default(false).meta({ description: "round down to an integer" }),
  }),
  z.strictObject({
    loguniform: z
      .tuple([z.number().positive(), z.number().positive()])
      .meta({ description: "[low, high), log-uniform" }),
    int: z.boolean().default(false),
  }),
  z.strictObject({ choice: z.array(scalar).min(1).meta({ description: "one of these values, equally likely" }) }),
]);
export type SweepDimension = z.infer<typeof SweepDimension>;

const sampledSweep = z.strictObject({
  n: z.int().positive().max(SpecLimits.maxSweepSamples).meta({ description: "number of points to draw" }),
  space: z.record(dotPath, SweepDimension).refine((s) => Object.keys(s).length > 0, "must name at least one parameter"),
});

export const Sweep = z
  .strictObject({
    grid: z
      .record(dotPath, z.array(scalar).min(1))
      .meta({ description: "cartesian product of the listed values, first key varies slowest" }),
    list: z
      .array(z.record(dotPath, scalar))
      .min(1)
      .meta({ description: "explicit points, each a map of dot paths to values" }),
    random: sampledSweep.meta({ description: "n points drawn independently (seeded by the spec seed)" }),
    lhs: sampledSweep.meta({ description: "n points by Latin hypercube sampling (seeded by the spec seed)" }),
  })
  .partial()
  .refine((s) => Object.keys(s).length === 1, {
    message: "must have exactly one of grid, list, random, lhs",
  });
export type Sweep = z.infer<typeof Sweep>;

export const StopRule = z
  .strictObject({
    metrics: z.array(z.string().min(1)).min(1).meta({ description: "metrics that must each meet the target" }),
    relHalfWidth: z
      .number()
      .positive()
      .max(1)
      .optional()
      .meta({ description: "target half-width relative to |estimate|" }),
    absHalfWidth: z.number().positive().optional().meta({ description: "target half-width in the metric's unit" }),
    minTrials: z.int().positive().default(1000).meta({ description: "never stop before this many trials" }),
    maxTrials: z
      .int()
      .positive()
      .max(SpecLimits.maxTrialsPerPoint)
      .default(1_000_000)
      .meta({ description: "stop here even if the target is not met (status target_not_met)" }),
    method: z.enum(["fixed-n", "sequential"]).default("fixed-n").meta({
      description:
        "fixed-n: stop when the fixed-n interval meets the target; sequential: on an anytime-valid confidence sequence, whose intervals keep their level at the stop",
    }),
  })
  .refine((s) => s.relHalfWidth !== undefined || s.absHalfWidth !== undefined, {
    message: "must set relHalfWidth or absHalfWidth",
  })
  .refine((s) => s.minTrials <= s.maxTrials, { path: ["minTrials"], message: "must not exceed stop.maxTrials" });
export type StopRule = z.infer<typeof StopRule>;

/**
 * An experiment spec, as written by a user (YAML or JSON). The only home of the defaults.
 * `params` is validated later against the chosen simulation's own schema.
 */
export const ExperimentSpec = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be letters, digits, '.', '_' or '-'")
      .meta({ description: "experiment name (required)" }),
    simulation: z.string().min(1).default("livepatch").meta({ description: "registered simulation" }),
    models: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .meta({ description: "models to run (default: all models of the simulation)" }),
    seed: z
      .int()
      .min(0)
      .max(0xffffffff)
      .default(0)
      .meta({ description: "uint32 seed; the result is a function of the spec alone" }),
    confidence: z.number().min(0.5).max(0.9999).default(0.95).meta({ description: "level of every reported interval" }),
    trials: z
      .int()
      .positive()
      .max(SpecLimits.maxTrialsPerPoint)
      .optional()
      .meta({ description: "trials per point; every model sees the same trials" }),
    stop: StopRule.optional().meta({ description: "adaptive stopping at fixed checkpoints" }),
    params: z
      .record(z.string(), z.unknown())
      .default({})
      .meta({ description: "the simulation's parameters (see `mcx models NAME`)" }),
    sweep: Sweep.optional().meta({ description: "parameter sweep; keys are dot paths into params" }),
    shardTrials: z
      .union([z.literal("auto"), z.int().positive().max(SpecLimits.maxTrialsPerPoint)])
      .default("auto")
      .meta({ description: "trials per shard; auto = sized from a short pilot; never changes the result" }),
    blockTrials: z
      .int()
      .positive()
      .max(SpecLimits.maxBlockTrials)
      .default(250)
      .meta({ description: "trials per accumulation block, the unit of deterministic merging" }),
    thresholds: z
      .record(z.string().min(1), z.array(z.number()).min(1).max(16))
      .default({})
      .meta({ description: "exceedance thresholds per continuous metric, e.g. { tDone: [15] } reports P(tDone > 15)" }),
  })
  .refine((s) => s.trials !== undefined || s.stop !== undefined, {
    path: ["trials"],
    message: "is required unless stop is given",
  });
export type ExperimentSpec = z.infer<typeof ExperimentSpec>;
