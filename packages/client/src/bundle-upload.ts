// `mcx submit`'s half of shipping a user simulation: its bundle goes to the cluster's bundle store once, under its
// hash; workers fetch it from there by the hash a shard task names.
import { bundleFileName, McxError, McxErrorCode } from "@mcx/core";
import { Topology } from "@mcx/protocol";
import { jetstream } from "@nats-io/jetstream";
import { Objm } from "@nats-io/obj";
import type { NatsConnection } from "@nats-io/transport-node";

/** A bundle already stored is uploaded again once it is this old (the store's objects expire 30 days after). */
const REFRESH_MS = 7 * 24 * 3600 * 1000;

/** What {@link uploadBundle} did. */
export interface BundleUpload {
  /** False when the store had the bundle already (recent enough): nothing was sent. */
  readonly uploaded: boolean;
  readonly bytes: number;
}

/**
 * Puts a bundle into `Topology.bundleBucket` as `<hex>.mjs`, unless an object of that name and size is there and
 * was stored within a week. The name is the bundle's SHA-256, so such an object has the same bytes (and a worker
 * checks them against the name anyway).
 * @throws McxError MCX_CONNECTION when the store cannot be reached or refuses the put (the NATS user lacks the cli
 *   role's permissions, the bucket does not exist yet because no coordinator ever started)
 */
export async function uploadBundle(nc: NatsConnection, hash: string, code: Uint8Array): Promise<BundleUpload> {
  const name = bundleFileName(hash);
  try {
    // No JetStream account check ($JS.API.INFO): the cli role may only reach the bundle store's own subjects.
    const store = await new Objm(jetstream(nc, { checkAPI: false })).open(Topology.bundleBucket);
    const info = await store.info(name);
    const fresh = info !== null && Date.now() - Date.parse(info.mtime) < REFRESH_MS;
    if (info !== null && !info.deleted && info.size === code.byteLength && fresh) {
      return { uploaded: false, bytes: code.byteLength };
    }
    await store.putBlob({ name, description: hash }, code);
    return { uploaded: true, bytes: code.byteLength };
  } catch (e) {
    throw new McxError(
      McxErrorCode.CONNECTION,
      `cannot store simulation bundle ${hash} in ${Topology.bundleBucket}: ${(e as Error).message}`,
      {
        cause: e,
        hint: "the cli NATS role may put into the bundle store (infra/nats/auth.conf); a coordinator creates it at start",
      },
    );
  }
}
