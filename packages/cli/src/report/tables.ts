import type { MetricResult, PointResult } from "@mcx/core";
import { firstContinuous } from "./charts.ts";
import { type Context, type MetricInfo, styleOf } from "./context.ts";
import { esc } from "./svg.ts";
import { fixed, formatEstimateInterval, formatPercent, formatPercentInterval, formatQuantity, sig } from "./units.ts";

function metricCell(m: MetricResult | undefined, info: MetricInfo): string {
  if (m === undefined) return `<td class="na">—</td>`;
  if (m.kind === "proportion") {
    if (m.n === 0) return `<td class="na">no trials</td>`;
    const upper = m.upper === undefined ? "" : `<br><small>≤ ${esc(formatPercent(m.upper))} (one-sided)</small>`;
    return `<td>${esc(formatPercentInterval(m.p, m.ci))}${upper}</td>`;
  }
  if (m.n === 0) return `<td class="na">no finite values${m.nonFinite > 0 ? ` (${m.nonFinite} ∞)` : ""}</td>`;
  const inf =
    m.nonFinite > 0
      ? `<br><small>+${esc(fixed(m.nonFinite, 0))} non-finite (${esc(formatPercent(m.nonFinite / (m.n + m.nonFinite)))})</small>`
      : "";
  return `<td>${esc(formatEstimateInterval(m.mean, m.ci, info.unit))}${inf}</td>`;
}

function metricHeader(info: MetricInfo): string {
  const unit = info.kind === "proportion" ? "%" : info.unit === "count" ? "count" : info.unit;
  const what = info.kind === "proportion" ? "p" : "mean";
  return `<th scope="row"><span class="metric">${esc(info.name)}</span> <small>${esc(what)}${unit === "" ? "" : `, ${esc(unit)}`}</small>${info.description === "" ? "" : `<br><small class="desc">${esc(info.description)}</small>`}</th>`;
}

export function keyTable(ctx: Context, p: PointResult, metrics: readonly string[], caption: string): string {
  const models = Object.keys(p.models);
  const head = models
    .map((m) => `<th scope="col"><span class="swatch s${styleOf(ctx, m) % 8}"></span>${esc(m)}</th>`)
    .join("");
  const rows = metrics
    .map((name) => {
      const info = ctx.metrics.get(name)!;
      const cells = models.map((m) => metricCell(p.models[m]?.metrics[name], info)).join("");
      return `<tr>${metricHeader(info)}${cells}</tr>`;
    })
    .join("");
  return `<div class="table-wrap"><table><caption>${esc(caption)}</caption><thead><tr><th scope="col">metric</th>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

export function detailTable(ctx: Context, p: PointResult): string {
  const head = [
    "model",
    "metric",
    "n",
    "non-finite",
    "mean / p",
    "sd",
    "rel. err.",
    "min",
    "p50",
    "p90",
    "p99",
    "max",
    "VaR95",
    "CVaR95",
    "VaR99",
    "CVaR99",
  ];
  const rows: string[] = [];
  for (const [model, { metrics }] of Object.entries(p.models)) {
    for (const [name, m] of Object.entries(metrics)) {
      const unit = ctx.metrics.get(name)?.unit ?? "";
      const q = (x: number | undefined) => esc(x === undefined ? "—" : formatQuantity(x, unit, 4));
      const cells =
        m.kind === "proportion"
          ? [fixed(m.n, 0), "—", esc(formatPercentInterval(m.p, m.ci)), ...Array<string>(11).fill("—")]
          : [
              fixed(m.n, 0),
              fixed(m.nonFinite, 0),
              esc(formatEstimateInterval(m.mean, m.ci, unit)),
              q(m.sd),
              esc(formatPercent(m.relErr)),
              q(m.min),
              q(m.quantiles["p50"]),
              q(m.quantiles["p90"]),
              q(m.quantiles["p99"]),
              q(m.max),
              q(m.var95),
              q(m.cvar95),
              q(m.var99),
              q(m.cvar99),
            ];
      rows.push(
        `<tr><th scope="row">${esc(model)}</th><td>${esc(name)}</td>${cells.map((c) => `<td>${c}</td>`).join("")}</tr>`,
      );
    }
  }
  return `<details><summary>All statistics of this point</summary><div class="table-wrap"><table class="dense"><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table></div><p class="note">Quantiles are from a mergeable sketch with relative error ≤ ${esc(formatPercent(firstContinuous(p)?.quantileRelError ?? Number.NaN))}; VaR/CVaR are upper-tail risk measures of the finite values.</p></details>`;
}

export function pairedTable(ctx: Context, p: PointResult): string {
  const rows = p.comparisons
    .map((c) => {
      const unit = ctx.metrics.get(c.metric)?.unit ?? "";
      return `<tr><td>${esc(c.metric)}</td><td>${esc(c.a)} − ${esc(c.b)}</td><td>${esc(formatEstimateInterval(c.meanDiff, c.ci, unit))}</td><td>${esc(c.p < 0.001 ? "< 0.001" : sig(c.p, 2))}</td><td>${esc(fixed(c.n, 0))}</td></tr>`;
    })
    .join("");
  return `<details><summary>Paired model differences (common random numbers)</summary><div class="table-wrap"><table><thead><tr><th scope="col">metric</th><th scope="col">difference</th><th scope="col">mean [${esc(ctx.level)} interval]</th><th scope="col">p</th><th scope="col">pairs</th></tr></thead><tbody>${rows}</tbody></table></div></details>`;
}
