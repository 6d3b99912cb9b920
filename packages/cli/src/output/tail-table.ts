import type { ContinuousMetric, PointResult, SimulationDescription } from "@mcx/core";
import { formatValueInterval } from "./format.ts";
import { createTable } from "./table.ts";

type Metric = SimulationDescription["metrics"][number];

/**
 * The tail of the first continuous metric shown: p50, p99 and CVaR95 over all trials with their intervals
 * (order statistics for quantiles, asymptotic for CVaR), one row per point and model. Empty when no continuous
 * metric has tail intervals (a document written before they existed).
 */
export function tailTable(
  points: readonly PointResult[],
  metrics: readonly Metric[],
  pointCols: readonly string[],
  pointCellsOf: (p: PointResult) => string[],
  _level: string,
): string {
  const metric = metrics.find(
    (m) =>
      m.kind === "continuous" &&
      points.some((p) =>
        Object.values(p.models).some((x) => (x.metrics[m.name] as ContinuousMetric | undefined)?.quantileCi),
      ),
  );
  if (metric === undefined) return "";
  const unit = metric.unit === "" || metric.unit === "count" ? "" : ` (${metric.unit})`;
  const table = createTable([...pointCols, "model", `${metric.name} p50${unit}`, `p99${unit}`, `CVaR95${unit}`]);
  for (const point of points) {
    Object.entries(point.models).forEach(([model, { metrics: ms }], i) => {
      const m = ms[metric.name];
      if (m?.kind !== "continuous" || m.quantileCi === undefined) return;
      const cell = (x: number, ci: readonly [number, number] | undefined) =>
        ci === undefined ? "—" : formatValueInterval(x, ci);
      table.push([
        ...(i === 0 ? pointCellsOf(point) : pointCols.map(() => "")),
        model,
        cell(m.quantiles["p50"] ?? Number.NaN, m.quantileCi["p50"]),
        cell(m.quantiles["p99"] ?? Number.NaN, m.quantileCi["p99"]),
        cell(m.cvar95, m.cvar95Ci),
      ]);
    });
  }
  return table.toString();
}
