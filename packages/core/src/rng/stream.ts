import { createPhiloxRecords, type PhiloxRecords } from "./philox-batch.ts";
import { Xoshiro128 } from "./xoshiro.ts";

/**
 * Second Philox key word of every mcx stream ("mcx1" in ASCII). It separates mcx's streams from any other
 * use of Philox keyed by the same seed; changing it changes every result.
 */
export const STREAM_DOMAIN = 0x6d637831;

/** The `kind` reserved for raw generator output (`mcx rng`); simulations must not use it. */
export const RAW_KIND = 0xffffffff;

// One-record buffer of seedStream, created on first use (importing core instantiates no WebAssembly) and then
// reused, so seeding a stream per trial allocates nothing. Core is synchronous, so no two calls can interleave
// within one thread.
let single: PhiloxRecords | null = null;

/**
 * Seeds `rng` with the state of the addressable stream (seed, point, trial, kind, index):
 * state = Philox4x32-10(counter = (point, trial, kind, index), key = (seed, STREAM_DOMAIN)).
 *
 * Philox is a bijection of the counter for each key, so distinct addresses under one seed get distinct
 * 128-bit states, independent of which worker, thread or shard draws them (Salmon et al. 2011). Computed by
 * the WebAssembly Philox of `createPhiloxRecords` (same words as the reference `philox4x32_10`): about 30 ns,
 * mostly the call, against about 55 ns in TS; `seedStreams` derives many streams at about 6 ns each. Allocates
 * nothing after the first call.
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
  if (single === null) single = createPhiloxRecords(1);
  single.fill(0, point, trial, kind, index, seed, STREAM_DOMAIN, 1);
  setStreamState(rng, single.words, 0);
}

/**
 * States of the streams (seed, point, trial, kind, firstIndex + j), j in [0, n) (index taken modulo 2^32), in one
 * call: record `at + j` of `states` becomes the state `seedStream` would give; `setStreamState(rng, states.words,
 * at + j)` then seeds a generator with it. Same words as `seedStream`, computed by `PhiloxRecords.fill`
 * (WebAssembly SIMD): about 6 ns per stream instead of about 55, so use it where a trial needs many streams of
 * one kind. Allocates nothing.
 *
 * Edge contract: as `seedStream` for the address words.
 *
 * @throws {RangeError} unless `at` and `n` are non-negative integers with at + n ≤ states.capacity.
 * @example
 * const states = createPhiloxRecords(1000);
 * seedStreams(states, 0, seed, point, trial, kind, 0, 1000);
 * setStreamState(rng, states.words, 7); // rng is now as after seedStream(rng, seed, point, trial, kind, 7)
 */
export function seedStreams(
  states: PhiloxRecords,
  at: number,
  seed: number,
  point: number,
  trial: number,
  kind: number,
  firstIndex: number,
  n: number,
): void {
  states.fill(at, point, trial, kind, firstIndex, seed, STREAM_DOMAIN, n);
}

/**
 * Seeds `rng` with record `record` of `words` (4 words a record, as `PhiloxRecords.words` after `seedStreams`),
 * with the all-zero fallback of `seedStream`. Allocates nothing.
 */
export function setStreamState(rng: Xoshiro128, words: Uint32Array, record: number): void {
  const at = 4 * record;
  rng.setState(words[at], words[at + 1], words[at + 2], words[at + 3]);
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
