import type { Simulation } from "../types.ts";
import { createLivepatchKernel } from "./kernel.ts";
import { LIVEPATCH_COMPARISON_METRICS, LIVEPATCH_METRICS } from "./metrics.ts";
import { LIVEPATCH_MODELS } from "./models.ts";
import { type LivepatchParams, LivepatchParamsSchema } from "./params.ts";

/**
 * The `livepatch` simulation: five Linux kernel live-patching consistency models (immediate, kpatch, Ksplice,
 * kGraft, the upstream hybrid) on randomized kernel task workloads (docs/livepatch-models.md).
 */
export const livepatch: Simulation<LivepatchParams> = {
  name: "livepatch",
  description:
    "Linux kernel live-patching consistency models (immediate, kpatch, Ksplice, kGraft, upstream livepatch) on randomized task workloads: convergence time, unsafe switches, old/new mixing, disruption",
  params: LivepatchParamsSchema,
  models: LIVEPATCH_MODELS,
  metrics: LIVEPATCH_METRICS,
  comparisonMetrics: LIVEPATCH_COMPARISON_METRICS,
  // The debate's questions: how long, did it finish, how many unsafe switches, how long old and new ran side by side.
  summaryMetrics: ["tDone", "completed", "unsafeSwitches", "anyUnsafe", "mixedSystemSeconds"],
  createKernel: createLivepatchKernel,
};

export { createLivepatchKernel } from "./kernel.ts";
export { LIVEPATCH_COMPARISON_METRICS, LIVEPATCH_METRICS } from "./metrics.ts";
export { LIVEPATCH_MODELS } from "./models.ts";
export type { LivepatchParams, LivepatchParamsInput } from "./params.ts";
export { LivepatchParamsSchema } from "./params.ts";
