import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// The generator of philox-wasm.ts (root devDependency wabt): the committed bytes must be its output.
import { assemblePhiloxWasm } from "../../../../scripts/build-wasm.mjs";
import {
  createPhiloxRecords,
  type PhiloxRecords,
  philox4x32_10,
  philoxBackend,
  STREAM_DOMAIN,
  seedStream,
  seedStreams,
  setStreamState,
  Xoshiro128,
} from "../../src/rng/index.ts";
import { createPhiloxRecordsJs } from "../../src/rng/philox-batch.ts";
import { PHILOX_WASM } from "../../src/rng/philox-wasm.ts";

// Random123 tests/kat_vectors (commit 9545ff6413f258be2f04c1d319d99aaef7521150), copied into the fixture.
const katVectors = readFileSync(new URL("./fixtures/kat_philox4x32_10.txt", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => line.startsWith("philox4x32 10 "))
  .map((line) =>
    line
      .trim()
      .split(/\s+/)
      .slice(2)
      .map((h) => Number.parseInt(h, 16)),
  );

const backends: [string, (capacity: number) => PhiloxRecords][] = [
  ["WebAssembly", createPhiloxRecords],
  ["pure-TS fallback", createPhiloxRecordsJs],
];

/**
 * Fills `n` records per call with random counters and keys (c3 near 2^32 one time in 8, to cross the wrap)
 * and returns how many words differ from the reference `philox4x32_10`.
 */
function mismatches(records: PhiloxRecords, calls: number, maxN: number, rng: Xoshiro128): number {
  const expected = new Uint32Array(4);
  let bad = 0;
  for (let call = 0; call < calls; call++) {
    const c0 = rng.nextU32();
    const c1 = rng.nextU32();
    const c2 = rng.nextU32();
    const c3 = (rng.nextU32() & 7) === 0 ? 0xffffffff - (rng.nextU32() & 63) : rng.nextU32();
    const k0 = rng.nextU32();
    const k1 = rng.nextU32();
    const n = 1 + (rng.nextU32() % maxN);
    const at = rng.nextU32() % (records.capacity - n + 1);
    records.fill(at, c0, c1, c2, c3, k0, k1, n);
    for (let j = 0; j < n; j++) {
      philox4x32_10(c0, c1, c2, c3 + j, k0, k1, expected);
      for (let w = 0; w < 4; w++) if (records.words[4 * (at + j) + w] !== expected[w]) bad++;
    }
  }
  return bad;
}

describe("philox.wat", () => {
  it("philox-wasm.ts holds exactly the wabt assembly of philox.wat (else run node scripts/build-wasm.mjs)", async () => {
    expect(Array.from(PHILOX_WASM)).toEqual(Array.from(await assemblePhiloxWasm()));
  });

  it("is the backend under Node (WebAssembly SIMD available)", () => {
    expect(philoxBackend()).toBe("wasm");
  });
});

describe.each(backends)("createPhiloxRecords (%s)", (_name, create) => {
  it.each(katVectors)("maps the Random123 known-answer vector %#", (...v) => {
    const records = create(3);
    records.fill(1, v[0], v[1], v[2], v[3], v[4], v[5], 1);
    expect(Array.from(records.words.subarray(4, 8))).toEqual(v.slice(6, 10));
  });

  it("takes counter and key words modulo 2^32", () => {
    const a = create(5);
    const b = create(5);
    a.fill(0, -1, 2 ** 32 + 5, -2, 2 ** 32 - 2, -3, 2 ** 33 + 7, 5);
    b.fill(0, 0xffffffff, 5, 0xfffffffe, 0xfffffffe, 0xfffffffd, 7, 5);
    expect(a.words).toEqual(b.words);
  });

  it("writes records [at, at + n) and no other, for every n mod 8 (the WebAssembly does 8 a pass)", () => {
    const records = create(40);
    const expected = new Uint32Array(4);
    for (let n = 0; n <= 9; n++) {
      records.words.fill(0xa5a5a5a5);
      records.fill(13, 1, 2, 3, 4, 5, 6, n);
      for (let r = 0; r < 40; r++) {
        const got = Array.from(records.words.subarray(4 * r, 4 * r + 4));
        if (r >= 13 && r < 13 + n) {
          philox4x32_10(1, 2, 3, 4 + r - 13, 5, 6, expected);
          expect(got).toEqual(Array.from(expected));
        } else {
          expect(got).toEqual([0xa5a5a5a5, 0xa5a5a5a5, 0xa5a5a5a5, 0xa5a5a5a5]);
        }
      }
    }
  });

  it("fills the whole capacity in one call (several WebAssembly pages)", () => {
    const records = create(10_000);
    expect(mismatches(records, 1, 1, new Xoshiro128(5, 6, 7, 8))).toBe(0); // warm the path
    records.fill(0, 9, 8, 7, 6, 5, 4, 10_000);
    const expected = new Uint32Array(4);
    for (const r of [0, 1, 4095, 4096, 9999]) {
      philox4x32_10(9, 8, 7, 6 + r, 5, 4, expected);
      expect(Array.from(records.words.subarray(4 * r, 4 * r + 4))).toEqual(Array.from(expected));
    }
  });

  it("rejects records outside the buffer and bad counts with a RangeError", () => {
    const records = create(8);
    expect(() => records.fill(5, 0, 0, 0, 0, 0, 0, 4)).toThrow(RangeError);
    expect(() => records.fill(-1, 0, 0, 0, 0, 0, 0, 1)).toThrow(RangeError);
    expect(() => records.fill(0, 0, 0, 0, 0, 0, 0, 1.5)).toThrow(RangeError);
    expect(() => records.fill(0, 0, 0, 0, 0, 0, 0, -1)).toThrow(RangeError);
    expect(() => create(0)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: capacity must be an integer in [1, 2^24) (got 0)]`,
    );
    expect(() => records.fill(7, 0, 0, 0, 0, 0, 0, 2)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: records [at, at + n) must lie in [0, 8) (got at = 7, n = 2)]`,
    );
  });
});

describe("WebAssembly Philox against the pure-TS reference", () => {
  it("agrees word for word on 1e6 random counters and keys", () => {
    // 31 250 calls × 32 records on average (n uniform on 1..63) ≈ 1e6 records, 4e6 words.
    expect(mismatches(createPhiloxRecords(256), 31_250, 63, new Xoshiro128(2024, 5, 17, 1))).toBe(0);
  });

  it("the pure-TS fallback agrees with the reference too", () => {
    expect(mismatches(createPhiloxRecordsJs(256), 2_000, 63, new Xoshiro128(11, 12, 13, 14))).toBe(0);
  });
});

describe("seedStreams", () => {
  function draws(rng: Xoshiro128): number[] {
    return Array.from({ length: 4 }, () => rng.nextU32());
  }

  it("gives each stream the state seedStream gives it, index taken modulo 2^32", () => {
    const states = createPhiloxRecords(50);
    const a = new Xoshiro128();
    const b = new Xoshiro128();
    for (const first of [0, 1000, 0xffffffff - 20]) {
      seedStreams(states, 3, 42, 7, 123_456, 9, first, 45);
      for (let j = 0; j < 45; j++) {
        setStreamState(a, states.words, 3 + j);
        seedStream(b, 42, 7, 123_456, 9, (first + j) >>> 0);
        expect(draws(a)).toEqual(draws(b));
      }
    }
  });

  it("uses the stream key (seed, STREAM_DOMAIN) and counter (point, trial, kind, index)", () => {
    const states = createPhiloxRecords(1);
    seedStreams(states, 0, 5, 1, 2, 3, 4, 1);
    const out = new Uint32Array(4);
    philox4x32_10(1, 2, 3, 4, 5, STREAM_DOMAIN, out);
    expect(Array.from(states.words)).toEqual(Array.from(out));
  });
});
