// What `mcx submit` sends with the spec of a user simulation. The coordinator never runs user code, so it cannot
// resolve such a spec against the simulation's schema: the CLI, which bundled and loaded the simulation, sends the
// spec resolved, the simulation's shape (models, metrics: enough to merge) and the hash of the bundle it uploaded;
// the coordinator checks them (`verifyResolvedSpec`) and plans from them. Workers run the bundle.
import { BundleHashSchema, ExperimentSpec, SpecLimits, StopRule } from "@mcx/core";
import { z } from "zod";

const name = z.string().min(1).max(200);
const text = z.string().max(10_000);
const names = z.array(name).max(1000);

/** A simulation's shape on the wire (core's `SimulationShape`). */
export const SimulationShapeWire = z.strictObject({
  name,
  description: text,
  models: z
    .array(z.strictObject({ name, description: text, metrics: names }))
    .min(1)
    .max(1000),
  metrics: z
    .array(
      z.strictObject({
        name,
        kind: z.enum(["continuous", "proportion"]),
        unit: z.string().max(100),
        description: text,
        better: z.enum(["lower", "higher"]).exactOptional(),
      }),
    )
    .min(1)
    .max(1000),
  comparisonMetrics: names,
  summaryMetrics: names.optional(),
});
export type SimulationShapeWire = z.infer<typeof SimulationShapeWire>;

/** A spec resolved by the client against a user simulation (core's `ResolvedSpec`, with its bundle). */
export const ResolvedSpecWire = z.strictObject({
  name,
  simulation: name,
  models: names.min(1),
  seed: z.int().min(0).max(0xffffffff),
  confidence: z.number().gt(0).lt(1),
  maxTrials: z.int().positive(),
  stop: StopRule.optional(),
  blockTrials: z.int().positive(),
  shardTrials: z.union([z.int().positive(), z.literal("auto")]),
  thresholds: z.record(z.string(), z.array(z.number())),
  points: z
    .array(z.strictObject({ index: z.int().nonnegative(), params: z.record(z.string(), z.unknown()) }))
    .min(1)
    .max(SpecLimits.maxPoints),
  bundle: BundleHashSchema,
  /** The sweep's kind and swept keys, for the report; outside the spec hash, which the points already fix. */
  sweep: z.strictObject({ kind: z.enum(["grid", "list", "random", "lhs"]), keys: names }).optional(),
  specHash: z.string().max(100),
  /** The spec as the client parsed it, defaults filled in: the result's `provenance.spec`. */
  source: ExperimentSpec,
});
export type ResolvedSpecWire = z.infer<typeof ResolvedSpecWire>;

/** A user simulation's part of a `submit` request (and of the run's stored spec, for resuming it). */
export const UserSimulationRequest = z.strictObject({
  /** The bundle, uploaded to the bundle store (`Topology.bundleBucket`) before the request. */
  bundle: BundleHashSchema,
  shape: SimulationShapeWire,
  spec: ResolvedSpecWire,
  /** Seconds of one thread per trial, timed by the client, for `shardTrials: auto` (the coordinator cannot time it). */
  secondsPerTrial: z.number().positive().optional(),
});
export type UserSimulationRequest = z.infer<typeof UserSimulationRequest>;
