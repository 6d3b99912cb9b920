import { describe, expect, it } from "vitest";
import { createStream, exponential, normal } from "../../src/rng/index.ts";
import { conditionalValueAtRisk, QuantileSketch, valueAtRisk } from "../../src/stats/index.ts";

/** Exact empirical expected shortfall (1/(1 − level)) ∫_level^1 F_n⁻¹(u) du of a sample. */
function exactShortfall(x: Float64Array, level: number): number {
  const sorted = x.slice().sort();
  const n = sorted.length;
  const tail = n * (1 - level);
  let remaining = tail;
  let sum = 0;
  for (let i = n - 1; i >= 0 && remaining > 0; i--) {
    const w = Math.min(1, remaining);
    sum += w * sorted[i];
    remaining -= w;
  }
  return sum / tail;
}

function sample(index: number, f: (rng: ReturnType<typeof createStream>) => number, n = 100_000): Float64Array {
  const rng = createStream(12, 0, 0, 0, index);
  return Float64Array.from({ length: n }, () => f(rng));
}

describe("valueAtRisk / conditionalValueAtRisk", () => {
  const x = sample(1, exponential);
  const sketch = new QuantileSketch();
  sketch.pushMany(x.length, x);

  it("VaR is the level-quantile within relative error alpha", () => {
    const sorted = x.slice().sort();
    for (const level of [0.9, 0.95, 0.99]) {
      const exact = sorted[Math.floor(level * (x.length - 1))];
      expect(Math.abs(valueAtRisk(sketch, level) - exact)).toBeLessThanOrEqual(0.01 * exact * (1 + 1e-12));
    }
  });

  it.each([0.5, 0.9, 0.95, 0.99, 0.999, 0.99999])(
    "CVaR at %f is within relative error alpha of the exact empirical expected shortfall (non-negative tail)",
    (level) => {
      const exact = exactShortfall(x, level);
      expect(Math.abs(conditionalValueAtRisk(sketch, level) - exact)).toBeLessThanOrEqual(0.01 * exact * (1 + 1e-12));
    },
  );

  it("CVaR of Exp(1) at 0.95 is near its population value 1 − ln 0.05 = 3.9957 (sampling error ~0.02)", () => {
    expect(conditionalValueAtRisk(sketch, 0.95)).toBeCloseTo(1 - Math.log(0.05), 1);
  });

  it("mixed-sign tail: error within alpha times the mean |x| of the tail", () => {
    const y = sample(2, normal);
    const s = new QuantileSketch();
    s.pushMany(y.length, y);
    for (const level of [0.1, 0.5, 0.7]) {
      const exact = exactShortfall(y, level);
      const sorted = y.slice().sort();
      const tail = sorted.subarray(Math.floor(level * y.length));
      const meanAbs = tail.reduce((a, v) => a + Math.abs(v), 0) / tail.length;
      expect(Math.abs(conditionalValueAtRisk(s, level) - exact)).toBeLessThanOrEqual(0.01 * meanAbs * 1.01);
    }
  });

  it("level = 1 gives the top bucket; empty sketch or level outside [0, 1] gives NaN", () => {
    expect(conditionalValueAtRisk(sketch, 1)).toBe(sketch.quantile(1));
    expect(conditionalValueAtRisk(new QuantileSketch(), 0.95)).toBeNaN();
    expect(conditionalValueAtRisk(sketch, 1.5)).toBeNaN();
    expect(valueAtRisk(sketch, -0.5)).toBeNaN();
  });
});
