export { didYouMean } from "./did-you-mean.ts";
export { SpecLimits } from "./limits.ts";
export { isModulePath } from "./module-path.ts";
export { locateSpecPath, parseSpecText } from "./parse-text.ts";
export type { ResolvedPoint, ResolvedSpec, ResolveOptions } from "./resolve.ts";
export { resolveSpec, specIdentity } from "./resolve.ts";
export { ExperimentSpec, StopRule, Sweep, SweepDimension } from "./schema.ts";
export { countSweepPoints, expandSweep } from "./sweep.ts";
export { verifyResolvedSpec } from "./verify-resolved.ts";
