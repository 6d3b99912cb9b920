import type { RunMerger } from "./run-merger.ts";

/** A live view of a run for progress bars and `mcx watch`: per point and slot, estimate ± half-width so far. */
export interface RunProgress {
  readonly trialsDone: number;
  /** Trials if every point runs to its cap. */
  readonly trialsPlanned: number;
  readonly shardsDone: number;
  readonly shardsPlanned: number;
  readonly done: boolean;
  readonly points: readonly {
    readonly index: number;
    readonly trials: number;
    readonly stop: string;
    /** Trials the stop rule needs by the CLT extrapolation at the last checkpoint (Infinity if unknown). */
    readonly predictedTrials: number;
    readonly slots: readonly {
      readonly model: string;
      readonly metric: string;
      readonly estimate: number;
      readonly halfWidth: number;
    }[];
  }[];
}

export function runProgress(merger: RunMerger): RunProgress {
  const { plan } = merger;
  return {
    trialsDone: merger.trialsDone,
    trialsPlanned: plan.spec.maxTrials * plan.spec.points.length,
    shardsDone: merger.counts.completed,
    shardsPlanned: plan.shardCount,
    done: merger.done,
    points: merger.points.map((pm) => ({
      index: pm.point,
      trials: pm.trials,
      stop: pm.stop,
      predictedTrials: pm.predicted,
      slots: pm.layout.slots.map((slot, s) => {
        const e = pm.estimate(s);
        return { model: slot.model, metric: slot.metric, estimate: e.estimate, halfWidth: e.halfWidth };
      }),
    })),
  };
}
