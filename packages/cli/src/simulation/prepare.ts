import { bundleSimulation, type SimulationBundle } from "./bundle.ts";
import { writeBundle } from "./bundle-store.ts";
import { type LoadedSimulation, loadSimulationBundle } from "./load.ts";

/** A module bundled, stored and loaded: what a run needs to plan (the simulation) and to ship (the bundle). */
export interface PreparedSimulation extends LoadedSimulation {
  readonly bundle: SimulationBundle;
}

/**
 * Bundles `module`, writes the bundle into `storeDir` (content-addressed) and loads it from there, so this process
 * runs exactly the bytes a worker would fetch.
 * @throws as {@link bundleSimulation} and {@link loadSimulationBundle}
 */
export async function prepareSimulation(module: string, storeDir: string): Promise<PreparedSimulation> {
  const bundle = await bundleSimulation(module);
  const file = await writeBundle(storeDir, bundle);
  const loaded = await loadSimulationBundle(file, { expectedHash: bundle.hash, module });
  return { ...loaded, bundle };
}
