import { describe, expect, it } from "vitest";
import { runInline } from "../../src/engine/run-inline.ts";
import { convergenceDiagnostics, HEAVY_TAIL_VOV } from "../../src/result/convergence.ts";
import type { ContinuousMetric } from "../../src/result/document.ts";
import { normal } from "../../src/rng/distributions.ts";
import { createStream } from "../../src/rng/stream.ts";
import { resolveSpec } from "../../src/spec/resolve.ts";
import { Moments } from "../../src/stats/welford.ts";

/** Welford moments of the sample variances of `blocks` blocks of `size` values drawn by `draw`. */
function blockVariances(blocks: number, size: number, draw: () => number) {
  const acc = new Moments();
  for (let b = 0; b < blocks; b++) {
    const m = new Moments();
    for (let i = 0; i < size; i++) m.push(draw());
    acc.push(m.sampleVariance);
  }
  return { n: acc.n, mean: acc.mean, m2: acc.sampleVariance * (acc.n - 1) };
}

describe("convergence diagnostics", () => {
  const run = runInline(
    resolveSpec({
      name: "c",
      simulation: "rendezvous",
      seed: 3,
      trials: 20_000,
      blockTrials: 250,
      params: { nCpu: 16 },
    }),
    {
      shardTrials: 5000,
    },
  );
  const pause = run.convergence.find((c) => c.model === "plain" && c.metric === "pause")!;

  it("the half-width of an iid mean shrinks as n^-1/2 (fitted slope within 0.1 of −0.5), with no warning", () => {
    expect(Math.abs(pause.slope + 0.5)).toBeLessThan(0.1);
    expect(pause.warnings).toEqual([]);
  });

  it("batch-means standard error agrees with the iid standard error (80 blocks: (bm/se)² ~ χ²₇₉/79, 5σ band)", () => {
    const m = run.points[0]!.models["plain"]!.metrics["pause"] as ContinuousMetric;
    const ratio = (m.batchMeansSe / m.se) ** 2;
    const sd = Math.sqrt(2 / 79);
    expect(Math.abs(ratio - 1)).toBeLessThan(5 * sd);
    expect(m.relErr).toBeCloseTo(m.se / m.mean, 12);
  });

  it("varianceOfVariance of normal data is √(2/(B − 1)) (within 30 %), below the heavy-tail threshold", () => {
    const rng = createStream(1, 0, 0, 0, 0);
    const d = convergenceDiagnostics(
      "continuous",
      [],
      blockVariances(400, 250, () => normal(rng)),
    );
    expect(d.varianceOfVariance / Math.sqrt(2 / 249)).toBeGreaterThan(0.7);
    expect(d.varianceOfVariance / Math.sqrt(2 / 249)).toBeLessThan(1.3);
    expect(d.warnings).toEqual([]);
  });

  it("warns of heavy tails for Pareto(α = 2.5) data, whose fourth moment is infinite", () => {
    const rng = createStream(1, 0, 0, 1, 0);
    const pareto = () => (1 - rng.nextDouble()) ** (-1 / 2.5);
    const d = convergenceDiagnostics("continuous", [], blockVariances(400, 250, pareto));
    expect(d.varianceOfVariance).toBeGreaterThan(HEAVY_TAIL_VOV);
    expect(d.warnings[0]).toMatch(/^heavy tails/);
  });

  it("warns when the half-width does not shrink as n^-1/2, except for a proportion stuck at 0 or 1", () => {
    const rows = [100, 200, 400, 800].map((n) => [n, 0, 1 / n] as [number, number, number]);
    const none = { n: 0, mean: 0, m2: 0 };
    expect(convergenceDiagnostics("continuous", rows, none).warnings[0]).toMatch(/n\^-1\.00, not n\^-0\.5/);
    expect(convergenceDiagnostics("proportion", rows, none).warnings).toEqual([]);
    const settling = rows.map(([n, , h]) => [n, 0.3, h] as [number, number, number]);
    expect(convergenceDiagnostics("proportion", settling, none).warnings).toHaveLength(1);
  });
});
