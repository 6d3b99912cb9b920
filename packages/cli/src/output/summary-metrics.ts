import {
  describeSimulation,
  getSimulation,
  type ResultDocument,
  type Simulation,
  type SimulationDescription,
} from "@mcx/core";

/** Metrics shown by default; simulations with more get a selection (every metric is in the result document). */
export const DEFAULT_METRIC_COUNT = 6;

/** What the summary needs to know of a simulation: its description, plus the metric lists that rank metrics. */
export type SummarySimulation = SimulationDescription & {
  readonly comparisonMetrics?: readonly string[];
  /** Metrics a simulation wants in summaries first (`Simulation.summaryMetrics`). */
  readonly summaryMetrics?: readonly string[];
};

/**
 * The {@link SummarySimulation} of a simulation: `simulation` when given (a user simulation this command loaded),
 * else the built-in called `name`.
 * @throws SpecError MCX_UNKNOWN_SIMULATION when there is neither
 */
export function summarySimulation(name: string, simulation?: Simulation): SummarySimulation {
  const sim = simulation ?? getSimulation(name);
  return {
    ...describeSimulation(sim),
    comparisonMetrics: sim.comparisonMetrics,
    ...(sim.summaryMetrics === undefined ? {} : { summaryMetrics: sim.summaryMetrics }),
  };
}

/**
 * The summary simulation of a result: its simulation when this command knows it, else what the document itself
 * says (a user simulation's run read back with `mcx results`: its metrics and models, without units).
 */
export function summaryOfResult(doc: ResultDocument, simulation?: Simulation): SummarySimulation {
  try {
    return summarySimulation(doc.simulation, simulation);
  } catch {
    const metrics = new Map<string, "continuous" | "proportion">();
    const models = new Map<string, Set<string>>();
    for (const p of doc.points) {
      for (const [model, { metrics: ms }] of Object.entries(p.models)) {
        const names = models.get(model) ?? new Set<string>();
        models.set(model, names);
        for (const [name, m] of Object.entries(ms)) {
          names.add(name);
          if (!metrics.has(name)) metrics.set(name, m.kind);
        }
      }
    }
    return {
      name: doc.simulation,
      description: doc.bundle === undefined ? "" : `bundle ${doc.bundle}`,
      models: [...models].map(([name, ms]) => ({ name, description: "", metrics: [...ms] })),
      metrics: [...metrics].map(([name, kind]) => ({ name, kind, unit: "", description: "" })),
      params: [],
      comparisonMetrics: [...new Set(doc.points.flatMap((p) => p.comparisons.map((c) => c.metric)))],
    };
  }
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
