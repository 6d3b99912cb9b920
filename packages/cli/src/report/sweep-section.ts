import { flattenParams } from "@mcx/core";
import { figure } from "./charts.ts";
import { type Context, MAX_FACETS, showParam, styleOf } from "./context.ts";
import { esc, type Series, xyChart } from "./svg.ts";
import { formatEstimateInterval, formatPercentInterval, scaleUnit } from "./units.ts";

function isNumeric(values: readonly unknown[]): values is number[] {
  return values.every((v) => typeof v === "number" && Number.isFinite(v));
}

/** Plots of each key metric across one swept parameter, one line per model, faceted by the other swept ones. */
export function sweepSection(ctx: Context): string {
  if (ctx.varying.length === 0) return "";
  const flat = ctx.doc.points.map((p) => flattenParams(p.params));
  const figures: string[] = [];
  const notes: string[] = [];
  for (const param of ctx.varying) {
    const others = ctx.varying.filter((v) => v !== param);
    const facetKey = (i: number) => others.map((o) => `${o} = ${showParam(flat[i]![o])}`).join(", ");
    const facets = [...new Set(ctx.doc.points.map((_, i) => facetKey(i)))];
    if (facets.length > MAX_FACETS)
      notes.push(
        `${param}: ${facets.length} combinations of the other swept parameters; the first ${MAX_FACETS} are drawn.`,
      );
    const values = ctx.doc.points.map((_, i) => flat[i]![param]);
    const numeric = isNumeric(values);
    const categories = numeric ? undefined : [...new Set(values.map(showParam))];
    const positive = numeric && values.every((v) => v > 0);
    const log = positive && Math.max(...(values as number[])) / Math.min(...(values as number[])) >= 20;
    for (const name of ctx.key) {
      const info = ctx.metrics.get(name)!;
      for (const facet of facets.slice(0, MAX_FACETS)) {
        const idx = ctx.doc.points.map((_, i) => i).filter((i) => facetKey(i) === facet);
        const magnitudes: number[] = [];
        const series: Series[] = ctx.models.map((model) => {
          const data = idx
            .map((i) => {
              const m = ctx.doc.points[i]!.models[model]?.metrics[name];
              if (m === undefined) return undefined;
              const v = flat[i]![param];
              const x = numeric ? (v as number) : categories!.indexOf(showParam(v));
              const est = m.kind === "proportion" ? m.p : m.mean;
              if (m.kind === "continuous") magnitudes.push(Math.abs(m.mean));
              return {
                x,
                y: est,
                lo: m.ci[0],
                hi: m.ci[1],
                tip: `${model} at ${param} = ${showParam(v)}: ${m.kind === "proportion" ? formatPercentInterval(m.p, m.ci) : formatEstimateInterval(m.mean, m.ci, info.unit)}`,
              };
            })
            .filter((d) => d !== undefined)
            .sort((a, b) => a.x - b.x);
          return {
            name: model,
            style: styleOf(ctx, model),
            data,
            draw: "line" as const,
            markers: true,
            errorBars: true,
          };
        });
        if (series.every((s) => s.data.length === 0)) continue;
        const proportion = info.kind === "proportion";
        const u = proportion ? { factor: 0.01, unit: "%" } : scaleUnit(Math.max(0, ...magnitudes), info.unit);
        const svg = xyChart({
          title: `${name} across ${param}${facet === "" ? "" : ` (${facet})`}`,
          description: `${proportion ? "Proportion" : "Mean"} of ${name} with ${ctx.level} intervals for each value of ${param}, one line per model.`,
          x: {
            label: `${param}${log ? " (log scale)" : ""}`,
            log,
            pad: true,
            ...(categories === undefined ? {} : { categories }),
          },
          y: { label: `${proportion ? "p" : "mean"} ${name}${u.unit === "" ? "" : ` (${u.unit})`}`, factor: u.factor },
          series: series.filter((x) => x.data.length > 0),
        });
        figures.push(
          figure(
            svg,
            `<b>${esc(name)}</b> across <b>${esc(param)}</b>${facet === "" ? "" : ` at ${esc(facet)}`}; bars are ${esc(ctx.level)} intervals.`,
          ),
        );
      }
    }
  }
  return `<section id="sweep"><h2>Sweep</h2><p>Swept parameters: ${ctx.varying.map((v) => `<code>${esc(v)}</code>`).join(", ")} (${ctx.doc.points.length} points).</p><div class="grid">${figures.join("")}</div>${notes.map((n) => `<p class="note">${esc(n)}</p>`).join("")}</section>`;
}
