export { didYouMean } from "./did-you-mean.ts";
export { specToYaml } from "./format-text.ts";
export { SpecLimits } from "./limits.ts";
export { locateSpecPath, parseSpecText } from "./parse-text.ts";
export type { ResolvedPoint, ResolvedSpec } from "./resolve.ts";
export { resolveSpec } from "./resolve.ts";
export { ExperimentSpec, StopRule, Sweep, SweepDimension } from "./schema.ts";
export { countSweepPoints, expandSweep } from "./sweep.ts";
