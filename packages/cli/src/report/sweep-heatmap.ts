import { chooseBestModel } from "@mcx/core";
import { marginText } from "./answer-section.ts";
import { figure } from "./charts.ts";
import { type Context, showParam, styleOf } from "./context.ts";
import { heatmap } from "./heatmap.ts";
import { esc } from "./svg.ts";
import type { SweepAxis } from "./sweep-series.ts";

function categoriesOf(ctx: Context, axis: SweepAxis): string[] {
  if (axis.categories !== undefined) return [...axis.categories];
  const values = [...new Set(ctx.doc.points.map((_, i) => axis.x(i)))].sort((a, b) => a - b);
  return values.map((v) => showParam(v));
}

/**
 * A 2-D grid too large for small multiples: one heat map per metric, each cell coloured by the point's best model,
 * strong where it is clearly ahead of the runner-up and faint where it is not distinguishable.
 */
export function bestModelHeatmap(ctx: Context, name: string, x: SweepAxis, y: SweepAxis): string | undefined {
  const info = ctx.metrics.get(name)!;
  const xs = categoriesOf(ctx, x);
  // Larger values at the top, as on a y axis.
  const ys = categoriesOf(ctx, y).reverse();
  const cellOf = (axis: SweepAxis, cats: readonly string[], i: number) =>
    axis.categories === undefined ? cats.indexOf(showParam(axis.x(i))) : axis.x(i);
  const seen = new Set<string>();
  const cells = ctx.doc.points.flatMap((p, i) => {
    const c = chooseBestModel(p, name, info.better, ctx.doc.confidence);
    if (c?.runnerUp === undefined) return [];
    seen.add(c.best);
    const ahead =
      c.runnerUp === undefined ? "" : ` (${c.clear ? "ahead of" : "≈"} ${c.runnerUp}: ${marginText(c, info)})`;
    return [
      {
        x: cellOf(x, xs, i),
        y: cellOf(y, ys, i),
        style: styleOf(ctx, c.best),
        strong: c.clear,
        tip: `point ${p.index}, ${x.key} = ${xs[cellOf(x, xs, i)]}, ${y.key} = ${ys[cellOf(y, ys, i)]}: ${c.best}${ahead}`,
      },
    ];
  });
  if (cells.length === 0) return undefined;
  const better = info.better === "higher" ? "highest" : "lowest";
  const svg = heatmap({
    title: `Best model on ${name} over ${x.key} × ${y.key}`,
    description: `For each point of the grid, the model with the ${better} ${name}; faint cells are not distinguishable from the runner-up at ${ctx.level}.`,
    x: { label: x.key, categories: xs },
    y: { label: y.key, categories: ys },
    cells,
    legend: ctx.models.filter((m) => seen.has(m)).map((m) => ({ name: m, style: styleOf(ctx, m) })),
  });
  return figure(
    svg,
    `Best model on <b>${esc(name)}</b> (${esc(better)}) at each point; faint = not distinguishable from the runner-up.`,
  );
}
