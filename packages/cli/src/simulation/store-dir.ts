import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Where the CLI keeps the bundles it builds: content-addressed files under the OS temp directory, so a module that
 * did not change is not written again. Nothing there needs to survive: a bundle is rebuilt from its module.
 */
export function defaultBundleStore(): string {
  return join(tmpdir(), "mcx-bundles");
}
