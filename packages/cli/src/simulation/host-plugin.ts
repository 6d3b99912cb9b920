import { HOST_CHECK_MODULE, hostCheckSource, hostedModuleSource, isHostedSpecifier } from "@mcx/sdk/host";
import type { Plugin } from "esbuild";

const NAMESPACE = "mcx-host";

/**
 * Resolves `@mcx/sdk`, `zod` and `zod/v4` from a module anywhere on disk, with no install next to it: each becomes
 * a small module that reads the loading runtime's module (see `@mcx/sdk/host`), so the bundle never carries a copy.
 */
export function hostedModulesPlugin(): Plugin {
  return {
    name: "mcx-hosted-modules",
    setup(build) {
      build.onResolve({ filter: /^(@mcx\/sdk|zod|zod\/v4|mcx-host-check)$/ }, (args) => {
        if (args.path !== HOST_CHECK_MODULE && !isHostedSpecifier(args.path)) return undefined;
        // The host check is internal: only the hosted modules import it.
        if (args.path === HOST_CHECK_MODULE && args.namespace !== NAMESPACE) return undefined;
        return { path: args.path, namespace: NAMESPACE };
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
        contents: isHostedSpecifier(args.path) ? hostedModuleSource(args.path) : hostCheckSource(),
        loader: "js",
      }));
    },
  };
}
