import { describeSimulation, getSimulation, type SimulationDescription } from "@mcx/core";

/** Metrics shown by default; simulations with more get a selection (every metric is in the result document). */
export const DEFAULT_METRIC_COUNT = 6;

/** What the summary needs to know of a simulation: its description, plus the metric lists that rank metrics. */
export type SummarySimulation = SimulationDescription & {
  readonly comparisonMetrics?: readonly string[];
  /** Metrics a simulation wants in summaries first (`Simulation.summaryMetrics`). */
  readonly summaryMetrics?: readonly string[];
};

/** The {@link SummarySimulation} of a registered simulation. */
export function summarySimulation(name: string): SummarySimulation {
  const sim = getSimulation(name);
  return {
    ...describeSimulation(sim),
    comparisonMetrics: sim.comparisonMetrics,
    ...(sim.summaryMetrics === undefined ? {} : { summaryMetrics: sim.summaryMetrics }),
  };
}

/** Options of {@link renderSummary}. */
export interface SummaryOptions {
  /**
   * Metrics to show, in order; "all" for every metric.
   * @defaultValue {@link defaultSummaryMetrics}
   */
  readonly metrics?: readonly string[] | "all";
  /** Metrics to show first by default (e.g. the spec's `stop.metrics`). */
  readonly prefer?: readonly string[];
}

/**
 * The metrics a summary shows when none are asked for: all of them when there are few, else the preferred ones
 * (stop metrics), the simulation's `summaryMetrics` when it declares them, then its first comparison metrics and
 * its proportions, up to {@link DEFAULT_METRIC_COUNT}.
 */
export function defaultSummaryMetrics(
  sim: SummarySimulation,
  present: ReadonlySet<string>,
  prefer: readonly string[] = [],
): string[] {
  const all = sim.metrics.map((m) => m.name).filter((m) => present.has(m));
  if (all.length <= DEFAULT_METRIC_COUNT && prefer.length === 0) return all;
  const proportions = sim.metrics.filter((m) => m.kind === "proportion").map((m) => m.name);
  const ranked = [
    ...prefer,
    ...(sim.summaryMetrics ?? []),
    ...(sim.comparisonMetrics ?? []).slice(0, 2),
    ...proportions,
    ...all,
  ];
  const chosen = [...new Set(ranked)].filter((m) => present.has(m));
  return chosen.slice(0, Math.max(DEFAULT_METRIC_COUNT, prefer.length));
}
