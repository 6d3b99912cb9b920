import type { PointResult } from "@mcx/core";
import { cdfChart, convergenceChart, exceedanceChart, figure, proportionChart, riskChart } from "./charts.ts";
import { CHARTED_POINTS, type Context, paramsText } from "./context.ts";
import { esc } from "./svg.ts";
import { detailTable, keyTable, pairedTable } from "./tables.ts";
import { fixed } from "./units.ts";

export function pointSection(ctx: Context, p: PointResult, open: boolean): string {
  const title =
    ctx.doc.points.length > 1
      ? `Point ${p.index}${ctx.swept.length > 0 ? ` — ${paramsText(p, ctx.swept)}` : ""}`
      : "Results";
  const stopped = p.stopped === "fixed" ? "" : ` · stopped: ${p.stopped.replace(/_/g, " ")}`;
  const others = [...ctx.metrics.keys()].filter((n) => !ctx.key.includes(n));
  const parts: string[] = [];
  parts.push(
    `<p class="meta">${esc(fixed(p.trials, 0))} trials${esc(stopped)} · intervals at ${esc(ctx.level)} (Student-t for means, Wilson for proportions)</p>`,
  );
  parts.push(keyTable(ctx, p, ctx.key, `Key metrics at point ${p.index}: estimate [${ctx.level} interval]`));
  if (others.length > 0)
    parts.push(
      `<details><summary>Other metrics (${others.length})</summary>${keyTable(ctx, p, others, `Other metrics at point ${p.index}`)}</details>`,
    );
  parts.push(detailTable(ctx, p));
  if (p.comparisons.length > 0) parts.push(pairedTable(ctx, p));
  if (ctx.doc.points.length > CHARTED_POINTS) parts.push(warningList(pointWarnings(ctx, p)));
  else parts.push(pointCharts(ctx, p));
  return `<section id="point-${p.index}" class="point"><details${open ? " open" : ""}><summary><h2>${esc(title)}</h2></summary>${parts.join("")}</details></section>`;
}

/** Convergence warnings of a point's key metrics. */
function pointWarnings(ctx: Context, p: PointResult): string[] {
  return ctx.doc.convergence
    .filter((c) => c.point === p.index && ctx.key.includes(c.metric))
    .flatMap((c) => c.warnings.map((w) => `${c.model} · ${c.metric}: ${w}`));
}

function warningList(warnings: readonly string[]): string {
  return warnings.length === 0
    ? ""
    : `<ul class="warnings">${warnings.map((w) => `<li>⚠ ${esc(w)}</li>`).join("")}</ul>`;
}

/** A point's own charts: distributions, tail risk and proportions, convergence (with its warnings). */
function pointCharts(ctx: Context, p: PointResult): string {
  const parts: string[] = [];
  const cdfs = ctx.cdf.map((n) =>
    figure(
      cdfChart(ctx, p, n),
      `CDF of <b>${esc(n)}</b>: lines join the minimum, the reported quantiles and the maximum (an approximation between them); it tops out at the finite fraction. Points with bars: exact exceedance counts.`,
    ),
  );
  if (cdfs.some((s) => s !== "")) parts.push(`<h3>Distributions</h3><div class="grid">${cdfs.join("")}</div>`);

  const continuousKey = ctx.key.filter((n) => ctx.metrics.get(n)?.kind === "continuous");
  const risk = [
    ...continuousKey.map((n) =>
      figure(
        riskChart(ctx, p, n),
        `Tail risk of <b>${esc(n)}</b>: VaR = the 95 %/99 % quantile, CVaR = the mean beyond it.`,
      ),
    ),
    ...continuousKey.map((n) =>
      figure(exceedanceChart(ctx, p, n), `P(<b>${esc(n)}</b> &gt; threshold) with ${esc(ctx.level)} intervals.`),
    ),
    figure(proportionChart(ctx, p), `Probabilities of the key proportion metrics with ${esc(ctx.level)} intervals.`),
  ];
  if (risk.some((s) => s !== "")) parts.push(`<h3>Risk</h3><div class="grid">${risk.join("")}</div>`);

  const conv = ctx.key.flatMap((name) => {
    const c = convergenceChart(ctx, p, name);
    return c === undefined ? [] : [{ name, ...c }];
  });
  if (conv.length > 0) {
    const warnings = conv.flatMap((c) => c.warnings);
    const figures = conv.map((c) =>
      figure(
        c.svg,
        `Running estimate ± ${esc(ctx.level)} half-width of <b>${esc(c.name)}</b> (the band should narrow as 1/√n).`,
      ),
    );
    parts.push(`<h3>Convergence</h3><div class="grid">${figures.join("")}</div>`, warningList(warnings));
  }
  return parts.join("");
}
