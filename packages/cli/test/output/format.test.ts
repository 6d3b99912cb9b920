import { describe, expect, it } from "vitest";
import {
  formatCount,
  formatDuration,
  formatEstimate,
  formatNumber,
  formatProportion,
  formatPValue,
  formatShortCount,
} from "../../src/output/format.ts";

describe("formatEstimate", () => {
  it("rounds estimate and half-width to the half-width's second significant digit", () => {
    expect(formatEstimate(0.0040581, 0.0000123)).toBe("0.004058 ± 0.000012");
    expect(formatEstimate(12.3456, 0.87)).toBe("12.35 ± 0.87");
    expect(formatEstimate(1234.5, 56)).toBe("1235 ± 56");
  });

  it("switches to a shared exponent for tiny or huge values", () => {
    expect(formatEstimate(0.000009, 0.000012)).toBe("(0.9 ± 1.2)e-5");
    expect(formatEstimate(2.5e8, 1.2e6)).toBe("(2.500 ± 0.012)e8");
  });

  it("shows a bare estimate when the interval is degenerate or unknown", () => {
    expect(formatEstimate(0.5, 0)).toBe("0.5");
    expect(formatEstimate(3, Number.NaN)).toBe("3");
    expect(formatEstimate(Number.POSITIVE_INFINITY, 1)).toBe("∞");
  });
});

describe("formatProportion", () => {
  it("gives the proportion and its interval to two significant digits of the interval width", () => {
    expect(formatProportion(0.3122, [0.3058, 0.3187])).toBe("0.3122 [0.3058, 0.3187]");
    expect(formatProportion(0.0512, [0.04823, 0.05434])).toBe("0.05120 [0.04823, 0.05434]");
    expect(formatProportion(0, [0, 0.00015])).toBe("0 [0, 0.000150]");
  });
});

describe("other formats", () => {
  it("formatNumber keeps significant digits and names non-finite values", () => {
    expect(formatNumber(0.0040581, 3)).toBe("0.00406");
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(Number.NaN)).toBe("NaN");
    expect(formatNumber(Number.NEGATIVE_INFINITY)).toBe("-∞");
  });

  it("formatPValue reports tiny p-values as < 0.001", () => {
    expect(formatPValue(0.00002)).toBe("< 0.001");
    expect(formatPValue(0.0456)).toBe("0.046");
    expect(formatPValue(Number.NaN)).toBe("—");
  });

  it("formats counts and durations for humans", () => {
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatShortCount(1234567)).toBe("1.23M");
    expect(formatShortCount(12345)).toBe("12.3k");
    expect(formatDuration(0.423)).toBe("0.42 s");
    expect(formatDuration(245)).toBe("4 min 05 s");
    expect(formatDuration(7380)).toBe("2 h 03 min");
  });
});
