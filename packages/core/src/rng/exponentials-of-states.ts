import { EXP_K, EXP_W, exponential } from "./distributions.ts";
import { setStreamState } from "./stream.ts";
import type { Xoshiro128 } from "./xoshiro.ts";

const TWO_POW_32 = 4294967296;

/**
 * out[at + j] = `exponential(g)` for a generator `g` just seeded with record `record + j` of `words` (as by
 * `setStreamState`), for j in [0, n): the same values, bit for bit, without seeding generators. Allocates nothing
 * on the fast path.
 *
 * Why it is faster: the ziggurat's fast path (97.8 % of samples) reads only the first two outputs, and since
 * xoshiro128**'s output depends on the second state word alone, those are the scrambled s1 and s0 ^ s1 ^ s2
 * (s1 after one step) — computed from the four words in registers, with no generator state written and read
 * back. Wedges, the tail and the all-zero state (its fallback) replay the full draw on `scratch`. One call fills
 * a block, and the scrambler is written out in the loop rather than called: the loop stays one optimised
 * function whatever V8's inlining budget, and no uint32 is returned from a call (boxed when not inlined).
 */
export function exponentialsOfStates(
  words: Uint32Array,
  record: number,
  n: number,
  out: Float64Array,
  at: number,
  scratch: Xoshiro128,
): void {
  for (let j = 0; j < n; j++) {
    const w = 4 * (record + j);
    const s0 = words[w];
    const s1 = words[w + 1];
    const s2 = words[w + 2];
    if ((s0 | s1 | s2 | words[w + 3]) !== 0) {
      // xoshiro128**'s scrambler rotl(s1 · 5, 7) · 9 (mod 2^32) of the first and second state.
      const p = Math.imul(s1, 5);
      const a = Math.imul((p << 7) | (p >>> 25), 9);
      const q = Math.imul(s0 ^ s1 ^ s2, 5);
      const b = Math.imul((q << 7) | (q >>> 25), 9) >>> 0;
      const i = a & 0xff;
      const m = (a >>> 11) * TWO_POW_32 + b;
      if (m < EXP_K[i]) {
        out[at + j] = m * EXP_W[i];
        continue;
      }
    }
    setStreamState(scratch, words, record + j);
    out[at + j] = exponential(scratch);
  }
}
