import { bundleHash } from "@mcx/runner/simulation";

// A simulation bundle written by hand, as the CLI's bundler would make it: ESM that takes the SDK from the runtime's
// host slot (see @mcx/sdk/host) instead of importing it. The worker package cannot use the CLI's bundler.

/** A bundle's text and hash. */
export function bundleOf(code: string): { code: Uint8Array; hash: string } {
  const bytes = Buffer.from(code, "utf8");
  return { code: bytes, hash: bundleHash(bytes) };
}

/** A coin-flip simulation "coin" with one model "fair" and a proportion metric "heads". */
export function coinBundle(): { code: Uint8Array; hash: string } {
  return bundleOf(`const host = globalThis[Symbol.for("@mcx/sdk/host")];
const { defineSimulation, z } = host.modules["@mcx/sdk"];
export default defineSimulation({
  name: "coin",
  params: z.object({ p: z.number().min(0).max(1).default(0.5) }),
  models: ["fair"],
  metrics: { heads: { kind: "proportion" } },
  trial: ({ rng, params }) => ({ heads: rng.bernoulli(params.p) }),
});
`);
}
