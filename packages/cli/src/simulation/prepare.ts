import { BundleCache, type LoadedSimulation, loadSimulationBundle } from "@mcx/runner/simulation";
import { bundleSimulation, type SimulationBundle } from "./bundle.ts";
import { bundleStoreDir } from "./store-dir.ts";

/** Bytes of bundles the CLI keeps (a bundle is 10–100 KB: thousands of versions of a module). */
export const STORE_BYTES = 256 * 1024 * 1024;

/** A module bundled, stored and loaded: what a run needs to plan (the simulation) and to ship (the bundle). */
export interface PreparedSimulation extends LoadedSimulation {
  readonly bundle: SimulationBundle;
  /** The bundle store the bundle is in, as `<hex>.mjs`: where pool threads load it from by its hash. */
  readonly bundleDir: string;
}

/**
 * Bundles `module`, puts the bundle into the bundle store (`storeDir`, default the CLI's) and loads it from there,
 * so this process runs exactly the bytes a pool thread or a worker loads. The bundle stays leased (never evicted)
 * for the rest of this process.
 * @throws as `bundleSimulation` and `loadSimulationBundle`
 */
export async function prepareSimulation(module: string, storeDir?: string): Promise<PreparedSimulation> {
  const bundle = await bundleSimulation(module);
  const store = await BundleCache.open(storeDir ?? bundleStoreDir(), { maxBytes: STORE_BYTES });
  const lease = await store.acquire(bundle.hash, async () => Buffer.from(bundle.code, "utf8"));
  const loaded = await loadSimulationBundle(lease.file, { expectedHash: bundle.hash, module });
  return { ...loaded, bundle, bundleDir: store.dir };
}
