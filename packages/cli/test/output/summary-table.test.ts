import { describe, expect, it } from "vitest";
import { DEFAULT_METRIC_COUNT, defaultSummaryMetrics, type SummarySimulation } from "../../src/output/summary-table.ts";

function sim(continuous: number, proportions: number, extra: Partial<SummarySimulation> = {}): SummarySimulation {
  const metrics = [
    ...Array.from({ length: continuous }, (_, i) => ({
      name: `c${i}`,
      kind: "continuous" as const,
      unit: "s",
      description: "",
    })),
    ...Array.from({ length: proportions }, (_, i) => ({
      name: `p${i}`,
      kind: "proportion" as const,
      unit: "",
      description: "",
    })),
  ];
  return { name: "s", description: "", models: [], params: [], metrics, ...extra };
}
const all = (s: SummarySimulation) => new Set(s.metrics.map((m) => m.name));

describe("defaultSummaryMetrics", () => {
  it("shows every metric of a small simulation, in declaration order", () => {
    const s = sim(2, 1);
    expect(defaultSummaryMetrics(s, all(s))).toEqual(["c0", "c1", "p0"]);
  });

  it("selects stop metrics, declared summary metrics, two comparison metrics, then proportions", () => {
    const s = sim(20, 5, { comparisonMetrics: ["c3", "c4", "c5"], summaryMetrics: ["c9"] });
    expect(defaultSummaryMetrics(s, all(s), ["c7"])).toEqual(["c7", "c9", "c3", "c4", "p0", "p1"]);
    expect(defaultSummaryMetrics(s, all(s))).toHaveLength(DEFAULT_METRIC_COUNT);
  });

  it("skips metrics the result does not have", () => {
    const s = sim(20, 2, { comparisonMetrics: ["c3", "c4"] });
    expect(defaultSummaryMetrics(s, new Set(["c4", "p1", "c10"]))).toEqual(["c4", "c10", "p1"]);
  });
});

describe("renderSummary (issue 12)", () => {
  it("shows the tail of the first continuous metric with order-statistic intervals, and paired q-values", async () => {
    const { renderSummary, summarySimulation } = await import("../../src/output/summary-table.ts");
    const { runInline, resolveSpec } = await import("@mcx/core");
    // livepatch on the default workload: the hybrid leaves tDone = ∞ in about 1.2 % of trials, so its p99 is ∞
    // and its paired difference with immediate is over fewer pairs than trials.
    const doc = runInline(
      resolveSpec({
        name: "tail",
        simulation: "livepatch",
        models: ["immediate", "livepatch"],
        seed: 42,
        trials: 2000,
      }),
    );
    const text = renderSummary(doc, summarySimulation("livepatch"));
    expect(text).toMatch(/│ model +│ tDone p50 \(s\) +│ p99 \(s\) +│ CVaR95 \(s\) +│/);
    expect(text).toMatch(/│ livepatch +│ 16\.\d+ \[1\d\.\d+, 1\d\.\d+\] +│ ∞ \[\d+\.\d+, ∞\] +│ ∞ +│/);
    expect(text).toMatch(
      /│ tDone: immediate − livepatch \([\d,]+ pairs\) +│ -16\.\d+ ± 0\.\d+ s +│ < 0\.001 +│ < 0\.001 +│/,
    );
    expect(text).toMatch(
      /^a − b: paired over the trials where both values are finite \(k pairs\), so not the difference of the means/m,
    );
    expect(text).toMatch(/^tails: over all trials \(∞ where the tail reaches infinite values\)/m);
  });
});
