import { figure } from "./charts.ts";
import { type Context, MAX_FACETS, showParam } from "./context.ts";
import { esc, type Series, xyChart } from "./svg.ts";
import { bestModelHeatmap } from "./sweep-heatmap.ts";
import { flatPoints, metricSeries, metricYAxis, type SweepAxis, sweepAxis } from "./sweep-series.ts";

type Layout = "line" | "facets" | "heatmap" | "scatter";

/**
 * How a sweep is drawn: one swept key → a line per model across it; a complete grid of several keys → small
 * multiples (one panel per combination of the other keys, shared y axis), or a heat map of the best model when there
 * would be too many panels; random, LHS and irregular list sweeps → scatter plots against each swept key.
 */
function chooseLayout(ctx: Context, axes: readonly SweepAxis[], x: SweepAxis): Layout {
  if (ctx.sweepKind === "random" || ctx.sweepKind === "lhs") return "scatter";
  if (axes.length === 1) return "line";
  const complete = axes.reduce((n, a) => n * a.size, 1) === ctx.doc.points.length;
  if (!complete) return "scatter";
  const panels = ctx.doc.points.length / x.size;
  if (panels <= MAX_FACETS) return "facets";
  return axes.length === 2 ? "heatmap" : "scatter";
}

/** The x axis of small multiples: the numeric key with the most values (categorical keys only when all are). */
function primaryAxis(axes: readonly SweepAxis[]): SweepAxis {
  const numeric = axes.filter((a) => a.categories === undefined);
  const pool = numeric.length > 0 ? numeric : axes;
  return pool.reduce((best, a) => (a.size > best.size ? a : best), pool[0]!);
}

interface ChartSpec {
  readonly title: string;
  readonly series: readonly Series[];
  /** Series whose data set a shared y domain (small multiples); absent: the chart's own. */
  readonly domainFrom?: readonly Series[];
}

function chart(ctx: Context, name: string, axis: SweepAxis, draw: "line" | "points", spec: ChartSpec) {
  if (spec.series.length === 0) return undefined;
  const info = ctx.metrics.get(name)!;
  return xyChart({
    title: spec.title,
    description: `${info.kind === "proportion" ? "Proportion" : "Mean"} of ${name} with ${ctx.level} intervals against ${axis.key}, one ${draw === "line" ? "line" : "set of points"} per model.`,
    x: {
      label: axis.label,
      log: axis.log,
      pad: true,
      ...(axis.categories === undefined ? {} : { categories: axis.categories }),
    },
    y: metricYAxis(ctx, name, spec.domainFrom ?? spec.series, spec.domainFrom !== undefined),
    series: spec.series,
  });
}

const allPoints = (ctx: Context): number[] => ctx.doc.points.map((_, i) => i);

function lineCharts(ctx: Context, axis: SweepAxis): string[] {
  return ctx.key.map((name) =>
    figure(
      chart(ctx, name, axis, "line", {
        title: `${name} across ${axis.key}`,
        series: metricSeries(ctx, name, axis, allPoints(ctx), "line"),
      }),
      `<b>${esc(name)}</b> across <b>${esc(axis.key)}</b>; bars are ${esc(ctx.level)} intervals.`,
    ),
  );
}

function facetCharts(
  ctx: Context,
  flat: readonly Record<string, unknown>[],
  x: SweepAxis,
  others: readonly string[],
): string[] {
  const facetOf = (i: number) => others.map((o) => `${o} = ${showParam(flat[i]![o])}`).join(", ");
  const all = allPoints(ctx);
  const facets = [...new Set(all.map(facetOf))];
  return ctx.key.map((name) => {
    const domainFrom = metricSeries(ctx, name, x, all, "line");
    const panels = facets.map((facet) => {
      const series = metricSeries(
        ctx,
        name,
        x,
        all.filter((i) => facetOf(i) === facet),
        "line",
      );
      const svg = chart(ctx, name, x, "line", { title: `${name} across ${x.key} at ${facet}`, series, domainFrom });
      return svg === undefined ? "" : `<div class="panel"><p class="panel-title">${esc(facet)}</p>${svg}</div>`;
    });
    return `<figure class="facets"><div class="facet-grid">${panels.join("")}</div><figcaption><b>${esc(name)}</b> across <b>${esc(x.key)}</b>, one panel per ${esc(others.join(" × "))}; the same y axis in every panel; bars are ${esc(ctx.level)} intervals.</figcaption></figure>`;
  });
}

function scatterCharts(ctx: Context, axes: readonly SweepAxis[]): string[] {
  const all = ctx.doc.points.map((_, i) => i);
  const what =
    ctx.sweepKind === "lhs" ? "Latin hypercube sample" : ctx.sweepKind === "random" ? "random sample" : "points";
  return ctx.key.flatMap((name) =>
    axes.map((axis) =>
      figure(
        chart(ctx, name, axis, "points", {
          title: `${name} against ${axis.key} (${what})`,
          series: metricSeries(ctx, name, axis, all, "points"),
        }),
        `<b>${esc(name)}</b> at each point of the ${esc(what)} against <b>${esc(axis.key)}</b>; the other swept keys vary too.`,
      ),
    ),
  );
}

/** The sweep section: how the key metrics change across the swept keys (derived parameters are not axes). */
export function sweepSection(ctx: Context): string {
  if (ctx.swept.length === 0) return "";
  const flat = flatPoints(ctx);
  const axes = ctx.swept.map((k) => sweepAxis(flat, k));
  const x = primaryAxis(axes);
  const layout = chooseLayout(ctx, axes, x);
  const others = axes.filter((a) => a !== x).map((a) => a.key);
  const figures =
    layout === "line"
      ? lineCharts(ctx, x)
      : layout === "facets"
        ? facetCharts(ctx, flat, x, others)
        : layout === "heatmap"
          ? ctx.key.map((name) => bestModelHeatmap(ctx, name, x, axes.find((a) => a !== x)!) ?? "")
          : scatterCharts(ctx, axes);
  const derived = ctx.varying.filter((v) => !ctx.swept.includes(v));
  const kind = ctx.sweepKind === undefined ? "" : ` (${ctx.sweepKind})`;
  const follows =
    derived.length === 0
      ? ""
      : `<p class="note">Not swept, but varying with the swept keys (defaults derived from them): ${derived.map((d) => `<code>${esc(d)}</code>`).join(", ")}.</p>`;
  return `<section id="sweep" data-layout="${layout}"><h2>Sweep</h2><p>Swept${esc(kind)}: ${axes.map((a) => `<code>${esc(a.key)}</code> (${a.size} value${a.size === 1 ? "" : "s"})`).join(", ")}; ${ctx.doc.points.length} points.</p>${follows}<div class="grid">${figures.join("")}</div></section>`;
}
