// "@mcx/core/sdk": what @mcx/sdk builds user simulations from, and nothing else. A pool thread loads the SDK the
// first time it runs a user simulation, so this leaves out what only merging, results and specs need (the
// statistics libraries, YAML): importing the main entry cost a cold thread over a second, this a fraction.

export { McxError, McxErrorCode, SpecError } from "./errors.ts";
export { bernoulli, exponential, normal, poisson, uniformInt } from "./rng/distributions.ts";
export { seedStream } from "./rng/stream.ts";
export { Xoshiro128 } from "./rng/xoshiro.ts";
export { listSimulations } from "./sim/registry.ts";
export { keysAt } from "./sim/schema-shape.ts";
export type { Simulation, TrialAddress, TrialKernel } from "./sim/types.ts";
export { specErrorFromZod } from "./spec/format-issue.ts";
