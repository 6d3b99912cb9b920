import { describe, expect, it } from "vitest";
import { ALIGNED_BATCHES, AlignedBatches } from "../../src/engine/aligned-batches.ts";

/** Feeds `blocks` blocks of `trials` trials each, slot 0 holding the value `block index` in every trial. */
function feed(blocks: number, trials = 10): ReturnType<AlignedBatches["finish"]> {
  const b = new AlignedBatches(1);
  for (let k = 0; k < blocks; k++)
    b.addBlock(
      k,
      trials,
      () => trials,
      () => k,
    );
  return b.finish();
}

describe("AlignedBatches: contiguous batches that depend on the number of blocks only", () => {
  it("one batch per block up to 64 blocks", () => {
    const t = feed(40);
    expect(t.trials).toHaveLength(40);
    expect(t.mean[0]).toEqual(Array.from({ length: 40 }, (_, k) => k));
  });

  it.each([65, 128, 129, 1000, 4097])("%i blocks: exactly 64 contiguous batches, sizes within a factor 2", (blocks) => {
    const t = feed(blocks);
    expect(t.trials).toHaveLength(ALIGNED_BATCHES);
    expect(t.trials.reduce((s, x) => s + x, 0)).toBe(blocks * 10);
    expect(Math.max(...t.trials) / Math.min(...t.trials)).toBeLessThanOrEqual(2);
    // Contiguous: the mean block index of batch k is the midpoint of its block range.
    let first = 0;
    t.trials.forEach((trials, k) => {
      const n = trials / 10;
      expect(t.mean[0]![k]).toBeCloseTo(first + (n - 1) / 2, 9);
      first += n;
    });
  });

  it("a zero weight leaves the batch mean NaN and the others untouched", () => {
    const b = new AlignedBatches(1);
    b.addBlock(
      0,
      5,
      () => 0,
      () => Number.NaN,
    );
    b.addBlock(
      1,
      5,
      () => 5,
      () => 2,
    );
    expect(b.finish()).toEqual({ trials: [5, 5], weight: [[0, 5]], mean: [[Number.NaN, 2]] });
  });
});
