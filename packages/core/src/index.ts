export { exitCodeOf, isMcxError, McxError, McxErrorCode, SpecError, toMcxError } from "./errors.ts";
export type { MetricDecl, MetricKind, ModelDecl, Simulation, TrialAddress, TrialKernel } from "./sim/types.ts";
