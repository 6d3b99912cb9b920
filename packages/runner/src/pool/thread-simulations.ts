// The user simulations a pool thread runs, loaded once per bundle hash from the pool's bundle directory (the
// CLI's bundle store, or the worker's bundle cache, which has fetched and verified the file before the task came).
import { join } from "node:path";
import { workerData } from "node:worker_threads";
import { McxError, McxErrorCode, type Simulation } from "@mcx/core/shard";
import { bundleFileName } from "../simulation/bundle-hash.ts";

/** What a shard pool gives its threads (piscina's `workerData`). */
export interface PoolThreadData {
  /** Where the bundles of user simulations are, as `<hex>.mjs` files. */
  readonly bundleDir?: string;
}

// Node keeps an imported module for the thread's lifetime, so a bundle loaded once stays loaded: a promise per
// hash makes concurrent tasks of one bundle share one import, and a failed load is retried by the next task.
const loaded = new Map<string, Promise<Simulation>>();

async function load(hash: string): Promise<Simulation> {
  const dir = (workerData as PoolThreadData | undefined)?.bundleDir;
  if (dir === undefined) {
    throw new McxError(McxErrorCode.INTERNAL, `shard task names bundle ${hash}, but this pool has no bundle directory`);
  }
  // The loader (with the SDK and its zod) is imported only by threads that run a user simulation.
  const { loadSimulationBundle } = await import("../simulation/load.ts");
  return (await loadSimulationBundle(join(dir, bundleFileName(hash)), { expectedHash: hash })).simulation;
}

/**
 * The simulation in bundle `hash`, loaded in this thread (verified against its hash, SDK and zod installed first).
 * @throws as `loadSimulationBundle`: MCX_BUNDLE_MISMATCH, MCX_SIMULATION_INVALID, MCX_FILE_NOT_FOUND
 */
export function threadSimulation(hash: string): Promise<Simulation> {
  let p = loaded.get(hash);
  if (p === undefined) {
    p = load(hash);
    loaded.set(hash, p);
    p.catch(() => loaded.delete(hash));
  }
  return p;
}
