import type { MetricKind, Simulation } from "../sim/types.ts";

/** One (model, metric) pair that a run accumulates. */
export interface Slot {
  readonly model: string;
  /** Index of the model in the run's `models` list (the kernel's output slot). */
  readonly modelIndex: number;
  readonly metric: string;
  /** Index of the metric in `Simulation.metrics`. */
  readonly metricIndex: number;
  readonly kind: MetricKind;
}

/** A paired comparison: per-trial differences a − b of one metric under common random numbers. */
export interface PairSlot {
  readonly metric: string;
  readonly metricIndex: number;
  readonly a: string;
  readonly aIndex: number;
  readonly b: string;
  readonly bIndex: number;
}

/**
 * Where every statistic of a run lives: the slots and pairs in a fixed order that the shard summaries, the
 * merger and the result all share. A function of (simulation, models) only.
 */
export interface SummaryLayout {
  readonly simulation: Simulation;
  readonly models: readonly string[];
  /** Kernel output stride per model (= simulation.metrics.length). */
  readonly stride: number;
  readonly slots: readonly Slot[];
  /** Indexes into `slots` of the continuous slots, in slot order. */
  readonly continuous: readonly number[];
  readonly pairs: readonly PairSlot[];
}

/** Numbers per slot or pair in a block record: [n, mean, m2] (proportions: [n, successes, 0]). */
export const RECORD = 3;

export function createLayout(simulation: Simulation, models: readonly string[]): SummaryLayout {
  const slots: Slot[] = [];
  const produces = (model: string, metric: string) =>
    simulation.models.find((m) => m.name === model)?.metrics.includes(metric) ?? false;
  models.forEach((model, modelIndex) => {
    simulation.metrics.forEach((m, metricIndex) => {
      if (produces(model, m.name)) slots.push({ model, modelIndex, metric: m.name, metricIndex, kind: m.kind });
    });
  });
  const pairs: PairSlot[] = [];
  for (const metric of simulation.comparisonMetrics) {
    const metricIndex = simulation.metrics.findIndex((m) => m.name === metric);
    const having = models.map((m, i) => ({ m, i })).filter(({ m }) => produces(m, metric));
    for (let x = 0; x < having.length; x++) {
      for (let y = x + 1; y < having.length; y++) {
        pairs.push({
          metric,
          metricIndex,
          a: having[x]!.m,
          aIndex: having[x]!.i,
          b: having[y]!.m,
          bIndex: having[y]!.i,
        });
      }
    }
  }
  const continuous = slots.flatMap((s, i) => (s.kind === "continuous" ? [i] : []));
  return { simulation, models, stride: simulation.metrics.length, slots, continuous, pairs };
}

/** Numbers in one block record: (slots + pairs) × RECORD. */
export function recordWidth(layout: SummaryLayout): number {
  return (layout.slots.length + layout.pairs.length) * RECORD;
}
