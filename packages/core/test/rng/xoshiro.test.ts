import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Xoshiro128 } from "../../src/rng/index.ts";

interface Reference {
  readonly state: number[];
  readonly outputs: Map<number, number>;
}

// Output of Blackman & Vigna's reference xoshiro128starstar.c, compiled with gcc (see the fixture header).
function readReference(): Reference[] {
  const text = readFileSync(new URL("./fixtures/xoshiro128starstar.txt", import.meta.url), "utf8");
  const refs: Reference[] = [];
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const parts = line.trim().split(/\s+/);
    if (parts[0] === "state") {
      refs.push({ state: parts.slice(1).map((h) => Number.parseInt(h, 16)), outputs: new Map() });
    } else {
      refs[refs.length - 1].outputs.set(Number(parts[0]), Number.parseInt(parts[1], 16));
    }
  }
  return refs;
}

describe("Xoshiro128", () => {
  const refs = readReference();

  it("fixture holds three reference states", () => {
    expect(refs).toHaveLength(3);
  });

  it.each(refs.map((r) => [r.state.map((s) => s.toString(16)).join(","), r] as const))(
    "matches the reference C output from state %s (outputs 0-15 and 992-999)",
    (_, ref) => {
      const rng = new Xoshiro128(ref.state[0], ref.state[1], ref.state[2], ref.state[3]);
      for (let i = 0; i < 1000; i++) {
        const v = rng.nextU32();
        const expected = ref.outputs.get(i);
        if (expected !== undefined) expect(v, `output ${i}`).toBe(expected);
      }
    },
  );

  it("state {1,2,3,4} gives rand_xoshiro's published test vector", () => {
    // rand_xoshiro (Rust) xoshiro128starstar.rs, test `reference`, from the reference C code v1.1.
    const rng = new Xoshiro128(1, 2, 3, 4);
    const got = Array.from({ length: 10 }, () => rng.nextU32());
    expect(got).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804,
    ]);
  });

  it("replaces the all-zero state by the fixed fallback state (also the default)", () => {
    const fallback = new Xoshiro128(0x9e3779b9, 0x243f6a88, 0xb7e15162, 0x6a09e667);
    const zero = new Xoshiro128(0, 0, 0, 0);
    const byDefault = new Xoshiro128();
    const reset = new Xoshiro128(1, 2, 3, 4);
    reset.setState(0, 0, 0, 0);
    for (let i = 0; i < 8; i++) {
      const v = fallback.nextU32();
      expect(zero.nextU32()).toBe(v);
      expect(byDefault.nextU32()).toBe(v);
      expect(reset.nextU32()).toBe(v);
    }
  });

  it("saveState then setState resumes the same sequence", () => {
    const a = new Xoshiro128(9, 8, 7, 6);
    for (let i = 0; i < 5; i++) a.nextU32();
    const words = new Uint32Array(6);
    a.saveState(words, 2);
    const b = new Xoshiro128(words[2], words[3], words[4], words[5]);
    for (let i = 0; i < 8; i++) expect(b.nextU32()).toBe(a.nextU32());
  });

  it("takes state words modulo 2^32", () => {
    const a = new Xoshiro128(-1, 2 ** 32 + 2, 3, 4);
    const b = new Xoshiro128(0xffffffff, 2, 3, 4);
    for (let i = 0; i < 8; i++) expect(a.nextU32()).toBe(b.nextU32());
  });

  it("nextDouble is ((u1 >>> 5) * 2^26 + (u2 >>> 6)) / 2^53 of two consecutive draws", () => {
    const a = new Xoshiro128(5, 6, 7, 8);
    const b = new Xoshiro128(5, 6, 7, 8);
    for (let i = 0; i < 1000; i++) {
      const hi = b.nextU32() >>> 5;
      const lo = b.nextU32() >>> 6;
      const d = a.nextDouble();
      expect(d).toBe((hi * 2 ** 26 + lo) / 2 ** 53);
      expect(d >= 0 && d < 1).toBe(true);
    }
  });

  it("nextU32 returns integers in [0, 2^32)", () => {
    const rng = new Xoshiro128(0x80000000, 0xffffffff, 1, 0);
    for (let i = 0; i < 10_000; i++) {
      const v = rng.nextU32();
      expect(Number.isInteger(v) && v >= 0 && v < 2 ** 32).toBe(true);
    }
  });
});
