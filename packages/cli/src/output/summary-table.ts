import type { MetricResult, PointResult, ResultDocument, SimulationDescription } from "@mcx/coordinator";
import { formatCount, formatDuration, formatEstimate, formatProportion, formatPValue } from "./format.ts";
import { createTable } from "./table.ts";

/** Metric columns per table; wider sims get several tables per point rather than one unreadable one. */
const METRICS_PER_TABLE = 4;

const STOPPED: Record<string, string> = {
  fixed: "",
  target_met: "target met",
  max_trials: "target NOT met at max trials",
  cancelled: "cancelled",
  incomplete: "incomplete",
};

function showParam(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

function flatten(
  params: Readonly<Record<string, unknown>>,
  prefix = "",
  out: Map<string, unknown> = new Map(),
): Map<string, unknown> {
  for (const [k, v] of Object.entries(params)) {
    const path = prefix === "" ? k : `${prefix}.${k}`;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) flatten(v as Record<string, unknown>, path, out);
    else out.set(path, v);
  }
  return out;
}

/** Dot paths of the parameters whose value differs between points (the swept ones), in first-point order. */
export function varyingParams(points: readonly PointResult[]): string[] {
  if (points.length < 2) return [];
  const flat = points.map((p) => flatten(p.params));
  return [...flat[0]!.keys()].filter((k) =>
    flat.some((f) => JSON.stringify(f.get(k)) !== JSON.stringify(flat[0]!.get(k))),
  );
}

/** One cell: `mean ± half-width` for continuous metrics, `p [lo, hi]` for proportions. */
export function formatMetric(m: MetricResult | undefined): string {
  if (m === undefined) return "—";
  if (m.kind === "proportion") return formatProportion(m.p, m.ci);
  const cell = m.n === 0 ? "no finite values" : formatEstimate(m.mean, (m.ci[1] - m.ci[0]) / 2);
  return m.nonFinite > 0 ? `${cell} (+${formatCount(m.nonFinite)} ∞)` : cell;
}

function metricHeading(name: string, unit: string): string {
  return unit === "" || unit === "count" ? name : `${name} (${unit})`;
}

function pointHeading(point: PointResult, varying: readonly string[], single: boolean): string {
  const flat = flatten(point.params);
  const params = varying.map((k) => `${k}=${showParam(flat.get(k))}`).join(" ");
  const stopped = STOPPED[point.stopped] ?? point.stopped;
  const parts = [single ? "" : `point ${point.index}`, params, `${formatCount(point.trials)} trials`, stopped].filter(
    (s) => s !== "",
  );
  return parts.join(" · ");
}

/**
 * The human summary of a result: a title line, then per point a table of models × metrics (estimate with its
 * interval, units in the heading) and, when the simulation compares models, a table of paired differences.
 */
export function renderSummary(doc: ResultDocument, sim: SimulationDescription): string {
  const lines: string[] = [];
  const level = `${Math.round(doc.confidence * 1000) / 10}%`;
  const shards = doc.run.shards;
  lines.push(
    `${doc.name} · ${doc.simulation} · seed ${doc.seed} · ${doc.status.replace(/_/g, " ")} in ${formatDuration(doc.run.wallSeconds)}` +
      ` (${doc.run.mode}, ${doc.run.threads} thread${doc.run.threads === 1 ? "" : "s"}, ${formatCount(shards.completed)} shards)`,
  );
  const varying = varyingParams(doc.points);
  const single = doc.points.length === 1;
  const present = new Set(doc.points.flatMap((p) => Object.values(p.models).flatMap((m) => Object.keys(m.metrics))));
  const metrics = sim.metrics.filter((m) => present.has(m.name));
  let anyContinuous = false;
  let anyProportion = false;
  let anyNonFinite = false;
  for (const point of doc.points) {
    lines.push("", pointHeading(point, varying, single));
    const models = Object.keys(point.models);
    for (let from = 0; from < metrics.length; from += METRICS_PER_TABLE) {
      const chunk = metrics.slice(from, from + METRICS_PER_TABLE);
      const table = createTable(["model", ...chunk.map((m) => metricHeading(m.name, m.unit))]);
      for (const model of models) {
        const row = chunk.map((m) => {
          const r = point.models[model]?.metrics[m.name];
          if (r?.kind === "continuous") {
            anyContinuous = true;
            if (r.nonFinite > 0) anyNonFinite = true;
          } else if (r?.kind === "proportion") anyProportion = true;
          return formatMetric(r);
        });
        table.push([model, ...row]);
      }
      lines.push(table.toString());
    }
    if (point.comparisons.length > 0) {
      const table = createTable(["paired difference", "a − b", "p"]);
      for (const c of point.comparisons) {
        const unit = sim.metrics.find((m) => m.name === c.metric)?.unit ?? "";
        const diff = formatEstimate(c.meanDiff, (c.ci[1] - c.ci[0]) / 2);
        table.push([
          `${c.metric}: ${c.a} − ${c.b}`,
          unit === "" || unit === "count" ? diff : `${diff} ${unit}`,
          formatPValue(c.p),
        ]);
      }
      lines.push(table.toString());
    }
  }
  const notes: string[] = [];
  if (anyContinuous) notes.push(`x ± h: mean and half-width of the ${level} Student-t interval`);
  if (anyProportion) notes.push(`p [lo, hi]: proportion and ${level} Wilson interval`);
  if (anyNonFinite) notes.push("+k ∞: trials with a non-finite value, left out of the mean");
  if (doc.points.some((p) => p.comparisons.length > 0))
    notes.push("paired differences use common random numbers; p is two-sided");
  if (notes.length > 0) lines.push("", ...notes);
  return `${lines.join("\n")}\n`;
}
