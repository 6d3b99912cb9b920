import { philox4x32_10 } from "./philox.ts";

// The three `philox4x32 10` known-answer vectors of Random123 `tests/kat_vectors`
// (github.com/DEShawResearch/random123, commit 9545ff6413f258be2f04c1d319d99aaef7521150):
// counter c0..c3, key k0..k1, expected output o0..o3.
const PHILOX_KAT: readonly (readonly number[])[] = [
  [
    0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c,
    0x9b00dbd8,
  ],
  [
    0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0x408f276d, 0x41c83b0e, 0xa20bc7c6,
    0x6d5451fd,
  ],
  [
    0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, 0xd16cfe09, 0x94fdcceb, 0x5001e420,
    0x24126ea1,
  ],
];

/** Result of `philoxKat`: `ok` when every vector matched; one line per vector for display. */
export interface PhiloxKatResult {
  readonly ok: boolean;
  readonly lines: string[];
}

/**
 * Known-answer check of `philox4x32_10` against Random123's three Philox4x32-10 vectors (used by
 * `mcx rng --kat`). Each line reads `philox4x32_10 ctr=… key=… -> … ok` (or `MISMATCH expected …`), hex words.
 *
 * @example philoxKat().ok // true
 */
export function philoxKat(): PhiloxKatResult {
  const out = new Uint32Array(4);
  const lines: string[] = [];
  let ok = true;
  for (const v of PHILOX_KAT) {
    philox4x32_10(v[0], v[1], v[2], v[3], v[4], v[5], out);
    const expected = v.slice(6);
    const match = expected.every((word, i) => word === out[i]);
    ok &&= match;
    const got = hexWords(Array.from(out));
    const verdict = match ? "ok" : `MISMATCH expected ${hexWords(expected)}`;
    lines.push(`philox4x32_10 ctr=${hexWords(v.slice(0, 4))} key=${hexWords(v.slice(4, 6))} -> ${got} ${verdict}`);
  }
  return { ok, lines };
}

function hexWords(words: readonly number[]): string {
  return words.map((w) => w.toString(16).padStart(8, "0")).join(" ");
}
