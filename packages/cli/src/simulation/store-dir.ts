import { homedir } from "node:os";
import { join } from "node:path";

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
