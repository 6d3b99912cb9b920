// "@mcx/runner/simulation": loading user simulations from their bundles (the CLI in its own thread, pool threads by
// hash) and the bounded bundle cache of workers. Apart from the main entry, so that what only runs built-ins
// (the coordinator) never loads the SDK.
export { BundleCache, type BundleCacheLimits, type BundleLease } from "./bundle-cache.ts";
export { bundleFileName, bundleHash, MAX_BUNDLE_BYTES } from "./bundle-hash.ts";
export { type LoadedSimulation, type LoadOptions, loadSimulationBundle } from "./load.ts";
