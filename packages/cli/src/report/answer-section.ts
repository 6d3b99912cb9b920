import { chooseBestModel, type ModelChoice, type PointResult } from "@mcx/core";
import { levelText } from "./compare-format.ts";
import { type Context, type MetricInfo, paramsText, styleOf } from "./context.ts";
import { esc } from "./svg.ts";
import { fixed, formatEstimateInterval, formatPercentInterval, sig } from "./units.ts";

const METHOD = { paired: "paired", welch: "unpaired (Welch)", newcombe: "unpaired (Newcombe)" } as const;

/** The metrics the answer ranks models on: key metrics with a declared direction, else every key metric (lowest). */
function answerMetrics(ctx: Context): MetricInfo[] {
  // A metric only one model reports has nothing to rank.
  const compared = (n: string) =>
    ctx.doc.points.some((p) => Object.values(p.models).filter((m) => m.metrics[n] !== undefined).length > 1);
  const key = ctx.key.filter(compared).map((n) => ctx.metrics.get(n)!);
  const directed = key.filter((m) => m.better !== undefined);
  return directed.length > 0 ? directed : key;
}

function direction(info: MetricInfo): string {
  return info.better === "higher" ? "higher is better" : info.better === "lower" ? "lower is better" : "lowest shown";
}

function estimateText(c: ModelChoice, info: MetricInfo): string {
  if (c.statistic === "mean") return formatEstimateInterval(c.estimate, c.ci, info.unit);
  const text = formatPercentInterval(c.estimate, c.ci);
  return c.statistic === "nonFinite" ? `P(∞) ${text}` : text;
}

/** How far ahead the best is (best's advantage, positive when it is better), with its interval. */
export function marginText(c: ModelChoice, info: MetricInfo): string {
  const d = c.difference;
  if (d === undefined) return "—";
  if (d.estimate === 0 && d.ci[0] === 0 && d.ci[1] === 0) return "0 (identical)";
  const flip = c.better === "higher";
  const m = flip ? -d.estimate : d.estimate;
  const ci: [number, number] = flip ? [-d.ci[1], -d.ci[0]] : [d.ci[0], d.ci[1]];
  if (c.statistic === "mean") return formatEstimateInterval(m, ci, info.unit);
  const pp = (x: number) => sig(x * 100, 2);
  return `${pp(m)} [${pp(ci[0])}, ${pp(ci[1])}] pp${c.statistic === "nonFinite" ? " of P(∞)" : ""}`;
}

function swatch(ctx: Context, model: string): string {
  return `<span class="swatch s${styleOf(ctx, model) % 8}"></span>${esc(model)}`;
}

/** The best model, with the models exactly equal to it: "kpatch = ksplice". */
function bestLabel(ctx: Context, c: ModelChoice): string {
  return [c.best, ...c.equal].map((m) => swatch(ctx, m)).join(" = ");
}

function verdict(c: ModelChoice): string {
  if (c.runnerUp === undefined) return "only model";
  return c.clear ? "clearly best" : `not distinguishable from ${c.runnerUp}`;
}

/** One sentence per metric: who is best where, and how often clearly. */
function leadLines(ctx: Context, metrics: readonly MetricInfo[], choices: (ModelChoice | undefined)[][]): string[] {
  const n = ctx.doc.points.length;
  return metrics.map((info, j) => {
    const head = `<b>${esc(info.name)}</b> (${esc(direction(info))}): `;
    if (n === 1) {
      const c = choices[0]![j];
      if (c === undefined) return `${head}no values.`;
      const ahead =
        c.runnerUp === undefined
          ? ""
          : c.clear
            ? `, ahead of ${esc(c.runnerUp)} by ${esc(marginText(c, info))} (${esc(METHOD[c.difference!.method])})`
            : `, not distinguishable from ${esc(c.runnerUp)} (${esc(marginText(c, info))})`;
      return `${head}${bestLabel(ctx, c)} ${esc(estimateText(c, info))}${ahead}.`;
    }
    const wins = new Map<string, { all: number; clear: number }>();
    for (const row of choices) {
      const c = row[j];
      if (c === undefined) continue;
      const label = bestLabel(ctx, c);
      const w = wins.get(label) ?? { all: 0, clear: 0 };
      w.all++;
      if (c.clear) w.clear++;
      wins.set(label, w);
    }
    const parts = [...wins]
      .sort((a, b) => b[1].all - a[1].all)
      .map(([m, w]) => `${m} at ${fixed(w.all, 0)} of ${fixed(n, 0)} points (clearly at ${fixed(w.clear, 0)})`);
    return `${head}${parts.length === 0 ? "no values" : parts.join("; ")}.`;
  });
}

function singlePointTable(ctx: Context, metrics: readonly MetricInfo[], row: (ModelChoice | undefined)[]): string {
  const head = ["metric", "best", "estimate [interval]", "runner-up", "ahead by [interval]", "difference", "verdict"];
  const rows = metrics.map((info, j) => {
    const c = row[j];
    if (c === undefined)
      return `<tr><th scope="row">${esc(info.name)}</th><td class="na" colspan="6">no values</td></tr>`;
    const cells = [
      bestLabel(ctx, c),
      esc(estimateText(c, info)),
      c.runnerUp === undefined ? "—" : swatch(ctx, c.runnerUp),
      esc(marginText(c, info)),
      esc(c.difference === undefined ? "—" : METHOD[c.difference.method]),
      esc(verdict(c)),
    ];
    return `<tr${c.clear ? "" : ' class="tie"'}><th scope="row">${esc(info.name)}</th>${cells.map((x) => `<td>${x}</td>`).join("")}</tr>`;
  });
  return table(head, rows, `Best model per key metric at ${ctx.level}: the difference is runner-up vs best`);
}

function sweepTable(ctx: Context, metrics: readonly MetricInfo[], choices: (ModelChoice | undefined)[][]): string {
  const head = ["point", ...metrics.map((m) => `${m.name} (${direction(m)})`)];
  const rows = ctx.doc.points.map((p: PointResult, i) => {
    const label = ctx.swept.length > 0 ? `<br><small>${esc(paramsText(p, ctx.swept))}</small>` : "";
    const cells = metrics.map((info, j) => {
      const c = choices[i]![j];
      if (c === undefined) return `<td class="na">—</td>`;
      const note =
        c.runnerUp === undefined
          ? ""
          : `<br><small>${c.clear ? "by" : "≈"} ${esc(marginText(c, info))} vs ${esc(c.runnerUp)}${c.difference?.method === "paired" ? "" : " †"}</small>`;
      return `<td${c.clear ? "" : ' class="tie"'}>${bestLabel(ctx, c)}${note}</td>`;
    });
    return `<tr><th scope="row"><a href="#point-${p.index}">${p.index}</a>${label}</th>${cells.join("")}</tr>`;
  });
  return table(
    head,
    rows,
    `Best model per point and key metric; "by" = clearly ahead of the runner-up at ${ctx.level}, "≈" = not distinguishable (muted); † = unpaired interval`,
  );
}

function table(head: readonly string[], rows: readonly string[], caption: string): string {
  return `<div class="table-wrap answer"><table class="dense"><caption>${esc(caption)}</caption><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
}

/**
 * The answer first: per point, which model is best on each key metric (by the metric's declared direction), how
 * far ahead of the runner-up with its interval (paired when the result has the paired comparison), and whether
 * that is clear at the run's confidence. One sentence per metric sums the sweep up.
 */
export function answerSection(ctx: Context): string {
  if (ctx.models.length < 2) return "";
  const metrics = answerMetrics(ctx);
  if (metrics.length === 0) return "";
  const choices = ctx.doc.points.map((p) =>
    metrics.map((m) => chooseBestModel(p, m.name, m.better, ctx.doc.confidence)),
  );
  const lead = leadLines(ctx, metrics, choices);
  const many =
    ctx.doc.points.length > 1
      ? ` Each point is judged on its own at ${esc(ctx.level)}: where no model is better, about ${esc(levelText(1 - ctx.doc.confidence))} of the points still look clear by chance.`
      : "";
  const detail =
    ctx.doc.points.length === 1 ? singlePointTable(ctx, metrics, choices[0]!) : sweepTable(ctx, metrics, choices);
  return `<section id="answer"><h2>Answer</h2><ul class="lead">${lead.map((l) => `<li>${l}</li>`).join("")}</ul>${detail}<p class="note">Best = the lowest (or highest) mean or probability; non-finite values count as +∞, so a model that more often never finishes ranks behind. Differences are runner-up vs best with ${esc(ctx.level)} intervals: paired (common random numbers) where the result has the paired comparison, otherwise unpaired, which is conservative here.${many}</p></section>`;
}
