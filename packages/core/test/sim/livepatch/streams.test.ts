import { describe, expect, it } from "vitest";
import { seedStream, Xoshiro128 } from "../../../src/rng/index.ts";
import { GLOBAL_STREAM_INDEX } from "../../../src/sim/livepatch/constants.ts";
import { StreamPool } from "../../../src/sim/livepatch/streams.ts";

function draws(rng: Xoshiro128): number[] {
  return [rng.nextU32(), rng.nextU32(), rng.nextU32()];
}

function expected(seed: number, point: number, trial: number, kind: number, index: number): number[] {
  const rng = new Xoshiro128();
  seedStream(rng, seed, point, trial, kind, index);
  return draws(rng);
}

describe("StreamPool", () => {
  // 70 tasks: two whole blocks of 32 and a partial one.
  const tasks = 70;

  it("get(kind, i) is stream (seed, point, trial, kind, i) — the batched derivation changes no number", () => {
    const pool = new StreamPool(tasks);
    for (const [seed, point, trial] of [
      [1, 0, 0],
      [1, 0, 1],
      [0xffffffff, 3, 0x7fffffff],
    ]) {
      pool.begin(seed, point, trial);
      for (const kind of [0, 1, 10]) {
        for (const i of [69, 0, 31, 32, 33, 5, 64]) {
          expect(draws(pool.get(kind, i))).toEqual(expected(seed, point, trial, kind, i));
        }
        expect(draws(pool.global(kind))).toEqual(expected(seed, point, trial, kind, GLOBAL_STREAM_INDEX));
      }
    }
  });

  it("begin() with the same address rewinds every stream to its start (cached states), a new address re-derives", () => {
    const pool = new StreamPool(tasks);
    pool.begin(9, 1, 2);
    const first = draws(pool.get(1, 40));
    draws(pool.get(1, 41));
    pool.begin(9, 1, 2);
    expect(draws(pool.get(1, 40))).toEqual(first);
    pool.begin(9, 1, 3);
    expect(draws(pool.get(1, 40))).toEqual(expected(9, 1, 3, 1, 40));
    expect(draws(pool.get(1, 41))).toEqual(expected(9, 1, 3, 1, 41));
  });

  it("seedTask seeds a caller's generator without touching the pool's generators", () => {
    const pool = new StreamPool(tasks);
    pool.reserve(0);
    pool.begin(4, 0, 8);
    const own = new Xoshiro128();
    pool.seedTask(own, 0, 50);
    expect(draws(own)).toEqual(expected(4, 0, 8, 0, 50));
    expect(draws(pool.get(0, 50))).toEqual(expected(4, 0, 8, 0, 50));
  });
});
