import { type CompareReport, compareResults, DEFAULT_FDR, type MetricComparison, type ResultDocument } from "@mcx/core";
import type { RunRegression } from "@mcx/protocol";

/** Significant comparisons named in a summary line; the rest are counted. */
const SUMMARY_ITEMS = 3;

function signedPercent(x: number): string {
  if (!Number.isFinite(x)) return "";
  const v = x * 100;
  const digits = Math.abs(v) >= 10 ? 0 : Math.abs(v) >= 1 ? 1 : 2;
  return ` ${v >= 0 ? "+" : ""}${v.toFixed(digits)}%`;
}

function statisticName(c: MetricComparison): string {
  switch (c.statistic) {
    case "mean":
      return `mean ${c.metric}`;
    case "p":
      return `P(${c.metric})`;
    case "nonFinite":
      return `P(${c.metric} = ∞)`;
    case "exceedance":
      return `P(${c.metric} > ${c.threshold})`;
    case "quantile":
      return `${c.quantile} ${c.metric}`;
  }
}

/** Means first, then proportions, non-finite fractions, exceedances and quantiles; by q within each. */
const HEADLINE = ["mean", "p", "nonFinite", "exceedance", "quantile"];
function byHeadline(x: MetricComparison, y: MetricComparison): number {
  return HEADLINE.indexOf(x.statistic) - HEADLINE.indexOf(y.statistic) || x.q - y.q;
}

function describe(c: MetricComparison): string {
  const point = c.point === c.pointB ? `point ${c.point}` : `point ${c.point}↔${c.pointB}`;
  return `${point} ${c.model} ${statisticName(c)}${signedPercent(c.relDiff)}`;
}

/**
 * One line saying how a report came out: identical, which statistics differ (means first, smallest q first), what
 * is unmatched, or that nothing differs.
 */
export function summarizeComparison(report: CompareReport): string {
  if (report.identical) return `identical to the baseline (${report.digestA.slice(0, 19)}…)`;
  const tested = report.comparisons.filter((c) => c.test !== "none").length;
  const parts: string[] = [];
  const n = report.significant.length;
  if (n > 0) {
    const named = [...report.significant].sort(byHeadline).slice(0, SUMMARY_ITEMS).map(describe).join(", ");
    const more = n > SUMMARY_ITEMS ? `, ${n - SUMMARY_ITEMS} more` : "";
    parts.push(`${n} of ${tested} tests differ (q ≤ ${report.fdr}): ${named}${more}`);
  }
  if (report.unmatched.length > 0) {
    const u = report.unmatched[0]!;
    const more = report.unmatched.length > 1 ? ` and ${report.unmatched.length - 1} more` : "";
    parts.push(`${report.unmatched.length} unmatched (${u.what} ${u.pointA ?? u.pointB ?? ""}: ${u.reason}${more})`);
  }
  if (parts.length === 0) parts.push(`no significant difference in ${tested} tests (q ≤ ${report.fdr})`);
  // Aligned runs (same seed, points and trials) get paired tests over aligned batch means (compareResults).
  if (report.pairs.length > 0 && report.pairs.every((p) => (p.alignedBatches ?? 0) > 0))
    parts.push(`paired over ${report.pairs[0]!.alignedBatches} aligned batches`);
  const differing = report.pairs.flatMap((p) => p.paramsDiffer);
  if (differing.length > 0) {
    const first = differing[0]!;
    parts.push(
      `compared by index; parameters differ (${first.path} ${JSON.stringify(first.a)} → ${JSON.stringify(first.b)}${differing.length > 1 ? ", …" : ""})`,
    );
  }
  return parts.join("; ");
}

/**
 * Compares a scheduled run's result with its schedule's baseline: `compareResults(baseline, result)` at the default
 * false discovery rate. Points are paired by index when both documents have as many (a nightly run of the baseline's
 * own spec pairs the same either way, and a baseline of other parameters is still compared point by point), else by
 * equal parameters.
 * @example assessRegression(doc, doc) // → { differs: false, identical: true, significant: 0, … }
 */
export function assessRegression(baseline: ResultDocument, result: ResultDocument): RunRegression {
  const report = compareResults(baseline, result, {
    fdr: DEFAULT_FDR,
    match: baseline.points.length === result.points.length ? "index" : "params",
  });
  return {
    differs: report.differs,
    significant: report.significant.length,
    identical: report.identical,
    tested: report.comparisons.filter((c) => c.test !== "none").length,
    baselineDigest: baseline.digest,
    summary: summarizeComparison(report),
  };
}
