import { describe, expect, it } from "vitest";
import { chiSquareIsf, chiSquareSf, ksCritical } from "./statistical-checks.ts";

// The helpers that set every threshold of the statistical tests, checked against SciPy.
describe("statistical-checks helpers", () => {
  it("chiSquareSf matches SciPy's chi2.sf", () => {
    // SciPy 1.17.1: chi2.sf(30, 7) = 9.495972508134177e-05, chi2.sf(300, 255) = 0.02772752205390483
    expect(chiSquareSf(30, 7) / 9.495972508134177e-5).toBeCloseTo(1, 10);
    expect(chiSquareSf(300, 255) / 0.02772752205390483).toBeCloseTo(1, 10);
  });

  it("chiSquareIsf matches SciPy's chi2.isf / chi2.ppf", () => {
    // SciPy 1.17.1: chi2.isf(1e-6, 10) = 46.863046846784385, chi2.isf(5e-7, 255) = 381.12726787120766,
    // chi2.ppf(5e-7, 255) = 159.3711832028637, chi2.isf(1e-6, 1) = 23.928126976934827
    expect(chiSquareIsf(1e-6, 10)).toBeCloseTo(46.863046846784385, 8);
    expect(chiSquareIsf(5e-7, 255)).toBeCloseTo(381.12726787120766, 8);
    expect(chiSquareIsf(1 - 5e-7, 255)).toBeCloseTo(159.3711832028637, 6);
    expect(chiSquareIsf(1e-6, 1)).toBeCloseTo(23.928126976934827, 8);
  });

  it("ksCritical is sqrt(-ln(alpha/2)/2)/sqrt(n)", () => {
    expect(ksCritical(1)).toBeCloseTo(2.6934, 4);
  });
});
