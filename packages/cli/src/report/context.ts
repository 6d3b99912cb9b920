import {
  type Better,
  flattenParams,
  getSimulation,
  type PointResult,
  type ResultDocument,
  varyingParams,
} from "@mcx/core";
import { levelText } from "./compare-format.ts";
import { type SweepKind, sweptKeys } from "./swept-keys.ts";
import { scaleUnit } from "./units.ts";

export interface MetricInfo {
  readonly name: string;
  readonly kind: "continuous" | "proportion";
  readonly unit: string;
  readonly description: string;
  /** Which way is better, as the simulation declares it (undefined: not declared). */
  readonly better: Better;
}

/** Metrics users of the livepatch study look at first; others follow their simulation's declaration order. */
const PREFERRED_KEY_METRICS = [
  "tDone",
  "tLastSwitch",
  "unsafeSwitches",
  "smPauseMax",
  "completed",
  "anyUnsafe",
  "applied",
  "reversed",
];
const PREFERRED_CDF_METRICS = ["tDone", "tLastSwitch"];
/** Up to this many metrics, every metric is a key metric. */
const ALL_METRICS_KEY_LIMIT = 8;
/** Facets of one sweep plot (combinations of the other swept parameters) drawn at most. */
export const MAX_FACETS = 8;
/** Rows of the comparison table: all differences, then the closest calls up to this many. */
export const MAX_COMPARE_ROWS = 200;
/** Palette slots of VaR 95, CVaR 95, VaR 99, CVaR 99. */
export const RISK_STYLES = [5, 0, 4, 1] as const;
/** Points whose sections start open; a longer sweep starts with every point folded. */
export const OPEN_POINTS = 3;
/** Sweeps up to this many points draw each point's own charts (CDF, risk, convergence); longer ones only tables. */
export const CHARTED_POINTS = 24;
/** Sweeps up to this many points list each point in the navigation; longer ones link the answer's table. */
export const LISTED_POINTS = 12;

export interface Context {
  readonly doc: ResultDocument;
  readonly models: readonly string[];
  readonly metrics: ReadonlyMap<string, MetricInfo>;
  readonly key: readonly string[];
  readonly cdf: readonly string[];
  /** Every parameter that takes more than one value, swept or derived from a swept one. */
  readonly varying: readonly string[];
  /** The keys the sweep sweeps (that take more than one value): the axes of the sweep charts. */
  readonly swept: readonly string[];
  /** The sweep's kind; undefined for a document that does not record it (the keys were inferred). */
  readonly sweepKind: SweepKind | undefined;
  readonly level: string;
}

function metricInfo(doc: ResultDocument): { metrics: Map<string, MetricInfo>; comparisonMetrics: readonly string[] } {
  const metrics = new Map<string, MetricInfo>();
  let comparisonMetrics: readonly string[] = [];
  try {
    const sim = getSimulation(doc.simulation);
    comparisonMetrics = sim.comparisonMetrics;
    for (const m of sim.metrics)
      metrics.set(m.name, {
        name: m.name,
        kind: m.kind,
        unit: m.unit,
        description: m.description,
        better: m.better,
      });
  } catch {
    // A simulation this build does not know: metrics come from the document, without units.
  }
  for (const p of doc.points) {
    for (const { metrics: ms } of Object.values(p.models)) {
      for (const [name, m] of Object.entries(ms))
        if (!metrics.has(name)) metrics.set(name, { name, kind: m.kind, unit: "", description: "", better: undefined });
    }
  }
  // Only metrics some point reports, in declaration order.
  const present = new Set(doc.points.flatMap((p) => Object.values(p.models).flatMap((m) => Object.keys(m.metrics))));
  return { metrics: new Map([...metrics].filter(([k]) => present.has(k))), comparisonMetrics };
}

export function createContext(doc: ResultDocument): Context {
  const { metrics, comparisonMetrics } = metricInfo(doc);
  const names = [...metrics.keys()];
  const key =
    names.length <= ALL_METRICS_KEY_LIMIT
      ? names
      : names
          .filter((n) => PREFERRED_KEY_METRICS.includes(n) || comparisonMetrics.includes(n))
          .slice(0, ALL_METRICS_KEY_LIMIT);
  const keyMetrics = key.length > 0 ? key : names.slice(0, ALL_METRICS_KEY_LIMIT);
  const continuousKey = keyMetrics.filter((n) => metrics.get(n)?.kind === "continuous");
  let cdf = PREFERRED_CDF_METRICS.filter((n) => metrics.has(n));
  if (cdf.length === 0) cdf = continuousKey.filter((n) => metrics.get(n)?.unit === "s");
  if (cdf.length === 0) cdf = continuousKey;
  const models = [...new Set(doc.points.flatMap((p) => Object.keys(p.models)))];
  const varying = varyingParams(doc.points);
  const sweep = sweptKeys(doc, varying);
  return {
    doc,
    models,
    metrics,
    key: keyMetrics,
    cdf: cdf.slice(0, 4),
    varying,
    swept: sweep.keys,
    sweepKind: sweep.kind,
    level: levelText(doc.confidence),
  };
}

export function styleOf(ctx: Context, model: string): number {
  return Math.max(0, ctx.models.indexOf(model));
}

export function unitLabel(name: string, unit: string, magnitude: number): string {
  const u = scaleUnit(magnitude, unit);
  return u.unit === "" ? name : `${name} (${u.unit})`;
}

export function showParam(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

export function paramsText(p: PointResult, paths: readonly string[]): string {
  const flat = flattenParams(p.params);
  return paths.map((k) => `${k} = ${showParam(flat[k])}`).join(", ");
}
