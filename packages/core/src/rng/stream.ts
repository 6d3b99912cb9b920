import { philox4x32_10 } from "./philox.ts";
import { Xoshiro128 } from "./xoshiro.ts";

/**
 * Second Philox key word of every mcx stream ("mcx1" in ASCII). It separates mcx's streams from any other
 * use of Philox keyed by the same seed; changing it changes every result.
 */
export const STREAM_DOMAIN = 0x6d637831;

/** The `kind` reserved for raw generator output (`mcx rng`); simulations must not use it. */
export const RAW_KIND = 0xffffffff;

// Scratch for seedStream; module-level so seeding a stream per trial allocates nothing. Core is synchronous,
// so no two calls can interleave within one thread.
const scratch = new Uint32Array(4);

/**
 * Seeds `rng` with the state of the addressable stream (seed, point, trial, kind, index):
 * state = Philox4x32-10(counter = (point, trial, kind, index), key = (seed, STREAM_DOMAIN)).
 *
 * Philox is a bijection of the counter for each key, so distinct addresses under one seed get distinct
 * 128-bit states, independent of which worker, thread or shard draws them (Salmon et al. 2011). Allocates
 * nothing; about 15 ns.
 *
 * Edge contract: each argument is taken modulo 2^32 (as by `>>> 0`) without checks, for speed; validate
 * at the edge (the spec schema does). The all-zero Philox output (probability 2^-128) selects the fixed
 * fallback state of `Xoshiro128`.
 */
export function seedStream(
  rng: Xoshiro128,
  seed: number,
  point: number,
  trial: number,
  kind: number,
  index: number,
): void {
  philox4x32_10(point, trial, kind, index, seed, STREAM_DOMAIN, scratch);
  rng.setState(scratch[0], scratch[1], scratch[2], scratch[3]);
}

/**
 * A new generator on the addressable stream (seed, point, trial, kind, index); see `seedStream`.
 * Allocates: in hot loops reuse one generator with `seedStream`.
 *
 * @throws {RangeError} when an argument is not an integer in [0, 2^32).
 */
export function createStream(seed: number, point: number, trial: number, kind: number, index: number): Xoshiro128 {
  checkU32("seed", seed);
  checkU32("point", point);
  checkU32("trial", trial);
  checkU32("kind", kind);
  checkU32("index", index);
  const rng = new Xoshiro128();
  seedStream(rng, seed, point, trial, kind, index);
  return rng;
}

/**
 * The generator behind `mcx rng --seed S --stream K`: `createStream(seed, 0, 0, RAW_KIND, stream)`.
 *
 * @throws {RangeError} when `seed` or `stream` is not an integer in [0, 2^32).
 */
export function rngBytesStream(seed: number, stream: number): Xoshiro128 {
  return createStream(seed, 0, 0, RAW_KIND, stream);
}

function checkU32(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`${name} must be an integer in [0, 2^32) (got ${value})`);
  }
}
