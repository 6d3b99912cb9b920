import { flattenParams } from "@mcx/core";
import { type Context, showParam, styleOf } from "./context.ts";
import { niceDomain, type Series } from "./svg.ts";
import { formatEstimateInterval, formatPercentInterval, scaleUnit } from "./units.ts";

/** One swept key as a chart axis: numeric (maybe log) or categorical. */
export interface SweepAxis {
  readonly key: string;
  /** The point's value on this axis (a category's index for categorical keys). */
  readonly x: (point: number) => number;
  readonly log: boolean;
  readonly categories?: readonly string[];
  /** Distinct values. */
  readonly size: number;
  readonly label: string;
}

/** Flattened parameters of every point, computed once per report. */
export function flatPoints(ctx: Context): Record<string, unknown>[] {
  return ctx.doc.points.map((p) => flattenParams(p.params));
}

export function sweepAxis(flat: readonly Record<string, unknown>[], key: string): SweepAxis {
  const values = flat.map((f) => f[key]);
  const numeric = values.every((v) => typeof v === "number" && Number.isFinite(v));
  const size = new Set(values.map(showParam)).size;
  if (!numeric) {
    const categories = [...new Set(values.map(showParam))];
    return { key, x: (i) => categories.indexOf(showParam(values[i])), log: false, categories, size, label: key };
  }
  const nums = values as number[];
  const lo = Math.min(...nums);
  const log = lo > 0 && Math.max(...nums) / lo >= 20;
  return { key, x: (i) => nums[i]!, log, size, label: `${key}${log ? " (log scale)" : ""}` };
}

/** Per model, the metric's estimate with its interval at each of `points`, against `axis`. */
export function metricSeries(
  ctx: Context,
  name: string,
  axis: SweepAxis,
  points: readonly number[],
  draw: "line" | "points",
): Series[] {
  const info = ctx.metrics.get(name)!;
  return ctx.models
    .map((model): Series => {
      const data = points
        .flatMap((i) => {
          const m = ctx.doc.points[i]!.models[model]?.metrics[name];
          if (m === undefined) return [];
          const est = m.kind === "proportion" ? m.p : m.mean;
          const at = axis.categories?.[axis.x(i)] ?? showParam(axis.x(i));
          const text =
            m.kind === "proportion"
              ? formatPercentInterval(m.p, m.ci)
              : formatEstimateInterval(m.mean, m.ci, info.unit);
          return [{ x: axis.x(i), y: est, lo: m.ci[0], hi: m.ci[1], tip: `${model} at ${axis.key} = ${at}: ${text}` }];
        })
        .sort((a, b) => a.x - b.x);
      return {
        name: model,
        style: styleOf(ctx, model),
        data,
        draw,
        markers: true,
        errorBars: draw === "line" || points.length <= 60,
      };
    })
    .filter((s) => s.data.length > 0);
}

/** The y axis of a metric over some series: its label, unit factor and (for small multiples) a shared domain. */
export function metricYAxis(ctx: Context, name: string, series: readonly Series[], shared: boolean) {
  const info = ctx.metrics.get(name)!;
  const proportion = info.kind === "proportion";
  const ys = series.flatMap((s) => s.data.flatMap((d) => [d.y, d.lo ?? d.y, d.hi ?? d.y])).filter(Number.isFinite);
  const magnitude = Math.max(0, ...ys.map(Math.abs));
  const u = proportion ? { factor: 0.01, unit: "%" } : scaleUnit(magnitude, info.unit);
  const domain = shared && ys.length > 0 ? niceDomain(Math.min(...ys), Math.max(...ys)) : undefined;
  return {
    label: `${proportion ? "p" : "mean"} ${name}${u.unit === "" ? "" : ` (${u.unit})`}`,
    factor: u.factor,
    ...(domain === undefined ? {} : { min: domain[0], max: domain[1] }),
  };
}
