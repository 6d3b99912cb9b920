import { QuantileSketch } from "../stats/quantile-sketch.ts";
import type { ShardSummary } from "./shard-task.ts";

/** Order-free statistics of one continuous slot, merged over the applied prefix. */
export interface MergedExact {
  /** NaN and ±∞ values; `posInf` of them are +∞ and `negInf` −∞. */
  nonFinite: number;
  posInf: number;
  negInf: number;
  min: number;
  max: number;
  readonly sketch: QuantileSketch;
  readonly exceed: Float64Array;
}

export function emptyExact(thresholds: number): MergedExact {
  return {
    nonFinite: 0,
    posInf: 0,
    negInf: 0,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
    sketch: new QuantileSketch(),
    exceed: new Float64Array(thresholds),
  };
}

/** Adds a shard's order-free statistics (integer counts, extremes, sketches: exact in any order). */
export function mergeExact(exact: readonly MergedExact[], summary: ShardSummary): void {
  exact.forEach((e, c) => {
    const x = summary.exact.continuous[c]!;
    e.nonFinite += x.nonFinite;
    e.posInf += x.posInf;
    e.negInf += x.negInf;
    if (x.min !== null && x.min < e.min) e.min = x.min;
    if (x.max !== null && x.max > e.max) e.max = x.max;
    e.sketch.mergeJSON(x.sketch);
    x.exceed.forEach((k, i) => {
      e.exceed[i] += k;
    });
  });
}
