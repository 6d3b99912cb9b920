import { confidenceSequenceInterval, proportionConfidenceSequence } from "./confidence-sequence.ts";
import { type Interval, studentTInterval } from "./intervals.ts";
import { wilsonInterval } from "./proportion.ts";

/**
 * How the intervals of means and proportions are built: `fixed-n` intervals (Student t, Wilson) are exact or
 * nominal when the number of trials was fixed in advance; `sequential` ones are anytime-valid confidence sequences,
 * which keep their level when the number of trials was chosen by looking at the data (`stop.method: sequential`),
 * tightest at `nStar` trials.
 */
export type IntervalDesign = { readonly method: "fixed-n" } | { readonly method: "sequential"; readonly nStar: number };

export const FIXED_N: IntervalDesign = { method: "fixed-n" };

/** Interval of a mean from (mean, sd, n) under `design`; [−∞, ∞] when n < 2. */
export function meanInterval(
  design: IntervalDesign,
  mean: number,
  sd: number,
  n: number,
  confidence: number,
): Interval {
  return design.method === "sequential"
    ? confidenceSequenceInterval(mean, sd, n, confidence, design.nStar)
    : studentTInterval(mean, sd, n, confidence);
}

/** Interval of a proportion under `design` (Wilson for fixed n). */
export function proportionInterval(design: IntervalDesign, successes: number, n: number, confidence: number): Interval {
  return design.method === "sequential"
    ? proportionConfidenceSequence(successes, n, confidence, design.nStar)
    : wilsonInterval(successes, n, confidence);
}
