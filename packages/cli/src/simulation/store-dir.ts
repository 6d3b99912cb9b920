import { homedir } from "node:os";
import { join } from "node:path";
import { BundleCache } from "@mcx/runner/simulation";

/** Bytes of bundles the CLI keeps (a bundle is 10–100 KB: thousands of versions of a module). */
const STORE_BYTES = 256 * 1024 * 1024;

/**
 * Where the CLI keeps the bundles it builds: `$MCX_BUNDLE_DIR`, else `~/.cache/mcx/bundles` (`$XDG_CACHE_HOME/mcx/
 * bundles` when set). Content-addressed, so a module that did not change is not written again; bounded, least
 * recently used out first. Nothing there needs to survive: a bundle is rebuilt from its module.
 */
export function bundleStoreDir(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env["MCX_BUNDLE_DIR"];
  if (explicit !== undefined && explicit !== "") return explicit;
  const cache = env["XDG_CACHE_HOME"];
  return join(cache !== undefined && cache !== "" ? cache : join(homedir(), ".cache"), "mcx", "bundles");
}

/** The CLI's bundle store, opened. */
export function openBundleStore(dir: string = bundleStoreDir()): Promise<BundleCache> {
  return BundleCache.open(dir, { maxBytes: STORE_BYTES });
}
