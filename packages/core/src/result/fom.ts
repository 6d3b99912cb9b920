import type { PointResult, ResultDocument } from "./document.ts";

/**
 * Figure of merit per point, model and continuous metric, FOM = 1 / (relErr² · seconds) (the Monte Carlo
 * efficiency of MCNP and OpenMC: it does not depend on the number of trials when relErr ∝ 1/√trials, so runs,
 * models and variance-reduction schemes compare at equal cost). `seconds` is the run's wall time, which is why the
 * FOM lives outside `points` and the digest. NaN when relErr or seconds is 0 or undefined.
 */
export function figuresOfMerit(points: readonly PointResult[], seconds: number): NonNullable<ResultDocument["fom"]> {
  const metrics = points.flatMap((p) =>
    Object.entries(p.models).flatMap(([model, { metrics }]) =>
      Object.entries(metrics).flatMap(([metric, m]) => {
        if (m.kind !== "continuous") return [];
        const denominator = m.relErr * m.relErr * seconds;
        return [{ point: p.index, model, metric, fom: denominator > 0 ? 1 / denominator : Number.NaN }];
      }),
    ),
  );
  return { seconds, metrics };
}
