import type { StopRule } from "../spec/schema.ts";
import { FIXED_N, type IntervalDesign, meanInterval, proportionInterval } from "../stats/interval-design.ts";
import type { Slot } from "./layout.ts";

/**
 * The interval design of a run: confidence sequences tightest at `stop.minTrials` with `stop.method: sequential`,
 * fixed-n intervals otherwise (fixed trials, or the default stop rule).
 */
export function intervalDesignOf(stop: StopRule | undefined): IntervalDesign {
  return stop?.method === "sequential" ? { method: "sequential", nStar: stop.minTrials } : FIXED_N;
}

/** Estimate and interval half-width of one slot from its merged (n, mean, m2) or (n, successes). */
export interface SlotEstimate {
  readonly n: number;
  readonly estimate: number;
  readonly halfWidth: number;
}

/**
 * Estimate and half-width of a slot under the run's interval design: the half-width the stop rule compares with
 * its target and the convergence record shows (Wilson / Student t, or the confidence sequence).
 */
export function slotEstimate(
  slot: Slot,
  n: number,
  a: number,
  m2: number,
  confidence: number,
  design: IntervalDesign = FIXED_N,
): SlotEstimate {
  if (slot.kind === "proportion") {
    if (n === 0) return { n, estimate: Number.NaN, halfWidth: Number.POSITIVE_INFINITY };
    const [lo, hi] = proportionInterval(design, a, n, confidence);
    return { n, estimate: a / n, halfWidth: (hi - lo) / 2 };
  }
  if (n < 2) return { n, estimate: n === 1 ? a : Number.NaN, halfWidth: Number.POSITIVE_INFINITY };
  const [lo, hi] = meanInterval(design, a, Math.sqrt(m2 / (n - 1)), n, confidence);
  return { n, estimate: a, halfWidth: (hi - lo) / 2 };
}

/**
 * Whether one estimate meets the stop rule: its half-width is within relHalfWidth·|estimate| or within
 * absHalfWidth (either target suffices when both are set, so a metric near zero can stop on the absolute one).
 */
export function meetsTarget(e: SlotEstimate, rule: StopRule): boolean {
  if (!Number.isFinite(e.halfWidth)) return false;
  if (rule.absHalfWidth !== undefined && e.halfWidth <= rule.absHalfWidth) return true;
  return (
    rule.relHalfWidth !== undefined &&
    Number.isFinite(e.estimate) &&
    e.halfWidth <= rule.relHalfWidth * Math.abs(e.estimate)
  );
}

/**
 * Trials the estimate needs to meet the rule, assuming half-width ∝ 1/√n (CLT): n·(h/target)².
 * Infinity when no finite target applies yet.
 */
export function predictedTrials(e: SlotEstimate, rule: StopRule): number {
  const targets: number[] = [];
  if (rule.absHalfWidth !== undefined) targets.push(rule.absHalfWidth);
  if (rule.relHalfWidth !== undefined && Number.isFinite(e.estimate) && e.estimate !== 0) {
    targets.push(rule.relHalfWidth * Math.abs(e.estimate));
  }
  if (targets.length === 0 || !Number.isFinite(e.halfWidth) || e.n === 0) return Number.POSITIVE_INFINITY;
  const target = Math.max(...targets);
  return Math.ceil(e.n * Math.max(1, (e.halfWidth / target) ** 2));
}
