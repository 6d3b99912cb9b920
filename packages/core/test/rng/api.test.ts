import { describe, expectTypeOf, it } from "vitest";
import type * as rng from "../../src/rng/index.ts";

// The rng signatures are a contract with the simulations: a change here must be deliberate.
describe("rng public API", () => {
  it("has the agreed signatures", () => {
    expectTypeOf<typeof rng.philox4x32_10>().toEqualTypeOf<
      (c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, out: Uint32Array) => void
    >();
    expectTypeOf<rng.Xoshiro128>().toHaveProperty("nextU32").toEqualTypeOf<() => number>();
    expectTypeOf<rng.Xoshiro128>().toHaveProperty("nextDouble").toEqualTypeOf<() => number>();
    expectTypeOf<rng.Xoshiro128>()
      .toHaveProperty("setState")
      .toEqualTypeOf<(s0: number, s1: number, s2: number, s3: number) => void>();
    expectTypeOf<typeof rng.Xoshiro128>().constructorParameters.toEqualTypeOf<
      [s0?: number, s1?: number, s2?: number, s3?: number]
    >();
    expectTypeOf<typeof rng.seedStream>().toEqualTypeOf<
      (rng: rng.Xoshiro128, seed: number, point: number, trial: number, kind: number, index: number) => void
    >();
    expectTypeOf<typeof rng.createPhiloxRecords>().toEqualTypeOf<(capacity: number) => rng.PhiloxRecords>();
    expectTypeOf<rng.PhiloxRecords["words"]>().toEqualTypeOf<Uint32Array>();
    expectTypeOf<rng.PhiloxRecords["fill"]>().toEqualTypeOf<
      (at: number, c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, n: number) => void
    >();
    expectTypeOf<typeof rng.seedStreams>().toEqualTypeOf<
      (
        states: rng.PhiloxRecords,
        at: number,
        seed: number,
        point: number,
        trial: number,
        kind: number,
        firstIndex: number,
        n: number,
      ) => void
    >();
    expectTypeOf<typeof rng.setStreamState>().toEqualTypeOf<
      (rng: rng.Xoshiro128, words: Uint32Array, record: number) => void
    >();
    expectTypeOf<typeof rng.philoxBackend>().toEqualTypeOf<() => "wasm" | "js">();
    expectTypeOf<typeof rng.createStream>().toEqualTypeOf<
      (seed: number, point: number, trial: number, kind: number, index: number) => rng.Xoshiro128
    >();
    expectTypeOf<typeof rng.exponential>().toEqualTypeOf<(rng: rng.Xoshiro128) => number>();
    expectTypeOf<typeof rng.normal>().toEqualTypeOf<(rng: rng.Xoshiro128) => number>();
    expectTypeOf<typeof rng.lognormal>().toEqualTypeOf<(rng: rng.Xoshiro128, mu: number, sigma: number) => number>();
    expectTypeOf<typeof rng.bernoulli>().toEqualTypeOf<(rng: rng.Xoshiro128, p: number) => boolean>();
    expectTypeOf<typeof rng.poisson>().toEqualTypeOf<(rng: rng.Xoshiro128, mean: number) => number>();
    expectTypeOf<typeof rng.uniformInt>().toEqualTypeOf<(rng: rng.Xoshiro128, lo: number, hi: number) => number>();
    expectTypeOf<typeof rng.uniform>().toEqualTypeOf<(rng: rng.Xoshiro128, a: number, b: number) => number>();
    expectTypeOf<typeof rng.rngBytesStream>().toEqualTypeOf<(seed: number, stream: number) => rng.Xoshiro128>();
    expectTypeOf<typeof rng.philoxKat>().toEqualTypeOf<() => { readonly ok: boolean; readonly lines: string[] }>();
  });
});
