import { describe, expect, it } from "vitest";
import { decodeJsonNumber, encodeJsonNumber } from "../../src/stats/index.ts";

describe("JSON number encoding", () => {
  it("round-trips every double losslessly through JSON text, including NaN, ±Infinity and −0", () => {
    const values = [0, -0, 1.5, -2.25e-308, Number.MAX_VALUE, Number.MIN_VALUE, Number.NaN, Infinity, -Infinity];
    const text = JSON.stringify(values.map(encodeJsonNumber));
    expect(text).toBe('[0,"-0",1.5,-2.25e-308,1.7976931348623157e+308,5e-324,"NaN","Infinity","-Infinity"]');
    const back = (JSON.parse(text) as unknown[]).map((v) => decodeJsonNumber(v));
    back.forEach((v, i) => {
      expect(Object.is(v, values[i])).toBe(true);
    });
  });

  it("rejects anything else with a TypeError naming the path", () => {
    expect(() => decodeJsonNumber("inf", "moments.mean")).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: moments.mean must be a finite number or "NaN", "Infinity", "-Infinity", "-0" (got "inf")]`,
    );
    expect(() => decodeJsonNumber(null)).toThrow(TypeError);
    expect(() => decodeJsonNumber(Number.NaN)).toThrow(TypeError);
  });
});
