import { describe, expect, it } from "vitest";
import {
  createStream,
  philox4x32_10,
  RAW_KIND,
  rngBytesStream,
  STREAM_DOMAIN,
  seedStream,
  Xoshiro128,
} from "../../src/rng/index.ts";

function firstOutputs(rng: Xoshiro128, n = 8): number[] {
  return Array.from({ length: n }, () => rng.nextU32());
}

describe("addressable streams", () => {
  it("state is Philox4x32-10(counter = (point, trial, kind, index), key = (seed, STREAM_DOMAIN))", () => {
    const out = new Uint32Array(4);
    philox4x32_10(3, 4, 5, 6, 42, STREAM_DOMAIN, out);
    const expected = new Xoshiro128(out[0], out[1], out[2], out[3]);
    expect(firstOutputs(createStream(42, 3, 4, 5, 6))).toEqual(firstOutputs(expected));
  });

  it("seedStream reseeds an existing generator to the same stream as createStream", () => {
    const rng = new Xoshiro128();
    rng.nextU32();
    seedStream(rng, 7, 1, 2, 3, 4);
    expect(firstOutputs(rng)).toEqual(firstOutputs(createStream(7, 1, 2, 3, 4)));
  });

  it("the same address gives the same numbers, any change of coordinate gives different ones", () => {
    const base = firstOutputs(createStream(1, 2, 3, 4, 5));
    expect(firstOutputs(createStream(1, 2, 3, 4, 5))).toEqual(base);
    for (const other of [
      createStream(0, 2, 3, 4, 5),
      createStream(1, 0, 3, 4, 5),
      createStream(1, 2, 0, 4, 5),
      createStream(1, 2, 3, 0, 5),
      createStream(1, 2, 3, 4, 0),
    ]) {
      expect(firstOutputs(other)).not.toEqual(base);
    }
  });

  it("rngBytesStream(seed, k) is createStream(seed, 0, 0, RAW_KIND, k)", () => {
    expect(RAW_KIND).toBe(0xffffffff);
    expect(firstOutputs(rngBytesStream(9, 3))).toEqual(firstOutputs(createStream(9, 0, 0, RAW_KIND, 3)));
  });

  it("createStream throws RangeError for a coordinate outside uint32", () => {
    expect(() => createStream(-1, 0, 0, 0, 0)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: seed must be an integer in [0, 2^32) (got -1)]`,
    );
    expect(() => createStream(0, 2 ** 32, 0, 0, 0)).toThrow(RangeError);
    expect(() => createStream(0, 0, 0.5, 0, 0)).toThrow(RangeError);
    expect(() => rngBytesStream(0, Number.NaN)).toThrow(RangeError);
  });

  it("seedStream takes coordinates modulo 2^32 without checks", () => {
    const a = new Xoshiro128();
    seedStream(a, -1, 0, 0, 0, 0);
    expect(firstOutputs(a)).toEqual(firstOutputs(createStream(0xffffffff, 0, 0, 0, 0)));
  });
});
