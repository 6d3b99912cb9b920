import { describe, expect, expectTypeOf, it } from "vitest";
import { compareResults } from "../../src/compare/compare-results.ts";
import { flattenParams, paramDifferences, varyingParams } from "../../src/compare/params.ts";
import type { CompareOptions, CompareReport } from "../../src/compare/types.ts";
import type { ResultDocument } from "../../src/result/document.ts";

describe("parameter paths", () => {
  it("flattenParams names nested parameters by dot path; arrays are leaves", () => {
    expect(flattenParams({ nCpu: 8, kpatch: { retryInterval: 2, sizes: [1, 2] }, preset: "common" })).toEqual({
      nCpu: 8,
      "kpatch.retryInterval": 2,
      "kpatch.sizes": [1, 2],
      preset: "common",
    });
  });

  it("varyingParams lists the paths whose value differs between points, in first-seen order", () => {
    const points = [
      { params: { nCpu: 8, m: { p: "a" }, r: 1 } },
      { params: { nCpu: 32, m: { p: "a" }, r: 1 } },
      { params: { nCpu: 8, m: { p: "b" }, r: 1 } },
    ];
    expect(varyingParams(points)).toEqual(["nCpu", "m.p"]);
    expect(varyingParams(points.slice(0, 1))).toEqual([]);
    expect(varyingParams([])).toEqual([]);
  });

  it("paramDifferences compares by value (key order does not matter) and reports one-sided paths", () => {
    expect(paramDifferences({ a: { x: 1, y: 2 }, b: 1 }, { b: 1, a: { y: 2, x: 1 } })).toEqual([]);
    expect(paramDifferences({ rate: 1000, extra: true }, { rate: 1050 })).toEqual([
      { path: "rate", a: 1000, b: 1050 },
      { path: "extra", a: true, b: undefined },
    ]);
  });
});

describe("public types", () => {
  it("compareResults(a, b, options?) returns a CompareReport", () => {
    expectTypeOf(compareResults).parameters.toEqualTypeOf<[ResultDocument, ResultDocument, CompareOptions?]>();
    expectTypeOf(compareResults).returns.toEqualTypeOf<CompareReport>();
    expectTypeOf<CompareReport["significant"][number]["statistic"]>().toEqualTypeOf<
      "mean" | "p" | "nonFinite" | "exceedance"
    >();
  });
});
