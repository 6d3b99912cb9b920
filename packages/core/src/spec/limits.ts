/**
 * Bounds that protect a cluster from a runaway spec. Every error that trips one names the bound.
 */
export const SpecLimits = {
  /** Size of the spec text in bytes. */
  maxSpecBytes: 1_000_000,
  /** Parameter points after sweep expansion. */
  maxPoints: 10_000,
  /** Trials of one point (fixed `trials`, or `stop.maxTrials`). */
  maxTrialsPerPoint: 1_000_000_000,
  /** Trials summed over all points. */
  maxTotalTrials: 10_000_000_000,
  /** Trials per accumulation block. */
  maxBlockTrials: 1_000_000,
  /** Samples drawn by a `random` or `lhs` sweep. */
  maxSweepSamples: 10_000,
} as const;
