import { flattenParams } from "@mcx/core";
import { type Context, showParam } from "./context.ts";
import { esc } from "./svg.ts";
import { fixed, formatQuantity } from "./units.ts";

export function summarySection(ctx: Context, source: string | undefined): string {
  const { doc } = ctx;
  const run = doc.run;
  const trials = new Set(doc.points.map((p) => p.trials));
  const facts: [string, string][] = [
    ["simulation", doc.simulation],
    ["status", doc.status.replace(/_/g, " ")],
    ["points", fixed(doc.points.length, 0)],
    [
      "trials",
      trials.size === 1
        ? `${fixed(doc.points[0]?.trials ?? 0, 0)}${doc.points.length > 1 ? " per point" : ""}`
        : `${fixed(Math.min(...trials), 0)}–${fixed(Math.max(...trials), 0)} per point`,
    ],
    ["models", ctx.models.join(", ")],
    ["seed", String(doc.seed)],
    ["confidence", ctx.level],
    [
      "mode",
      `${run.mode}, ${run.threads} thread${run.threads === 1 ? "" : "s"}${run.workers === undefined ? "" : `, ${run.workers} workers`}`,
    ],
    ["wall time", formatQuantity(run.wallSeconds, "s")],
    [
      "shards",
      `${fixed(run.shards.completed, 0)} of ${fixed(run.shards.planned, 0)} (${run.shards.retried} retried, ${run.shards.duplicatesDropped} duplicates dropped)`,
    ],
    ["started", run.startedAt],
    ["run id", run.runId],
    ["digest", doc.digest],
    ["spec hash", doc.specHash],
    // A user simulation's result names the code it came from.
    ...(doc.bundle === undefined ? [] : [["simulation bundle", doc.bundle] as [string, string]]),
  ];
  if (source !== undefined) facts.unshift(["file", source]);
  const params = doc.points[0] === undefined ? {} : flattenParams(doc.points[0].params);
  const fixedParams = Object.entries(params).filter(([k]) => !ctx.varying.includes(k));
  const derived = ctx.varying.filter((k) => !ctx.swept.includes(k));
  const paramList = [
    ...fixedParams.map(([k, v]) => `<code>${esc(k)}</code> = ${esc(showParam(v))}`),
    ...derived.map((k) => `<code>${esc(k)}</code> follows the sweep`),
  ].join(" · ");
  const wide = new Set(["digest", "spec hash", "simulation bundle", "file"]);
  const item = ([k, v]: [string, string]) =>
    `<div${wide.has(k) ? ' class="wide"' : ""}><dt>${esc(k)}</dt><dd>${wide.has(k) ? `<code>${esc(v)}</code>` : esc(v)}</dd></div>`;
  return `<section id="summary"><h2>Run</h2><dl class="facts">${facts.map(item).join("")}</dl>${paramList !== "" ? `<details><summary>Parameters${ctx.swept.length > 0 ? " (not swept)" : ""}</summary><p class="params">${paramList}</p></details>` : ""}</section>`;
}
