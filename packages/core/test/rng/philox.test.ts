import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { philox4x32_10, philoxKat } from "../../src/rng/index.ts";
import { mulHi32 } from "../../src/rng/mul-hi.ts";
import { Xoshiro128 } from "../../src/rng/xoshiro.ts";

// Random123 tests/kat_vectors (commit 9545ff6413f258be2f04c1d319d99aaef7521150), copied into the fixture.
const katLines = readFileSync(new URL("./fixtures/kat_philox4x32_10.txt", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => line.startsWith("philox4x32 10 "));

describe("philox4x32_10", () => {
  it("has the three Random123 known-answer vectors in the fixture", () => {
    expect(katLines).toHaveLength(3);
  });

  it.each(katLines)("maps counter and key to the Random123 known answer: %s", (line) => {
    const words = line
      .trim()
      .split(/\s+/)
      .slice(2)
      .map((h) => Number.parseInt(h, 16));
    const out = new Uint32Array(4);
    philox4x32_10(words[0], words[1], words[2], words[3], words[4], words[5], out);
    expect(Array.from(out)).toEqual(words.slice(6, 10));
  });

  it("takes arguments modulo 2^32", () => {
    const a = new Uint32Array(4);
    const b = new Uint32Array(4);
    philox4x32_10(-1, -1, -1, -1, -1, -1, a);
    philox4x32_10(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, b);
    expect(a).toEqual(b);
  });

  it("philoxKat reports ok with one line per vector", () => {
    const kat = philoxKat();
    expect(kat.ok).toBe(true);
    expect(kat.lines).toHaveLength(3);
    expect(kat.lines[0]).toMatchInlineSnapshot(
      `"philox4x32_10 ctr=00000000 00000000 00000000 00000000 key=00000000 00000000 -> 6627e8d5 e169c58d bc57ac4c 9b00dbd8 ok"`,
    );
  });
});

describe("mulHi32", () => {
  it("equals the high word of the exact 64-bit product (BigInt) on edge and random inputs", () => {
    const rng = new Xoshiro128(9, 8, 7, 6);
    const cases: [number, number][] = [
      [0, 0],
      [0xffffffff, 0xffffffff],
      [0xffffffff, 1],
      [0x80000000, 2],
      [0xd2511f53, 0xffffffff],
    ];
    for (let i = 0; i < 10_000; i++) cases.push([rng.nextU32(), rng.nextU32()]);
    for (const [a, b] of cases) {
      expect(mulHi32(a, b)).toBe(Number((BigInt(a) * BigInt(b)) >> 32n));
    }
  });
});
