import { createHash } from "node:crypto";

export { bundleFileName } from "@mcx/core/shard";

/** `sha256:<hex>` of a bundle's bytes (UTF-8 text): its identity, the name it is stored and fetched by. */
export function bundleHash(code: string | Uint8Array): string {
  return `sha256:${createHash("sha256").update(code).digest("hex")}`;
}

/** Largest bundle mcx builds, uploads or fetches (a simulation and its imports, minified or not: far above need). */
export const MAX_BUNDLE_BYTES = 16 * 1024 * 1024;
