// @mcx/sdk: what a user simulation imports. The bundler resolves `@mcx/sdk` (and `zod`) to the SDK of the mcx
// that runs the bundle, so `z` is the runtime's zod and trials draw from core's streams.
export type { Simulation } from "@mcx/core/sdk";
export { z } from "zod";
export { defineSimulation } from "./define.ts";
export type { KernelRng, Rng } from "./rng.ts";
export { createTrialRng, SUB_STREAM_KIND, TRIAL_STREAM_KIND } from "./rng.ts";
export type {
  MetricSpec,
  MetricValue,
  ModelName,
  ModelSpec,
  SimulationDefinition,
  TrialAddress,
  TrialContext,
  TrialKernel,
  TrialResult,
} from "./types.ts";
export { SDK_VERSION } from "./version.ts";
