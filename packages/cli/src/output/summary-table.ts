import type { MetricResult, PointResult, ResultDocument, SimulationDescription } from "@mcx/core";
import { formatCount, formatDuration, formatEstimate, formatProportion } from "./format.ts";
import { pairedTable } from "./paired-table.ts";
import { defaultSummaryMetrics, type SummaryOptions, type SummarySimulation } from "./summary-metrics.ts";
import { createTable } from "./table.ts";
import { tailTable } from "./tail-table.ts";

export type { SummaryOptions, SummarySimulation } from "./summary-metrics.ts";
export { DEFAULT_METRIC_COUNT, defaultSummaryMetrics, summarySimulation } from "./summary-metrics.ts";

/** Most metric columns per table; fewer when the table would be wider than the terminal. */
const METRICS_PER_TABLE = 4;

/** Width tables are fitted to: the terminal's, or 120 columns when stdout is not a terminal. */
function targetWidth(): number {
  return process.stdout.isTTY === true && process.stdout.columns > 0 ? process.stdout.columns : 120;
}

/** Points shown in the table of a sweep; the rest are in `--csv` / `--json` / `--out`. */
export const MAX_TABLE_POINTS = 50;

const STOPPED: Record<string, string> = {
  fixed: "",
  target_met: "target met",
  max_trials: "target NOT met",
  cancelled: "cancelled",
  incomplete: "incomplete",
};

function showParam(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

function flatten(
  params: Readonly<Record<string, unknown>>,
  prefix = "",
  out = new Map<string, unknown>(),
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
  if (m.n === 0) return m.nonFinite > 0 ? `∞ (all ${formatCount(m.nonFinite)})` : "—";
  const cell = formatEstimate(m.mean, (m.ci[1] - m.ci[0]) / 2);
  return m.nonFinite > 0 ? `${cell} (+${formatCount(m.nonFinite)} ∞)` : cell;
}

function withUnit(name: string, unit: string): string {
  return unit === "" || unit === "count" ? name : `${name} (${unit})`;
}

/**
 * The human summary of a result: a title line, then tables of models × metrics (estimate with its interval,
 * units in the heading) and of paired differences between models. A single point gets plain tables; a sweep gets
 * one row per point and model with the swept parameters as columns, the first {@link MAX_TABLE_POINTS} points.
 */
export function renderSummary(doc: ResultDocument, sim: SummarySimulation, options: SummaryOptions = {}): string {
  const lines: string[] = [];
  const level = `${Math.round(doc.confidence * 1000) / 10}%`;
  const { run } = doc;
  const sweep = doc.points.length > 1;
  const trials = new Set(doc.points.map((p) => p.trials));
  const trialsText =
    trials.size === 1
      ? `${formatCount(doc.points[0]?.trials ?? 0)} trials${sweep ? " per point" : ""}`
      : "trials vary by point";
  lines.push(
    `${doc.name} · ${doc.simulation} · seed ${doc.seed} · ${sweep ? `${formatCount(doc.points.length)} points · ` : ""}${trialsText}`,
    `${doc.status.replace(/_/g, " ")} in ${formatDuration(run.wallSeconds)} (${run.mode}, ${run.threads} thread${run.threads === 1 ? "" : "s"}, ` +
      `${formatCount(run.shards.completed)} shard${run.shards.completed === 1 ? "" : "s"}) · digest ${doc.digest.slice(0, 19)}…`,
    "",
  );

  const varying = varyingParams(doc.points);
  const shown = doc.points.slice(0, MAX_TABLE_POINTS);
  const adaptive = doc.points.some((p) => p.stopped !== "fixed");
  const present = new Set(doc.points.flatMap((p) => Object.values(p.models).flatMap((m) => Object.keys(m.metrics))));
  const names =
    options.metrics === "all"
      ? sim.metrics.map((m) => m.name)
      : (options.metrics ?? defaultSummaryMetrics(sim, present, options.prefer));
  const metrics = names
    .map((n) => sim.metrics.find((m) => m.name === n))
    .filter((m): m is SimulationDescription["metrics"][number] => m !== undefined && present.has(m.name));
  const shownNames = new Set(metrics.map((m) => m.name));
  const unitOf = (metric: string) => sim.metrics.find((m) => m.name === metric)?.unit ?? "";
  const pointCols = sweep ? ["point", ...varying] : [];
  const stopCols = adaptive ? ["trials", "stopped"] : [];
  const pointCells = (p: PointResult, first: boolean): string[] => {
    const flat = flatten(p.params);
    const cells = sweep ? [String(p.index), ...varying.map((k) => showParam(flat.get(k)))] : [];
    const stop = adaptive ? [formatCount(p.trials), STOPPED[p.stopped] ?? p.stopped] : [];
    const all = [...cells, ...stop];
    return first ? all : all.map(() => "");
  };

  let anyContinuous = false;
  let anyProportion = false;
  let anyNonFinite = false;
  // Exceedance thresholds (spec `thresholds`) of a continuous metric, as in the first point that reports them.
  const thresholdsOf = (metric: string): number[] => {
    for (const p of doc.points) {
      for (const m of Object.values(p.models)) {
        const r = m.metrics[metric];
        if (r?.kind === "continuous" && r.exceedance.length > 0) return r.exceedance.map((e) => e.threshold);
      }
    }
    return [];
  };
  const metricTable = (chunk: typeof metrics): string => {
    const columns = chunk.flatMap((m) => [
      { head: withUnit(m.name, m.unit), metric: m.name, threshold: -1 },
      ...thresholdsOf(m.name).map((t, k) => ({
        head: `P(${m.name} > ${String(t)})`,
        metric: m.name,
        threshold: k,
      })),
    ]);
    const table = createTable([...pointCols, ...stopCols, "model", ...columns.map((c) => c.head)]);
    for (const point of shown) {
      Object.keys(point.models).forEach((model, i) => {
        const row = columns.map((c) => {
          const r = point.models[model]?.metrics[c.metric];
          if (c.threshold >= 0) {
            const e = r?.kind === "continuous" ? r.exceedance[c.threshold] : undefined;
            if (e === undefined) return "—";
            anyProportion = true;
            return formatProportion(e.p, e.ci);
          }
          if (r?.kind === "continuous") {
            anyContinuous = true;
            if (r.nonFinite > 0) anyNonFinite = true;
          } else if (r?.kind === "proportion") anyProportion = true;
          return formatMetric(r);
        });
        table.push([...pointCells(point, i === 0), model, ...row]);
      });
    }
    return table.toString();
  };
  for (let from = 0; from < metrics.length; ) {
    // As many metrics as fit the width (at least one), at most METRICS_PER_TABLE.
    let take = Math.min(METRICS_PER_TABLE, metrics.length - from);
    let text = metricTable(metrics.slice(from, from + take));
    while (take > 1 && (text.split("\n")[0]?.length ?? 0) > targetWidth()) {
      take--;
      text = metricTable(metrics.slice(from, from + take));
    }
    lines.push(text);
    from += take;
  }

  const paired = pairedTable(
    shown,
    shownNames,
    pointCols,
    (p) => pointCells(p, true).slice(0, pointCols.length),
    unitOf,
  );
  if (paired.table !== "") lines.push(paired.table);
  const comparisonsLeftOut = paired.leftOut;
  const tails = tailTable(shown, metrics, pointCols, (p) => pointCells(p, true).slice(0, pointCols.length), level);
  if (tails !== "") lines.push(tails);
  if (doc.points.length > shown.length) {
    lines.push(`… ${formatCount(doc.points.length - shown.length)} more points: see --csv, --json or --out`);
  }
  const hidden = [...present].filter((m) => !shownNames.has(m));
  if (hidden.length > 0 || comparisonsLeftOut) {
    lines.push(
      `… ${hidden.length > 0 ? `${hidden.length} more metrics (${hidden.slice(0, 5).join(", ")}${hidden.length > 5 ? ", …" : ""})` : "more paired differences"}: ` +
        "--metrics NAME,… or --metrics all; every statistic is in --json / --out",
    );
  }

  const notes: string[] = [];
  const sequential = doc.intervals === "sequential";
  const meanInterval = sequential ? "confidence sequence (stop.method: sequential)" : "Student-t interval";
  const proportionInterval = sequential ? "confidence sequence" : "Wilson interval";
  if (anyContinuous) notes.push(`x ± h: mean and half-width of the ${level} ${meanInterval}`);
  if (anyProportion)
    notes.push(`p [lo, hi]: proportion (or exceedance probability) and ${level} ${proportionInterval}`);
  if (anyNonFinite) notes.push("+k ∞: trials with a non-finite value, left out of the mean");
  if (paired.table !== "") notes.push(paired.note);
  if (tails !== "")
    notes.push(
      `tails: over all trials (∞ where the tail reaches infinite values), x [lo, hi] with the ${level} order-statistic interval (CVaR: asymptotic)`,
    );
  if (notes.length > 0) lines.push("", ...notes);
  return `${lines.join("\n")}\n`;
}
