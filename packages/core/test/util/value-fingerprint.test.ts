import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/util/canonical-json.ts";
import { valueFingerprint } from "../../src/util/value-fingerprint.ts";

// valueFingerprint must agree with canonicalJson on what "the same value" means: equal canonical JSON ⇔ equal
// fingerprint. Each pair below is checked both ways against canonicalJson, so the test cannot pass by accident.
const pairs: [string, unknown, unknown][] = [
  ["key order", { a: 1, b: [2, 3] }, { b: [2, 3], a: 1 }],
  ["-0 and 0", [0, -0], [-0, 0]],
  ["undefined members", { a: 1, b: undefined }, { a: 1 }],
  ["typed and plain arrays", new Float64Array([1.5, 2]), [1.5, 2]],
  ["non-finite numbers", [Number.POSITIVE_INFINITY, Number.NaN], [Number.POSITIVE_INFINITY, Number.NaN]],
  ["split strings", ["a", "b"], ["ab"]],
  ["split digits", [1, 2], [12]],
  ["string and number", ["1"], [1]],
  ["nesting", { a: [1] }, { a: 1 }],
  ["empty containers", [], {}],
  ["null and missing", { a: null }, {}],
  ["booleans", [true], [false]],
  ["last bit of a double", [0.1 + 0.2], [0.3]],
  ["array of pairs", [[1, 2], [3]], [[1], [2, 3]]],
  ["mixed arrays", [1, "x"], [1, "y"]],
  ["long strings", "é".repeat(40_000), "é".repeat(39_999)],
];

describe("valueFingerprint", () => {
  it.each(pairs)("agrees with canonicalJson on %s", (_what, a, b) => {
    const sameJson = canonicalJson(a) === canonicalJson(b);
    expect(valueFingerprint(a) === valueFingerprint(b)).toBe(sameJson);
  });

  it("is a SHA-256 in hex and stable across calls", () => {
    const value = { blocks: Array.from({ length: 20_000 }, (_, i) => i / 7), name: "x" };
    const f = valueFingerprint(value);
    expect(f).toMatch(/^[0-9a-f]{64}$/);
    expect(valueFingerprint(structuredClone(value))).toBe(f);
  });

  it("sees a change in one double among many (values span several 64 KiB chunks)", () => {
    const blocks = Array.from({ length: 30_000 }, (_, i) => Math.sqrt(i));
    const changed = [...blocks];
    changed[25_000] = changed[25_000]! + 2 ** -40;
    expect(valueFingerprint({ blocks: changed })).not.toBe(valueFingerprint({ blocks }));
  });

  it("refuses values JSON cannot hold", () => {
    expect(() => valueFingerprint({ f: () => 1 })).toThrow(TypeError);
  });
});
