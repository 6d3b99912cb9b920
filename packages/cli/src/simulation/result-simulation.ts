import { McxError, McxErrorCode, type ResultDocument } from "@mcx/core";
import type { BundledSimulation } from "@mcx/runner";
import { BundleCache, loadSimulationBundle } from "@mcx/runner/simulation";
import { STORE_BYTES } from "./prepare.ts";
import { bundleStoreDir } from "./store-dir.ts";

/** A result's user simulation and the bundle store its pool threads load it from. */
export interface ResultSimulation extends BundledSimulation {
  readonly bundleDir: string;
}

/**
 * The user simulation a result ran, loaded from the bundle store by the hash its provenance names: the same bytes,
 * whatever its module has become since (undefined for a built-in). `mcx extend` and `mcx audit` run it again.
 * @throws McxError MCX_BUNDLE_UNAVAILABLE when the store does not hold that bundle, MCX_BUNDLE_MISMATCH when its
 *   bytes do not have its hash
 */
export async function resultSimulation(
  doc: ResultDocument,
  storeDir: string = bundleStoreDir(),
): Promise<ResultSimulation | undefined> {
  const bundle = doc.provenance?.simulation.bundle;
  if (bundle === undefined) return undefined;
  const store = await BundleCache.open(storeDir, { maxBytes: STORE_BYTES });
  const lease = await store.acquire(bundle, async () => {
    throw new McxError(
      McxErrorCode.BUNDLE_UNAVAILABLE,
      `the result's simulation bundle ${bundle} is not in the bundle store ${storeDir}`,
      {
        hint: "run or validate its spec once with this mcx (that stores its bundle), or point MCX_BUNDLE_DIR at the store that holds it",
      },
    );
  });
  const { simulation } = await loadSimulationBundle(lease.file, { expectedHash: bundle });
  return { simulation, bundle, bundleDir: store.dir };
}
