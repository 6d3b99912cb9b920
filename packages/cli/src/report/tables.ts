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

/** FOM of a point's metric from the document's `fom` (outside the digest: it depends on the run's seconds). */
function fomOf(ctx: Context, point: number, model: string, metric: string): number | undefined {
  return ctx.doc.fom?.metrics.find((f) => f.point === point && f.model === model && f.metric === metric)?.fom;
}

/** A tail statistic with its interval when the document has one: `16.28 [16.12, 16.45] s`. */
function withInterval(x: number | undefined, ci: readonly [number, number] | undefined, unit: string): string {
  if (x === undefined || Number.isNaN(x)) return "—";
  if (ci === undefined || (ci[0] === x && ci[1] === x)) return formatQuantity(x, unit, 4);
  return formatEstimateInterval(x, ci, unit);
}

const DETAIL_HEAD = [
  "model",
  "metric",
  "n",
  "non-finite",
  "mean / p",
  "sd",
  "rel. err.",
  "FOM",
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

export function detailTable(ctx: Context, p: PointResult): string {
  const rows: string[] = [];
  for (const [model, { metrics }] of Object.entries(p.models)) {
    for (const [name, m] of Object.entries(metrics)) {
      const unit = ctx.metrics.get(name)?.unit ?? "";
      const q = (x: number | undefined) => esc(x === undefined || Number.isNaN(x) ? "—" : formatQuantity(x, unit, 4));
      const t = (x: number | undefined, ci: readonly [number, number] | undefined) => esc(withInterval(x, ci, unit));
      const fom = fomOf(ctx, p.index, model, name);
      const cells =
        m.kind === "proportion"
          ? [
              fixed(m.n, 0),
              "—",
              esc(formatPercentInterval(m.p, m.ci)),
              ...Array<string>(DETAIL_HEAD.length - 5).fill("—"),
            ]
          : [
              fixed(m.n, 0),
              fixed(m.nonFinite, 0),
              m.n === 0 ? "—" : esc(formatEstimateInterval(m.mean, m.ci, unit)),
              q(m.sd),
              esc(Number.isFinite(m.relErr) ? formatPercent(m.relErr) : "—"),
              esc(fom === undefined || !Number.isFinite(fom) ? "—" : sig(fom, 3)),
              q(m.min),
              t(m.quantiles["p50"], m.quantileCi?.["p50"]),
              t(m.quantiles["p90"], m.quantileCi?.["p90"]),
              t(m.quantiles["p99"], m.quantileCi?.["p99"]),
              q(m.max),
              t(m.var95, m.var95Ci),
              t(m.cvar95, m.cvar95Ci),
              t(m.var99, m.var99Ci),
              t(m.cvar99, m.cvar99Ci),
            ];
      rows.push(
        `<tr><th scope="row">${esc(model)}</th><td>${esc(name)}</td>${cells.map((c) => `<td>${c}</td>`).join("")}</tr>`,
      );
    }
  }
  const relError = esc(formatPercent(firstContinuous(p)?.quantileRelError ?? Number.NaN));
  const note =
    `Quantiles, VaR and CVaR are over all trials (∞ where the tail reaches non-finite values; the finite-only values are in the result document's <code>finiteOnly</code>), one convention x<sub>(⌈qN⌉)</sub>; ` +
    `brackets: ${esc(ctx.level)} distribution-free order-statistic intervals widened to the sketch's buckets (relative error ≤ ${relError}), asymptotic (Manistre–Hancock) for CVaR. ` +
    `FOM = 1/(rel. err.² · s) with s the run's wall seconds: higher is more precision per second.`;
  return `<details><summary>All statistics of this point</summary><div class="table-wrap"><table class="dense"><thead><tr>${DETAIL_HEAD.map((h) => `<th scope="col">${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table></div><p class="note">${note}</p></details>`;
}

export function pairedTable(ctx: Context, p: PointResult): string {
  const rows = p.comparisons
    .map((c) => {
      const unit = ctx.metrics.get(c.metric)?.unit ?? "";
      const pv = (x: number | undefined) =>
        esc(x === undefined || !Number.isFinite(x) ? "—" : x < 0.001 ? "< 0.001" : sig(x, 2));
      return `<tr><td>${esc(c.metric)}</td><td>${esc(c.a)} − ${esc(c.b)}</td><td>${c.n === 0 ? "— (no pair with both values finite)" : esc(formatEstimateInterval(c.meanDiff, c.ci, unit))}</td><td>${pv(c.p)}</td><td>${pv(c.q)}</td><td>${esc(fixed(c.n, 0))}${c.skipped > 0 ? ` <small>(${esc(fixed(c.skipped, 0))} skipped)</small>` : ""}</td></tr>`;
    })
    .join("");
  return `<details><summary>Paired model differences (common random numbers)</summary><div class="table-wrap"><table><thead><tr><th scope="col">metric</th><th scope="col">difference</th><th scope="col">mean [${esc(ctx.level)} interval]</th><th scope="col">p</th><th scope="col">q (BH)</th><th scope="col">pairs</th></tr></thead><tbody>${rows}</tbody></table></div><p class="note">Over the trials where both values are finite, so a difference with skipped trials is not the difference of the two means; q adjusts p over every pair of the document (Benjamini–Hochberg).</p></details>`;
}
