import type { ContinuousMetric, MetricResult, PointResult } from "../result/document.ts";
import { wilsonInterval } from "../stats/proportion.ts";
import { proportionDifference } from "./two-proportion.ts";
import { welchDifference } from "./welch.ts";

/** Which way a metric is better; `undefined` = not declared (the lowest is named, as a description, not a verdict). */
export type Better = "lower" | "higher" | undefined;

/** The difference runner-up − best on the compared statistic, with its interval at the run's confidence. */
export interface ChoiceDifference {
  readonly estimate: number;
  readonly ci: [number, number];
  /**
   * `paired`: the point's paired comparison (common random numbers); `welch` / `newcombe`: an unpaired interval,
   * conservative here, because the models ran on the same trials and are positively correlated.
   */
  readonly method: "paired" | "welch" | "newcombe";
}

/** The best model of one point on one metric, and how clearly it beats the runner-up. */
export interface ModelChoice {
  readonly metric: string;
  readonly better: Better;
  readonly best: string;
  /** The first model behind the best (a model equal to the best counts as behind it: see `equal`). */
  readonly runnerUp?: string;
  /** Other models with exactly the best's values (no interval can tell them apart), in ranking order. */
  readonly equal: readonly string[];
  /**
   * What decided it: the mean, a proportion's p, or the fraction of non-finite values (`nonFinite`: a value that
   * never arrived, such as the completion time of a transition that never completed, counts as +∞).
   */
  readonly statistic: "mean" | "p" | "nonFinite";
  readonly estimate: number;
  readonly ci: [number, number];
  readonly difference?: ChoiceDifference;
  /** The difference's interval excludes 0: the best is better than every other model at the run's confidence. */
  readonly clear: boolean;
}

interface Candidate {
  readonly model: string;
  readonly m: MetricResult;
  /** Fraction of non-finite values (0 for proportions). */
  readonly inf: number;
  readonly value: number;
}

function nonFiniteFraction(m: ContinuousMetric): number {
  return m.nonFinite / (m.n + m.nonFinite);
}

/** Sort key: smaller is better; NaN sorts last. */
function order(better: Better, x: number): number {
  if (Number.isNaN(x)) return Number.POSITIVE_INFINITY;
  return better === "higher" ? -x : x;
}

function meanDifference(point: PointResult, metric: string, best: Candidate, runner: Candidate, confidence: number) {
  const paired = point.comparisons.find(
    (c) =>
      c.metric === metric &&
      ((c.a === runner.model && c.b === best.model) || (c.a === best.model && c.b === runner.model)),
  );
  if (paired !== undefined && Number.isFinite(paired.ci[0])) {
    // meanDiff is a − b.
    const flip = paired.a === best.model;
    const ci: [number, number] = flip ? [-paired.ci[1], -paired.ci[0]] : [paired.ci[0], paired.ci[1]];
    return { estimate: flip ? -paired.meanDiff : paired.meanDiff, ci, method: "paired" as const };
  }
  const a = best.m as ContinuousMetric;
  const b = runner.m as ContinuousMetric;
  const w = welchDifference(a, b, confidence);
  return w === undefined ? undefined : { estimate: w.diff, ci: w.ci, method: "welch" as const };
}

/**
 * The best model of a point on `metric`: for proportions the lowest (or highest) p; for continuous metrics the
 * smallest fraction of non-finite values first (for `higher`, the largest), then the lowest (highest) mean. The
 * difference to the runner-up is the point's paired comparison when it has one, else an unpaired interval (Welch
 * for means, Newcombe for proportions and non-finite fractions). O(models · log models).
 *
 * Edge contract: `undefined` when no model has a value; one model → no runner-up and `clear` false.
 * @example chooseBestModel(point, "tDone", "lower", 0.95)?.best // "livepatch"
 */
export function chooseBestModel(
  point: PointResult,
  metric: string,
  better: Better,
  confidence: number,
): ModelChoice | undefined {
  const candidates: Candidate[] = [];
  for (const [model, { metrics }] of Object.entries(point.models)) {
    const m = metrics[metric];
    if (m === undefined) continue;
    if (m.kind === "proportion") {
      if (m.n > 0) candidates.push({ model, m, inf: 0, value: m.p });
    } else if (m.n + m.nonFinite > 0) candidates.push({ model, m, inf: nonFiniteFraction(m), value: m.mean });
  }
  if (candidates.length === 0) return undefined;
  // Non-finite values are +∞: fewer is lower, whichever way is better the ordering of the fraction follows the value.
  candidates.sort(
    (x, y) => order(better, x.inf) - order(better, y.inf) || order(better, x.value) - order(better, y.value),
  );
  const best = candidates[0]!;
  const runner = candidates[1];
  const equal = candidates.slice(1).filter((c) => c.inf === best.inf && Object.is(c.value, best.value));
  const base = {
    metric,
    better,
    best: best.model,
    ...(runner === undefined ? {} : { runnerUp: runner.model }),
    equal: equal.map((c) => c.model),
  };
  if (best.m.kind === "proportion") {
    const diff = runner === undefined ? undefined : proportionDifference(best.m, runner.m as typeof best.m, confidence);
    return choice(base, "p", best.m.p, best.m.ci, diff && { estimate: diff.diff, ci: diff.ci, method: "newcombe" });
  }
  const bm = best.m;
  const rm = runner?.m as ContinuousMetric | undefined;
  if (rm !== undefined && nonFiniteFraction(rm) !== best.inf) {
    const counts = (m: ContinuousMetric) => ({ successes: m.nonFinite, n: m.n + m.nonFinite });
    const diff = proportionDifference(counts(bm), counts(rm), confidence);
    const ci = wilsonInterval(bm.nonFinite, bm.n + bm.nonFinite, confidence);
    return choice(base, "nonFinite", best.inf, ci, diff && { estimate: diff.diff, ci: diff.ci, method: "newcombe" });
  }
  const diff = runner === undefined ? undefined : meanDifference(point, metric, best, runner, confidence);
  return choice(base, "mean", bm.mean, bm.ci, diff);
}

function choice(
  base: Pick<ModelChoice, "metric" | "better" | "best" | "runnerUp" | "equal">,
  statistic: ModelChoice["statistic"],
  estimate: number,
  ci: readonly [number, number],
  difference: ChoiceDifference | undefined,
): ModelChoice {
  // runner-up − best: positive when lower is better and the best is clearly lower, negative when higher is better.
  const clear =
    difference !== undefined &&
    Number.isFinite(difference.ci[0]) &&
    (base.better === "higher" ? difference.ci[1] < 0 : difference.ci[0] > 0);
  return {
    ...base,
    statistic,
    estimate,
    ci: [ci[0], ci[1]],
    ...(difference === undefined ? {} : { difference }),
    clear,
  };
}
