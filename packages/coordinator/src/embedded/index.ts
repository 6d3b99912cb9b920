export { measureSecondsPerTrial, type PilotOptions } from "./pilot.ts";
export { type EmbeddedOptions, runEmbedded } from "./run-embedded.ts";
export { type RunSize, sizeRun } from "./size-run.ts";
