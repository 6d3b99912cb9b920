import { describe, expect, it } from "vitest";
import { logScale } from "../src/report/scales.ts";

describe("log scales", () => {
  it("label powers of ten with 2 and 5 between over a decade", () => {
    expect(logScale([1000, 10_000], [0, 100]).ticks).toEqual([1000, 2000, 5000, 10_000]);
  });

  it("label a domain narrower than the gap between two such ticks with round linear steps", () => {
    // 24 000 to 36 000 trials: neither 20 000 nor 50 000 is inside.
    const s = logScale([24_000, 36_000], [0, 100]);
    expect(s.ticks).toEqual([25_000, 30_000, 35_000]);
    const small = logScale([0.012, 0.018], [0, 100]);
    expect(small.ticks.length).toBeGreaterThanOrEqual(2);
    const labels = small.ticks.map((t) => small.label(t));
    expect(new Set(labels).size).toBe(labels.length);
    for (const t of small.ticks) expect(t).toBeGreaterThanOrEqual(0.012 * (1 - 1e-9));
  });
});
