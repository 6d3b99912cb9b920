import type { MetricComparison } from "@mcx/core";
import { formatEstimateInterval, formatPercent, formatQuantity, sig } from "./units.ts";

/** A percentage level without trailing zeros: 0.95 → "95 %". */
export function levelText(x: number): string {
  return `${Number((x * 100).toFixed(4))} %`;
}

/** The statistic of a comparison as a reader says it: mean, p, P(∞), P(> 5.00 ms), p99. */
export function statisticLabel(c: MetricComparison, unit = ""): string {
  switch (c.statistic) {
    case "mean":
      return "mean";
    case "p":
      return "p";
    case "nonFinite":
      return "P(∞)";
    case "exceedance":
      return `P(> ${formatQuantity(c.threshold ?? Number.NaN, unit)})`;
    case "quantile":
      return c.quantile ?? "quantile";
  }
}

/** How a comparison was tested, as a reader says it. */
export function testLabel(c: MetricComparison): string {
  switch (c.test) {
    case "paired-batch-t":
      return `paired t (${(c.df ?? 0) + 1} batches)`;
    case "welch-t":
      return "Welch t";
    case "two-proportion-score":
      return "score";
    case "quantile-z":
      return "quantile z";
    case "none":
      return "—";
  }
}

/** "differs", "equivalent", "—" or "untested (why)". */
export function verdictOf(c: MetricComparison): string {
  if (c.test === "none") return `untested: ${c.note ?? "no data"}`;
  if (c.significant) return "DIFFERS";
  if (c.equivalence?.equivalent) return "equivalent";
  return "—";
}

/** A relative difference as a signed percentage: "+4.8 %". */
export function relativeText(x: number): string {
  if (!Number.isFinite(x)) return "—";
  const v = x * 100;
  return `${v > 0 ? "+" : ""}${sig(v, 2)} %`;
}

/** a, b and b − a [interval] of one comparison in display units: SI-prefixed seconds, percentages, points. */
export function comparisonCells(c: MetricComparison, unit: string): [string, string, string] {
  if (c.statistic === "mean" || c.statistic === "quantile") {
    return [
      formatQuantity(c.a.estimate, unit, 4),
      formatQuantity(c.b.estimate, unit, 4),
      formatEstimateInterval(c.diff, c.ci, unit),
    ];
  }
  const pp = (x: number) => (Number.isFinite(x) ? sig(x * 100, 3) : "—");
  const diff = Number.isFinite(c.ci[0]) ? `${pp(c.diff)} [${pp(c.ci[0])}, ${pp(c.ci[1])}] pp` : `${pp(c.diff)} pp`;
  return [formatPercent(c.a.estimate), formatPercent(c.b.estimate), diff];
}
