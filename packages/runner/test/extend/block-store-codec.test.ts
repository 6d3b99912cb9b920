import { McxErrorCode, planRun, RunMerger, resolveSpec, runShard } from "@mcx/core";
import { describe, expect, it } from "vitest";
import { decodeBlockStore, encodeBlockStore } from "../../src/extend/block-store-codec.ts";

function statesOf(raw: Record<string, unknown>) {
  const spec = resolveSpec(raw);
  const plan = planRun("codec", spec, 1000);
  const merger = new RunMerger(plan);
  for (let i = 0; i < plan.shardCount; i++) merger.apply(runShard(plan.shardTask(i)));
  return merger.blockStore();
}

const states = statesOf({
  name: "codec",
  simulation: "rendezvous",
  seed: 2,
  trials: 3000,
  sweep: { grid: { nCpu: [4, 64] } },
});

describe("the block store codec", () => {
  it("reads back what it wrote, checked by its SHA-256, and reports its size", () => {
    const ref = encodeBlockStore(states);
    expect(ref).toMatchObject({ format: "mcx-blocks/1", points: 2, encoding: "deflate-base64" });
    expect(ref.storedBytes).toBe(ref.data!.length);
    // Deflate earns its keep: the stored text is smaller than the JSON it holds.
    expect(ref.storedBytes).toBeLessThan(ref.bytes);
    expect(JSON.parse(JSON.stringify(decodeBlockStore(ref).points))).toEqual(JSON.parse(JSON.stringify(states)));
  });

  it("leaves out a block store over the bound, saying why, and such a result cannot be extended", () => {
    const ref = encodeBlockStore(states, 100);
    expect(ref.data).toBeUndefined();
    expect(ref.storedBytes).toBe(0);
    expect(ref.omitted).toMatch(/^the block store has \d+ bytes, more than the 100 kept with a result/);
    expect(() => decodeBlockStore(ref)).toThrowError(expect.objectContaining({ code: McxErrorCode.NOT_EXTENDABLE }));
  });

  it("refuses data that does not match the recorded SHA-256", () => {
    const ref = encodeBlockStore(states);
    const other = encodeBlockStore(statesOf({ name: "codec", simulation: "rendezvous", seed: 3, trials: 3000 }));
    expect(() => decodeBlockStore(ref, other.data)).toThrowError(
      expect.objectContaining({
        code: McxErrorCode.NOT_EXTENDABLE,
        message: expect.stringMatching(/does not match its sha256/),
      }),
    );
  });
});
