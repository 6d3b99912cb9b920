import { getSimulation, type ResolvedSpec } from "@mcx/core";
import { pilotPoints } from "./pilot-points.ts";

/** Options of {@link measureSecondsPerTrial}. */
export interface PilotOptions {
  /**
   * Wall-clock budget of the whole pilot, in seconds.
   * @defaultValue 0.2
   */
  readonly budgetSeconds?: number;
  /**
   * Points sampled (first, last and evenly between), since a sweep's points can differ a lot in cost.
   * @defaultValue 3
   */
  readonly points?: number;
}

/**
 * Seconds per trial (all models of one trial) measured on the calling thread: a few untimed warm-up trials, then
 * timed trials on up to `points` points of the spec until the budget is spent. The results are discarded; the
 * figure only sizes shards, which never changes a result.
 */
export function measureSecondsPerTrial(spec: ResolvedSpec, options: PilotOptions = {}): number {
  const budget = (options.budgetSeconds ?? 0.2) * 1000;
  const sim = getSimulation(spec.simulation);
  const indexes = pilotPoints(spec.points.length, options.points ?? 3);
  const out = new Float64Array(spec.models.length * sim.metrics.length);
  const perPoint = budget / indexes.length;
  let trials = 0;
  let ms = 0;
  const start = performance.now();
  for (const i of indexes) {
    const point = spec.points[i]!;
    const kernel = sim.createKernel(sim.params.parse(point.params), spec.models);
    // Trial numbers far from the ones a run starts with; any address is as good as another for timing.
    let trial = 0x7fff_0000;
    for (let w = 0; w < 3; w++) kernel.runTrial({ seed: spec.seed, point: point.index, trial: trial++ }, out);
    const t0 = performance.now();
    let t = t0;
    let k = 0;
    while (k < 3 || (t - t0 < perPoint && k < 100_000)) {
      kernel.runTrial({ seed: spec.seed, point: point.index, trial: trial++ }, out);
      k++;
      if ((k & 7) === 0 || k < 8) t = performance.now();
    }
    t = performance.now();
    trials += k;
    ms += t - t0;
    if (t - start > budget * 2) break;
  }
  return ms / 1000 / Math.max(1, trials);
}
