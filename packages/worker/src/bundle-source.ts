// Where a worker's shards get their user simulations from: the bundle cache on disk, filled from the cluster's
// bundle store (the object store `mcx submit` uploads to). Pool threads then load the cached file by its hash.
import { bundleFileName, McxError, McxErrorCode } from "@mcx/core";
import { Topology } from "@mcx/protocol";
import type { BundleCache, BundleLease } from "@mcx/runner/simulation";
import { jetstream } from "@nats-io/jetstream";
import { type ObjectStore, Objm } from "@nats-io/obj";
import type { NatsConnection } from "@nats-io/transport-node";

/** What the shard consumer needs: a bundle on disk, verified, held while its shard runs. */
export interface BundleSource {
  /**
   * @throws McxError MCX_BUNDLE_UNAVAILABLE (not in the store), MCX_BUNDLE_MISMATCH (the wrong bytes): retrying
   *   cannot help; MCX_CONNECTION when the store did not answer (worth a retry)
   */
  acquire(hash: string): Promise<BundleLease>;
}

/** Failures that fail a shard for good: the same bundle fetched again would be missing or wrong again. */
export function isPermanentBundleError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === McxErrorCode.BUNDLE_UNAVAILABLE || code === McxErrorCode.BUNDLE_MISMATCH;
}

/** Reads bundles from `Topology.bundleBucket` (the worker role may only get). */
export function createBundleFetcher(nc: NatsConnection): (hash: string) => Promise<Uint8Array> {
  let store: Promise<ObjectStore> | undefined;
  return async (hash) => {
    let data: Uint8Array | null;
    try {
      // No JetStream account check ($JS.API.INFO): the worker role may only reach the bundle store's own subjects.
      store ??= new Objm(jetstream(nc, { checkAPI: false })).open(Topology.bundleBucket);
      data = await (await store).getBlob(bundleFileName(hash));
    } catch (e) {
      store = undefined;
      throw new McxError(
        McxErrorCode.CONNECTION,
        `cannot fetch simulation bundle ${hash} from ${Topology.bundleBucket}: ${(e as Error).message}`,
        { cause: e },
      );
    }
    if (data === null) {
      throw new McxError(
        McxErrorCode.BUNDLE_UNAVAILABLE,
        `simulation bundle ${hash} is not in the cluster's bundle store ${Topology.bundleBucket}`,
        { hint: "submit the spec again with mcx submit, which uploads its bundle" },
      );
    }
    return data;
  };
}

/** The worker's bundle source: its cache, filling from the cluster's store. */
export function createBundleSource(cache: BundleCache, fetch: (hash: string) => Promise<Uint8Array>): BundleSource {
  return { acquire: (hash) => cache.acquire(hash, fetch) };
}
