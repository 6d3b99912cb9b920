export { bundleFileName, bundleHash, bundleSimulation, MODULE_EXTENSIONS, type SimulationBundle } from "./bundle.ts";
export { writeBundle } from "./bundle-store.ts";
export { type LoadedSimulation, type LoadOptions, loadSimulationBundle } from "./load.ts";
export { isModulePath, modulePathOf } from "./module-path.ts";
export { type PreparedSimulation, prepareSimulation } from "./prepare.ts";
export { defaultBundleStore } from "./store-dir.ts";
