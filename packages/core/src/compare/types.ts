/** Options of {@link compareResults}. */
export interface CompareOptions {
  /**
   * Target false discovery rate of the `significant` list (Benjamini–Hochberg over every tested comparison).
   * @defaultValue 0.05
   */
  readonly fdr?: number;
  /**
   * Relative equivalence margin for TOST: a comparison is called equivalent when b − a is shown to lie within
   * ±margin·|a| (BH-adjusted TOST p ≤ `fdr`). Omitted: no equivalence tests.
   * @defaultValue undefined
   */
  readonly equivalenceMargin?: number;
  /**
   * Level of the reported (marginal, per-comparison) intervals of b − a.
   * @defaultValue the `confidence` of document a
   */
  readonly confidence?: number;
  /**
   * How points are paired: `"params"` pairs a point of b with the point of a that has equal parameters (the same
   * index first), so sweeps that grew or were reordered still line up; `"index"` pairs points by index whatever
   * their parameters (to compare, say, `rate: 1000` against `rate: 1050`), and lists the parameters that differ.
   * @defaultValue "params"
   */
  readonly match?: "params" | "index";
  /**
   * `"auto"` compares means, proportions and non-finite fractions of aligned runs (same seed, point and batch
   * trials: common random numbers across the runs) by a paired test over their aligned batch means, and everything
   * else by independent tests; `"independent"` uses the independent tests everywhere.
   * @defaultValue "auto"
   */
  readonly pairing?: "auto" | "independent";
}

/**
 * What is compared: the mean of a continuous metric, a proportion, the non-finite fraction, an exceedance, or a
 * quantile (p50, p90, p99 over all trials).
 */
export type ComparedStatistic = "mean" | "p" | "nonFinite" | "exceedance" | "quantile";

/**
 * The test behind a comparison's p-value: Welch's t, the two-proportion score test, the paired t over aligned
 * batch means (aligned runs), or the z test of two quantiles with standard errors from their order-statistic
 * intervals.
 */
export type CompareTest = "welch-t" | "two-proportion-score" | "paired-batch-t" | "quantile-z" | "none";

/** One side of a comparison: the sample size and estimate read from a document. */
export interface CompareSide {
  readonly n: number;
  /** Mean (continuous) or proportion. */
  readonly estimate: number;
  /** Standard deviation of one observation (continuous only). */
  readonly sd?: number;
  /** Successes (proportions only). */
  readonly successes?: number;
}

/** A TOST equivalence verdict for one comparison. */
export interface Equivalence {
  /** The absolute margin δ = margin·|a|: equivalence means |b − a| < δ. */
  readonly delta: number;
  /** TOST p-value: the larger of the two one-sided p-values. */
  readonly p: number;
  /** BH-adjusted TOST p-value over every comparison with an equivalence test. */
  readonly q: number;
  readonly equivalent: boolean;
}

/** b − a for one statistic of one metric of one model at one matched pair of points. */
export interface MetricComparison {
  /** Index of the point in a. */
  readonly point: number;
  /** Index of the paired point in b (equal to `point` unless the sweeps differ in order). */
  readonly pointB: number;
  readonly model: string;
  readonly metric: string;
  readonly statistic: ComparedStatistic;
  /** The exceedance threshold, for `statistic: "exceedance"`. */
  readonly threshold?: number;
  /** The quantile (p50, p90, p99), for `statistic: "quantile"`. */
  readonly quantile?: string;
  readonly test: CompareTest;
  readonly a: CompareSide;
  readonly b: CompareSide;
  /** b − a. */
  readonly diff: number;
  /** (b − a) / |a|; NaN when a is 0. */
  readonly relDiff: number;
  /** Marginal interval of b − a at `CompareReport.confidence` (not adjusted for multiplicity). */
  readonly ci: readonly [number, number];
  /** Test statistic (t or z); NaN when untested. */
  readonly statisticValue: number;
  /** Degrees of freedom of the Welch test (Welch–Satterthwaite) or of the paired batch test (batches − 1). */
  readonly df?: number;
  /** Two-sided p-value of b = a; NaN when untested. */
  readonly p: number;
  /** Benjamini–Hochberg adjusted p-value; NaN when untested. */
  readonly q: number;
  /** q ≤ fdr. */
  readonly significant: boolean;
  readonly equivalence?: Equivalence;
  /** Why the comparison was not tested (n = 0, a single observation, a non-finite estimate …). */
  readonly note?: string;
}

/** A parameter that differs between two paired points (with `match: "index"`). */
export interface ParamDifference {
  readonly path: string;
  readonly a: unknown;
  readonly b: unknown;
}

/** A pair of points that were compared. */
export interface PointPair {
  readonly a: number;
  readonly b: number;
  readonly paramsDiffer: readonly ParamDifference[];
  /**
   * Aligned batches behind the paired tests of this pair (same seed, point and batch trials in both runs), or 0
   * when the runs are not aligned and the tests treat them as independent.
   */
  readonly alignedBatches?: number;
}

/** Something present on one side only (a point, a model or a metric), or present on both but not comparable. */
export interface Unmatched {
  readonly what: "point" | "model" | "metric" | "threshold";
  /** Point index in a, or undefined when the point exists in b only. */
  readonly pointA?: number;
  /** Point index in b, or undefined when the point exists in a only. */
  readonly pointB?: number;
  readonly model?: string;
  readonly metric?: string;
  /** The exceedance threshold present on one side only (`what: "threshold"`). */
  readonly threshold?: number;
  readonly reason: string;
}

/** The result of {@link compareResults}. */
export interface CompareReport {
  /** Equal digests: identical statistics, nothing else is computed. */
  readonly identical: boolean;
  /** True when something differs: a significant comparison, or an unmatched point, model, metric or threshold. */
  readonly differs: boolean;
  /** Comparisons with a test (the Benjamini–Hochberg family). */
  readonly tested: number;
  /**
   * False when the documents differ but nothing could be tested (other simulation, models, points, or parameters
   * under `match: "params"`): there is no answer, rather than a difference (`mcx compare` exits 2).
   */
  readonly comparable: boolean;
  readonly digestA: string;
  readonly digestB: string;
  readonly fdr: number;
  readonly confidence: number;
  readonly equivalenceMargin?: number;
  readonly match: "params" | "index";
  readonly pairs: readonly PointPair[];
  readonly comparisons: readonly MetricComparison[];
  /** Comparisons with q ≤ fdr, ordered by q. */
  readonly significant: readonly MetricComparison[];
  /** Comparisons shown equivalent within the margin (when `equivalenceMargin` is set). */
  readonly equivalent: readonly MetricComparison[];
  readonly unmatched: readonly Unmatched[];
  /** Context worth knowing: different spec hashes, simulations, confidence levels, incomplete runs. */
  readonly notes: readonly string[];
}
