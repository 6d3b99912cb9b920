// @mcx/sdk/host: the two halves of the contract between a simulation bundle and the mcx that loads it. A bundle
// does not carry the SDK: its imports of `@mcx/sdk` and `zod` become small modules that read the loading
// runtime's modules from a global slot, which `installSdkHost` fills before the bundle is imported. So every
// worker runs a bundle with its own SDK and zod (the SDK's zod, one instance per thread), the
// bytes of a bundle do not depend on where mcx is installed, and a bundle loads from any directory.
import * as zod from "zod";
import { installGuard } from "./guard.ts";
import * as sdk from "./index.ts";
import { SDK_VERSION } from "./version.ts";

export { isSimulation, type SourceLocator, setSourceLocator } from "./registry.ts";
export { thrownHint, thrownText } from "./trial-error.ts";
export { SDK_VERSION };

/** The global slot: `globalThis[Symbol.for(HOST_KEY)]` = { version, modules }. */
export const HOST_KEY = "@mcx/sdk/host";

/** Import specifiers a bundle gets from the runtime instead of bundling them. */
export const HOSTED_SPECIFIERS = ["@mcx/sdk", "zod", "zod/v4"] as const;
export type HostedSpecifier = (typeof HOSTED_SPECIFIERS)[number];

const modules: Readonly<Record<HostedSpecifier, Readonly<Record<string, unknown>>>> = {
  "@mcx/sdk": sdk,
  zod,
  "zod/v4": zod,
};

interface Host {
  readonly version: string;
  readonly modules: typeof modules;
}

/**
 * Fills the global slot with this SDK and its zod and installs the determinism guard's wrappers (idempotent). Call
 * it in each thread before importing bundles.
 */
export function installSdkHost(): void {
  installGuard();
  const slot = Symbol.for(HOST_KEY);
  const g = globalThis as unknown as Record<symbol, Host | undefined>;
  if (g[slot] === undefined) g[slot] = Object.freeze({ version: SDK_VERSION, modules });
}

export function isHostedSpecifier(specifier: string): specifier is HostedSpecifier {
  return (HOSTED_SPECIFIERS as readonly string[]).includes(specifier);
}

/** Specifier of the module, shared by every hosted module of a bundle, that checks the host and its version. */
export const HOST_CHECK_MODULE = "mcx-host-check";

/** Source of the host check: a bundle refuses to run on another SDK version than the one it was built for. */
export function hostCheckSource(): string {
  const version = JSON.stringify(SDK_VERSION);
  return [
    `const host = globalThis[Symbol.for(${JSON.stringify(HOST_KEY)})];`,
    `if (host === undefined || host.version !== ${version}) {`,
    `  throw new Error("this simulation bundle was built for @mcx/sdk " + ${version} + " and must be loaded by that mcx (found " + (host === undefined ? "no mcx runtime" : host.version) + ")");`,
    "}",
    "export const hostModule = (specifier) => host.modules[specifier];",
    "",
  ].join("\n");
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Source of the module that stands for `specifier` in a bundle: one export per export of the runtime's module,
 * each a pure read of the host's, so the bundler keeps only those the simulation uses and reports an import of a
 * name that does not exist as a build error at its line.
 */
export function hostedModuleSource(specifier: HostedSpecifier): string {
  const names = Object.keys(modules[specifier]).filter((n) => n === "default" || IDENTIFIER.test(n));
  // Local names get a prefix: export names may be reserved words (zod exports `null`, `function`, …).
  const prefix = specifier === "@mcx/sdk" ? "sdk" : "zod";
  const lines = [
    `import { hostModule } from ${JSON.stringify(HOST_CHECK_MODULE)};`,
    `const m = hostModule(${JSON.stringify(specifier)});`,
    "const get = (name) => m[name];",
  ];
  for (const n of names) lines.push(`const ${prefix}_${n} = /* @__PURE__ */ get(${JSON.stringify(n)});`);
  lines.push(`export { ${names.map((n) => `${prefix}_${n} as ${n}`).join(", ")} };`, "");
  return lines.join("\n");
}
