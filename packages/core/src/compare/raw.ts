import type { ComparedStatistic, CompareSide, MetricComparison, Unmatched } from "./types.ts";

/** A comparison before multiplicity adjustment: q, significance and the equivalence verdict come later. */
export type Raw = Omit<MetricComparison, "q" | "significant" | "equivalence"> & { tostP?: number; delta?: number };

/** Where a comparison is: the point of a, its partner in b, the model and the metric. */
export interface Where {
  readonly point: number;
  readonly pointB: number;
  readonly model: string;
  readonly metric: string;
}

/** Everything a metric's comparisons depend on besides the two metrics. */
export interface MetricContext {
  readonly confidence: number;
  readonly margin: number | undefined;
  /** Levels the two documents' stored intervals were computed at. */
  readonly levels: readonly [a: number, b: number];
  /** Batch trials shared by the two aligned points, or undefined for independent tests. */
  readonly aligned: readonly number[] | undefined;
  readonly unmatched: Unmatched[];
}

/** Statistic-specific labels of a comparison (an exceedance's threshold, a quantile's name). */
export type Extra = { threshold?: number; quantile?: string };

export function relative(diff: number, a: number): number {
  return a !== 0 && Number.isFinite(a) ? diff / Math.abs(a) : Number.NaN;
}

/** A comparison without a test (kept out of the Benjamini–Hochberg family), with the reason in `note`. */
export function untested(
  where: Where,
  statistic: ComparedStatistic,
  a: CompareSide,
  b: CompareSide,
  note: string,
  extra: Extra = {},
): Raw {
  const diff = b.estimate - a.estimate;
  return {
    ...where,
    statistic,
    ...extra,
    test: "none",
    a,
    b,
    diff,
    relDiff: relative(diff, a.estimate),
    ci: [Number.NaN, Number.NaN],
    statisticValue: Number.NaN,
    p: Number.NaN,
    note,
  };
}
