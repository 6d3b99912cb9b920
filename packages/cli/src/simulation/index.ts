export { bundleSimulation, type SimulationBundle } from "./bundle.ts";
export { MODULE_EXTENSIONS } from "./module-extensions.ts";
export { modulePathOf } from "./module-path.ts";
export { type PreparedSimulation, prepareSimulation } from "./prepare.ts";
export { bundleStoreDir } from "./store-dir.ts";
