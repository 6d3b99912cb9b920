// Replacement for the forbidden all-zero state: the fractional parts of the golden ratio, pi, e and sqrt(2)
// (the SHA-2 / TEA "nothing up my sleeve" words).
const FALLBACK_S0 = 0x9e3779b9 | 0;
const FALLBACK_S1 = 0x243f6a88 | 0;
const FALLBACK_S2 = 0xb7e15162 | 0;
const FALLBACK_S3 = 0x6a09e667 | 0;

// 2^-53: scales a 53-bit integer into [0, 1) exactly.
const TWO_POW_MINUS_53 = 1 / 9007199254740992;

/**
 * xoshiro128** 1.1, the fast in-stream generator: 128-bit state, period 2^128 − 1, passes BigCrush.
 *
 * Reference: D. Blackman, S. Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS 47(4), 2021;
 * reference code `xoshiro128starstar.c` (prng.di.unimi.it). Output matches it bit for bit (test fixture).
 * State lives in four int32 fields and a draw allocates nothing. Seed it with `seedStream`/`createStream`
 * rather than by hand, so that streams are addressable and independent.
 *
 * Edge contract: state words are taken modulo 2^32; the all-zero state (a fixed point of the generator) is
 * replaced by a fixed nonzero state (the golden-ratio, pi, e and sqrt(2) words 0x9e3779b9, 0x243f6a88,
 * 0xb7e15162, 0x6a09e667), which is also the state of `new Xoshiro128()`.
 *
 * @example new Xoshiro128(1, 2, 3, 4).nextU32() // 11520
 */
export class Xoshiro128 {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(s0 = 0, s1 = 0, s2 = 0, s3 = 0) {
    // Initialise every field before setState so all instances share one hidden class.
    this.s0 = FALLBACK_S0;
    this.s1 = FALLBACK_S1;
    this.s2 = FALLBACK_S2;
    this.s3 = FALLBACK_S3;
    this.setState(s0, s1, s2, s3);
  }

  /** Sets the four state words (each taken modulo 2^32); all zero selects the fixed fallback state. */
  setState(s0: number, s1: number, s2: number, s3: number): void {
    s0 |= 0;
    s1 |= 0;
    s2 |= 0;
    s3 |= 0;
    if ((s0 | s1 | s2 | s3) === 0) {
      s0 = FALLBACK_S0;
      s1 = FALLBACK_S1;
      s2 = FALLBACK_S2;
      s3 = FALLBACK_S3;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  /** Writes the four state words to `words[at … at + 3]`; `setState` with them resumes the same sequence. */
  saveState(words: Uint32Array, at: number): void {
    words[at] = this.s0;
    words[at + 1] = this.s1;
    words[at + 2] = this.s2;
    words[at + 3] = this.s3;
  }

  /** Next output, a uint32 in [0, 2^32). */
  nextU32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2 ^ s0;
    const s3 = this.s3 ^ s1;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    this.s0 = s0 ^ s3;
    this.s1 = s1 ^ s2;
    this.s2 = s2 ^ (s1 << 9);
    this.s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  }

  /**
   * Uniform double in [0, 1) with 53 random bits: the top 27 bits of one draw and the top 26 of the next
   * (the construction of MT19937's `genrand_res53`). Consumes exactly two `nextU32` draws.
   */
  nextDouble(): number {
    const a = this.nextU32() >>> 5;
    const b = this.nextU32() >>> 6;
    return (a * 67108864 + b) * TWO_POW_MINUS_53;
  }
}
