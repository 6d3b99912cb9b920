import type { MergedExact } from "../engine/merged-exact.ts";
import { TailView } from "../stats/tail.ts";
import type { FiniteOnlyTail } from "./document.ts";

/** Quantiles reported for every continuous metric: enough knots to draw a CDF (the report does), tails included. */
export const REPORTED_QUANTILES = {
  p01: 0.01,
  p05: 0.05,
  p10: 0.1,
  p25: 0.25,
  p50: 0.5,
  p75: 0.75,
  p90: 0.9,
  p95: 0.95,
  p99: 0.99,
} as const;

/** Quantiles, VaR and CVaR at 95 and 99 %, each with its interval at `confidence`. */
function tailStatistics(view: TailView, confidence: number): FiniteOnlyTail {
  const entries = Object.entries(REPORTED_QUANTILES);
  return {
    quantiles: Object.fromEntries(entries.map(([k, q]) => [k, view.quantile(q)])),
    quantileCi: Object.fromEntries(entries.map(([k, q]) => [k, view.quantileInterval(q, confidence)])),
    var95: view.quantile(0.95),
    var95Ci: view.quantileInterval(0.95, confidence),
    cvar95: view.cvar(0.95),
    cvar95Ci: view.cvarInterval(0.95, confidence),
    var99: view.quantile(0.99),
    var99Ci: view.quantileInterval(0.99, confidence),
    cvar99: view.cvar(0.99),
    cvar99Ci: view.cvarInterval(0.99, confidence),
  };
}

/**
 * The tail statistics of a continuous slot: over all trials (−∞ first, +∞ last; NaN values left out), and, when
 * some values are not finite, the same over the finite values only (`finiteOnly`).
 */
export function tailFields(exact: MergedExact, confidence: number): FiniteOnlyTail & { finiteOnly?: FiniteOnlyTail } {
  const { sketch, posInf, negInf, min, max } = exact;
  const all = tailStatistics(new TailView({ sketch, posInf, negInf, min, max }), confidence);
  if (exact.nonFinite === 0 || sketch.count === 0) return all;
  const finiteOnly = tailStatistics(new TailView({ sketch, posInf: 0, negInf: 0, min, max }), confidence);
  return { ...all, finiteOnly };
}
