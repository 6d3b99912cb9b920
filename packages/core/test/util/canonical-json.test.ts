import { describe, expect, it } from "vitest";
import { canonicalJson, sha256Of } from "../../src/util/canonical-json.ts";

describe("canonicalJson", () => {
  it("sorts keys at every depth, drops undefined members and writes no whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: true, y: null }], c: "x" }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[1,{"y":null,"z":true}]},"b":1}',
    );
  });

  it("writes non-finite numbers as strings and -0 as 0", () => {
    expect(canonicalJson([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, -0, 0.1, 1e21])).toBe(
      '["Infinity","-Infinity","NaN",0,0.1,1e+21]',
    );
  });

  it("equals JSON.stringify for a value whose keys are already sorted", () => {
    const v = { a: [1.5, -2, { b: 'q"uote', c: [] }], d: { e: false } };
    expect(canonicalJson(v)).toBe(JSON.stringify(v));
  });

  it("orders keys by UTF-16 code units, as comparing them with < does", () => {
    expect(canonicalJson({ b: 1, B: 2, ä: 3, a: 4 })).toBe('{"B":2,"a":4,"b":1,"ä":3}');
  });

  it("hashes typed arrays like the plain array of their numbers", () => {
    expect(sha256Of(new Float64Array([1, 2.5]))).toBe(sha256Of([1, 2.5]));
    expect(sha256Of({ x: 1 })).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
