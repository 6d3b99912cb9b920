export { bundleSimulation, MODULE_EXTENSIONS, type SimulationBundle } from "./bundle.ts";
export { modulePathOf } from "./module-path.ts";
export { type PreparedSimulation, prepareSimulation } from "./prepare.ts";
export { bundleStoreDir, openBundleStore } from "./store-dir.ts";
