import { describe, expect, it } from "vitest";
import { runInline } from "../../src/engine/run-inline.ts";
import { STATISTICS_VERSION } from "../../src/result/provenance.ts";
import { resolveSpec } from "../../src/spec/resolve.ts";

// Not a check of the statistics (the closed-form tests are): a tripwire for their version. `mcx extend` continues a
// result only when its statistics version is this build's, so any change that moves a digest must raise
// STATISTICS_VERSION and record the new digests here. Otherwise old blocks would be merged with new statistics.
const DIGESTS: Record<number, { livepatch: string; rendezvous: string }> = {
  1: {
    livepatch: "sha256:14e06a54fb426bb3793b3f8a3bf4c378ae49775eb4c1d5783478eeac55b9e84f",
    rendezvous: "sha256:0f18db4a58d98d0c7f5fb801d3a3512d558d8dec7674791f304c6a506db53850",
  },
  // Tail intervals, aligned batch means and the livepatch second edition (issues 11 and 12).
  2: {
    livepatch: "sha256:842b94ef6cac38881e331d69c821c20da61899294467f8b5f39f8251cc88e9a5",
    rendezvous: "sha256:6b2c9648fcb2b2c7bb7562efa7c6d33538d2b1d71139546dc6282e909b98a200",
  },
};

describe("STATISTICS_VERSION", () => {
  it("names the digests this build computes (raise it when a change moves them)", () => {
    const livepatch = runInline(
      resolveSpec({
        name: "pin",
        simulation: "livepatch",
        seed: 42,
        trials: 500,
        blockTrials: 100,
        thresholds: { tDone: [15] },
      }),
    );
    const rendezvous = runInline(
      resolveSpec({
        name: "pin",
        simulation: "rendezvous",
        seed: 42,
        trials: 2000,
        blockTrials: 100,
        sweep: { grid: { nCpu: [4, 64] } },
      }),
    );
    expect({ livepatch: livepatch.digest, rendezvous: rendezvous.digest }).toEqual(DIGESTS[STATISTICS_VERSION]);
  });
});
