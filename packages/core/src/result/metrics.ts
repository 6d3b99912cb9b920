import { RECORD } from "../engine/layout.ts";
import type { PointMerger } from "../engine/point-merger.ts";
import { type IntervalDesign, meanInterval, proportionInterval } from "../stats/interval-design.ts";
import { ruleOfThreeUpper } from "../stats/proportion.ts";
import type { ContinuousMetric, ProportionMetric } from "./document.ts";
import { tailFields } from "./tails.ts";

/** What a metric's batch fields are read from: the point's aligned batches, by slot. */
export interface SlotBatches {
  readonly trials: readonly number[];
  readonly weight: readonly number[];
  readonly mean: readonly number[];
}

function proportionCounts(
  n: number,
  successes: number,
  confidence: number,
  design: IntervalDesign,
): Pick<ProportionMetric, "n" | "successes" | "p" | "ci" | "upper"> {
  return {
    n,
    successes,
    p: n === 0 ? Number.NaN : successes / n,
    ci: n === 0 ? [Number.NaN, Number.NaN] : proportionInterval(design, successes, n, confidence),
    // One-sided exact bound when nothing was seen: 1 − (1 − conf)^(1/n) ("rule of three" ≈ 3/n at 95 %).
    ...(successes === 0 && n > 0 ? { upper: ruleOfThreeUpper(n, confidence) } : {}),
  };
}

export function proportionMetric(
  pm: PointMerger,
  s: number,
  confidence: number,
  batches: SlotBatches,
): ProportionMetric {
  const counts = proportionCounts(pm.moments[s * RECORD]!, pm.moments[s * RECORD + 1]!, confidence, pm.design);
  return { kind: "proportion", ...counts, batchMeans: [...batches.mean] };
}

/** SE of the mean from block means weighted by their sizes: √(Σ n_b (m_b − m̄)² / ((B − 1) Σ n_b)). */
function batchMeansSe(pm: PointMerger, s: number): number {
  const at = s * RECORD;
  const weight = pm.blockMeanMoments[at]!;
  const blocks = pm.blockCounts[s]!;
  return blocks > 1 ? Math.sqrt(pm.blockMeanMoments[at + 2]! / (blocks - 1) / weight) : Number.NaN;
}

export function continuousMetric(
  pm: PointMerger,
  s: number,
  c: number,
  thresholds: readonly number[],
  confidence: number,
  batches: SlotBatches,
): ContinuousMetric {
  const at = s * RECORD;
  const n = pm.moments[at]!;
  const mean = n > 0 ? pm.moments[at + 1]! : Number.NaN;
  const sd = n > 1 ? Math.sqrt(pm.moments[at + 2]! / (n - 1)) : Number.NaN;
  const se = sd / Math.sqrt(n);
  const exact = pm.exact[c]!;
  const total = n + exact.nonFinite;
  const someNonFinite = batches.weight.some((w, k) => w !== batches.trials[k]);
  return {
    kind: "continuous",
    n,
    nonFinite: exact.nonFinite,
    posInf: exact.posInf,
    negInf: exact.negInf,
    mean,
    sd,
    se,
    ci: n > 1 ? meanInterval(pm.design, mean, sd, n, confidence) : [Number.NaN, Number.NaN],
    min: n > 0 ? exact.min : Number.NaN,
    max: n > 0 ? exact.max : Number.NaN,
    quantileRelError: exact.sketch.alpha,
    ...tailFields(exact, confidence),
    relErr: mean !== 0 ? se / Math.abs(mean) : Number.NaN,
    batchMeansSe: batchMeansSe(pm, s),
    batchCount: pm.blockCounts[s]!,
    batchMeans: [...batches.mean],
    ...(someNonFinite ? { batchFinite: [...batches.weight] } : {}),
    exceedance: thresholds.map((threshold, k) => ({
      threshold,
      ...proportionCounts(total, exact.exceed[k]!, confidence, pm.design),
    })),
  };
}
