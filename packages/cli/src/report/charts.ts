import type { ContinuousMetric, PointResult } from "@mcx/core";
import { type Bar, barChart } from "./bar-chart.ts";
import { type Context, RISK_STYLES, styleOf, unitLabel } from "./context.ts";
import { type Series, xyChart } from "./svg.ts";
import {
  fixed,
  formatEstimateInterval,
  formatPercent,
  formatPercentInterval,
  formatQuantity,
  scaleUnit,
} from "./units.ts";

export function firstContinuous(p: PointResult): ContinuousMetric | undefined {
  for (const { metrics } of Object.values(p.models))
    for (const m of Object.values(metrics)) if (m.kind === "continuous") return m;
  return undefined;
}

/**
 * The reported quantiles as (value, probability) knots, read from their names: `p50` → 0.50, `p999` → 0.999, so
 * any quantiles a result carries (more of them = a better CDF) are used, in order.
 */
export function quantileKnots(m: ContinuousMetric): [number, number][] {
  return Object.entries(m.quantiles)
    .filter(([k, v]) => /^p\d+$/.test(k) && Number.isFinite(v))
    .map(([k, v]): [number, number] => [v, Number(`0.${k.slice(1)}`)])
    .sort((a, b) => a[1] - b[1]);
}

/**
 * The CDF of a continuous metric approximated from what the document reports: (min, 0), every reported quantile
 * (p50, p90, p99 today), (max, 1), scaled by the finite fraction (non-finite values sit at +∞, so the curve tops out below 1),
 * with exceedance probabilities as exact points with intervals.
 */
export function cdfChart(ctx: Context, p: PointResult, name: string): string | undefined {
  const info = ctx.metrics.get(name)!;
  const series: Series[] = [];
  const allX: number[] = [];
  for (const [model, { metrics }] of Object.entries(p.models)) {
    const m = metrics[name];
    if (m === undefined || m.kind !== "continuous" || m.n === 0) continue;
    const total = m.n + m.nonFinite;
    const f = m.n / total;
    // Sketch quantiles are within a relative error of the truth, so clamp them into [min, max], non-decreasing.
    let floor = m.min;
    const raw: [number, number][] = [[m.min, 0], ...quantileKnots(m), [m.max, 1]];
    const knots = raw.map(([x, q]): [number, number] => {
      floor = Math.min(m.max, Math.max(floor, x));
      return [floor, q];
    });
    const data = knots
      .filter(([x]) => Number.isFinite(x))
      .map(([x, q]) => ({
        x,
        y: q * f,
        tip: `${model}: P(${name} ≤ ${formatQuantity(x, info.unit)}) ≈ ${formatPercent(q * f)}`,
      }));
    allX.push(...data.map((d) => d.x));
    series.push({ name: model, style: styleOf(ctx, model), data, draw: "line", markers: true });
    const ex = m.exceedance
      .filter((e) => e.n > 0)
      .map((e) => ({
        x: e.threshold,
        y: 1 - e.p,
        lo: 1 - e.ci[1],
        hi: 1 - e.ci[0],
        tip: `${model}: P(${name} ≤ ${formatQuantity(e.threshold, info.unit)}) = ${formatPercentInterval(1 - e.p, [1 - e.ci[1], 1 - e.ci[0]])} (exact count)`,
      }));
    if (ex.length > 0)
      series.push({ name: `${model} (exceedance)`, style: styleOf(ctx, model), data: ex, draw: "points" });
  }
  if (series.length === 0) return undefined;
  const positive = allX.filter((x) => x > 0);
  const lo = Math.min(...allX);
  const hi = Math.max(...allX);
  const log = lo > 0 && positive.length > 0 && hi / lo >= 50;
  const u = scaleUnit(hi, info.unit);
  return xyChart({
    title: `CDF of ${name} at point ${p.index}`,
    description: `Approximate cumulative distribution of ${name} per model from the reported minimum, quantiles and maximum; exceedance counts as points with ${ctx.level} intervals.`,
    x: { label: unitLabel(name, info.unit, hi), log, factor: u.factor },
    y: { label: "P(X ≤ x)", min: 0, max: 1 },
    series,
  });
}

export function convergenceChart(
  ctx: Context,
  p: PointResult,
  name: string,
): { svg: string; warnings: string[] } | undefined {
  const info = ctx.metrics.get(name)!;
  const rows = ctx.doc.convergence.filter((c) => c.point === p.index && c.metric === name && c.rows.length > 0);
  if (rows.length === 0) return undefined;
  const proportion = info.kind === "proportion";
  const series: Series[] = rows.map((c) => ({
    name: c.model,
    style: styleOf(ctx, c.model),
    draw: "band",
    data: c.rows.map(([n, est, h]) => ({
      x: n,
      y: est,
      lo: est - h,
      hi: est + h,
      tip: `${c.model} at ${fixed(n, 0)} trials: ${proportion ? formatPercentInterval(est, [est - h, est + h]) : formatEstimateInterval(est, [est - h, est + h], info.unit)}`,
    })),
  }));
  const ys = rows.flatMap((c) => c.rows.map((r) => Math.abs(r[1])));
  const magnitude = Math.max(0, ...ys.filter(Number.isFinite));
  const u = proportion ? { factor: 0.01, unit: "%" } : scaleUnit(magnitude, info.unit);
  const warnings = rows.flatMap((c) => c.warnings.map((w) => `${c.model} · ${name}: ${w}`));
  const svg = xyChart({
    title: `Convergence of ${name} at point ${p.index}`,
    description: `Running estimate of ${name} (${proportion ? "proportion" : "mean"}) with its ${ctx.level} half-width against the number of trials, per model, log scale of trials.`,
    x: { label: "trials (log scale)", log: true },
    y: {
      label: `${proportion ? "p" : "mean"} ${name}${u.unit === "" ? "" : ` (${u.unit})`} ± half-width`,
      factor: u.factor,
    },
    series,
  });
  return { svg, warnings };
}

export function riskChart(ctx: Context, p: PointResult, name: string): string | undefined {
  const info = ctx.metrics.get(name)!;
  const models = Object.keys(p.models).filter((m) => {
    const x = p.models[m]?.metrics[name];
    return x !== undefined && x.kind === "continuous" && x.n > 0;
  });
  if (models.length === 0) return undefined;
  const get = (m: string) => p.models[m]!.metrics[name] as ContinuousMetric;
  const measures = [
    ["VaR 95 %", (c: ContinuousMetric) => c.var95],
    ["CVaR 95 %", (c: ContinuousMetric) => c.cvar95],
    ["VaR 99 %", (c: ContinuousMetric) => c.var99],
    ["CVaR 99 %", (c: ContinuousMetric) => c.cvar99],
  ] as const;
  const magnitude = Math.max(0, ...models.map((m) => get(m).cvar99).filter(Number.isFinite));
  const u = scaleUnit(magnitude, info.unit);
  return barChart({
    title: `Tail risk of ${name} at point ${p.index}`,
    description: `Value at risk and conditional value at risk (expected shortfall) of ${name} at 95 % and 99 % per model.`,
    groups: models,
    series: measures.map(([label, f], i) => ({
      name: label,
      // Light and dark blue for 95 %, orange and vermillion for 99 %: pairs that read as pairs.
      style: RISK_STYLES[i]!,
      bars: models.map((m) => ({ value: f(get(m)), tip: `${m} · ${label}: ${formatQuantity(f(get(m)), info.unit)}` })),
    })),
    x: { label: "model" },
    y: { label: unitLabel(name, info.unit, magnitude), factor: u.factor },
  });
}

export function exceedanceChart(ctx: Context, p: PointResult, name: string): string | undefined {
  const info = ctx.metrics.get(name)!;
  const models = Object.keys(p.models).filter((m) => {
    const x = p.models[m]?.metrics[name];
    return x !== undefined && x.kind === "continuous" && x.exceedance.length > 0;
  });
  if (models.length === 0) return undefined;
  const thresholds = [
    ...new Set(
      models.flatMap((m) => (p.models[m]!.metrics[name] as ContinuousMetric).exceedance.map((e) => e.threshold)),
    ),
  ].sort((a, b) => a - b);
  return barChart({
    title: `Exceedance probabilities of ${name} at point ${p.index}`,
    description: `P(${name} > threshold) per model with ${ctx.level} Wilson intervals; a dashed whisker is the one-sided exact bound when nothing exceeded.`,
    groups: thresholds.map((t) => `> ${formatQuantity(t, info.unit)}`),
    series: models.map((m) => {
      const ex = (p.models[m]!.metrics[name] as ContinuousMetric).exceedance;
      return {
        name: m,
        style: styleOf(ctx, m),
        bars: thresholds.map((t): Bar | undefined => {
          const e = ex.find((x) => x.threshold === t);
          if (e === undefined) return undefined;
          return {
            value: e.p * 100,
            lo: e.ci[0] * 100,
            hi: e.ci[1] * 100,
            ...(e.upper === undefined ? {} : { upper: e.upper * 100 }),
            tip: `${m}: P(${name} > ${formatQuantity(t, info.unit)}) = ${formatPercentInterval(e.p, e.ci)} (${e.successes} of ${e.n})`,
          };
        }),
      };
    }),
    x: { label: `threshold on ${name}` },
    y: { label: "probability (%)" },
  });
}

export function proportionChart(ctx: Context, p: PointResult): string | undefined {
  const names = ctx.key.filter(
    (n) => ctx.metrics.get(n)?.kind === "proportion" && Object.values(p.models).some((m) => m.metrics[n] !== undefined),
  );
  if (names.length === 0) return undefined;
  const models = Object.keys(p.models);
  return barChart({
    title: `Proportions at point ${p.index}`,
    description: `Estimated probabilities per model with ${ctx.level} Wilson intervals; a dashed whisker is the one-sided exact upper bound when no event was seen.`,
    groups: names,
    series: models.map((m) => ({
      name: m,
      style: styleOf(ctx, m),
      bars: names.map((n): Bar | undefined => {
        const x = p.models[m]?.metrics[n];
        if (x === undefined || x.kind !== "proportion" || x.n === 0) return undefined;
        return {
          value: x.p * 100,
          lo: x.ci[0] * 100,
          hi: x.ci[1] * 100,
          ...(x.upper === undefined ? {} : { upper: x.upper * 100 }),
          tip: `${m} · ${n}: ${formatPercentInterval(x.p, x.ci)} (${x.successes} of ${x.n})`,
        };
      }),
    })),
    x: { label: "metric" },
    y: { label: "probability (%)" },
  });
}

export function figure(svg: string | undefined, caption: string): string {
  return svg === undefined ? "" : `<figure>${svg}<figcaption>${caption}</figcaption></figure>`;
}
