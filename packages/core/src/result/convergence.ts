import type { MetricKind } from "../sim/types.ts";

/** Above this coefficient of variation of the block variances, tails are too heavy to trust the normal interval. */
export const HEAVY_TAIL_VOV = 1.0;
/** The half-width should shrink as n^-1/2; a fitted exponent outside this band means the estimate has not settled. */
export const SLOPE_BAND: readonly [number, number] = [-0.75, -0.25];

/** Least-squares slope of log half-width on log trials over the rows with a finite, positive half-width. */
export function halfWidthSlope(rows: readonly (readonly [number, number, number])[]): number {
  const pts = rows
    .filter(([n, , h]) => n > 0 && h > 0 && Number.isFinite(h))
    .map(([n, , h]) => [Math.log(n), Math.log(h)] as const);
  if (pts.length < 3) return Number.NaN;
  const mx = pts.reduce((a, [x]) => a + x, 0) / pts.length;
  const my = pts.reduce((a, [, y]) => a + y, 0) / pts.length;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of pts) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : Number.NaN;
}

/**
 * Convergence diagnostics of one metric (OpenMC / MCNP style):
 * - `slope`: exponent of half-width vs trials over the checkpoints; the CLT predicts −1/2.
 * - `varianceOfVariance`: coefficient of variation of the per-block sample variances (blocks are iid replicas, so
 *   this estimates √Var(s²)/E[s²] at the block size). For finite-kurtosis data it is √((κ − 1)/B) — 0.09 for a
 *   normal and 0.18 for an exponential at B = 250 — and it grows without bound when the fourth moment is infinite.
 * - `warnings`: heavy tails (varianceOfVariance > HEAVY_TAIL_VOV) or a slope outside SLOPE_BAND. A proportion stuck
 *   at 0 or 1 has a Wilson half-width ∝ 1/n, which is expected and not warned about.
 * @param blockVariances Welford moments (n, mean, m2) of the per-block sample variances
 */
export function convergenceDiagnostics(
  kind: MetricKind,
  rows: readonly (readonly [number, number, number])[],
  blockVariances: { readonly n: number; readonly mean: number; readonly m2: number },
): { slope: number; varianceOfVariance: number; warnings: string[] } {
  const slope = halfWidthSlope(rows);
  const { n: k, mean, m2 } = blockVariances;
  const varianceOfVariance = k > 1 && mean > 0 ? Math.sqrt(m2 / (k - 1)) / mean : Number.NaN;
  const warnings: string[] = [];
  if (Number.isFinite(varianceOfVariance) && varianceOfVariance > HEAVY_TAIL_VOV) {
    warnings.push(
      `heavy tails: block variances vary by ${varianceOfVariance.toFixed(2)}× their mean; the normal interval may be too narrow`,
    );
  }
  const last = rows[rows.length - 1];
  const degenerate = kind === "proportion" && last !== undefined && (last[1] === 0 || last[1] === 1);
  if (!degenerate && Number.isFinite(slope) && (slope < SLOPE_BAND[0] || slope > SLOPE_BAND[1])) {
    warnings.push(`half-width shrinks as n^${slope.toFixed(2)}, not n^-0.5: the estimate has not settled`);
  }
  return { slope, varianceOfVariance, warnings };
}
