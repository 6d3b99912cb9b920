import { flattenParams, type MetricResult, type ResultDocument, varyingParams } from "@mcx/core";

/** The fixed columns after the swept parameters, in order. */
export const CSV_METRIC_COLUMNS = [
  "model",
  "metric",
  "kind",
  "n",
  "estimate",
  "ci_low",
  "ci_high",
  "sd",
  "nonFinite",
  "p50",
  "p90",
  "p99",
  "var95",
  "cvar95",
  "p50_ci_low",
  "p50_ci_high",
  "p90_ci_low",
  "p90_ci_high",
  "p99_ci_low",
  "p99_ci_high",
  "var95_ci_low",
  "var95_ci_high",
  "cvar95_ci_low",
  "cvar95_ci_high",
  "var99",
  "cvar99",
  "batchMeansSe",
  "batchCount",
  "fom",
] as const;

/**
 * One CSV field (RFC 4180): numbers in shortest round-trip form, non-finite ones as `Infinity` / `-Infinity` /
 * `NaN` (as in the result document; R, pandas and spreadsheets read them), `undefined` as an empty field, objects as
 * JSON; quoted when it holds a comma, a quote, CR or LF, quotes doubled.
 */
export function csvField(v: unknown): string {
  let s: string;
  if (v === undefined || v === null) s = "";
  else if (typeof v === "number") s = Object.is(v, -0) ? "0" : String(v);
  else if (typeof v === "string") s = v;
  else if (typeof v === "boolean") s = String(v);
  else s = JSON.stringify(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Fields of {@link CSV_METRIC_COLUMNS} after `ci_high` that a proportion does not have. */
const CONTINUOUS_ONLY = CSV_METRIC_COLUMNS.length - CSV_METRIC_COLUMNS.indexOf("sd");

function metricCells(m: MetricResult, fom: number | undefined): unknown[] {
  if (m.kind === "proportion") {
    return [m.kind, m.n, m.p, m.ci[0], m.ci[1], ...Array<undefined>(CONTINUOUS_ONLY).fill(undefined)];
  }
  const ci = (key: string) => m.quantileCi?.[key] ?? [undefined, undefined];
  return [
    m.kind,
    m.n,
    m.mean,
    m.ci[0],
    m.ci[1],
    m.sd,
    m.nonFinite,
    m.quantiles["p50"],
    m.quantiles["p90"],
    m.quantiles["p99"],
    m.var95,
    m.cvar95,
    ...ci("p50"),
    ...ci("p90"),
    ...ci("p99"),
    ...(m.var95Ci ?? [undefined, undefined]),
    ...(m.cvar95Ci ?? [undefined, undefined]),
    m.var99,
    m.cvar99,
    m.batchMeansSe,
    m.batchCount,
    fom,
  ];
}

/**
 * The result flattened to CSV (RFC 4180, CRLF line ends, a header row): one row per point × model × metric, with
 * columns `point`, one column per swept parameter (a parameter whose value differs between points, named by its
 * dot path), then {@link CSV_METRIC_COLUMNS}. `estimate` is the mean of a continuous metric or the proportion p;
 * `ci_low`/`ci_high` its interval at the document's confidence. Quantiles, VaR and CVaR are over all trials (∞ where
 * the tail is), each `*_ci_*` pair their interval (order statistics; asymptotic for CVaR); `fom` is the figure of
 * merit 1/(relErr² · seconds). Fields that do not apply to a kind (sd, quantiles, VaR of a proportion) are empty.
 *
 * @example resultToCsv(doc).split("\r\n")[0] // "point,rate,model,metric,kind,n,estimate,ci_low,ci_high,sd,nonFinite,p50,p90,p99,var95,cvar95,p50_ci_low,…,fom"
 */
export function resultToCsv(doc: ResultDocument): string {
  const swept = varyingParams(doc.points);
  const fixed = new Set<string>(["point", ...CSV_METRIC_COLUMNS]);
  // A parameter named like a fixed column gets a `param.` prefix rather than a duplicate header.
  const header = ["point", ...swept.map((p) => (fixed.has(p) ? `param.${p}` : p)), ...CSV_METRIC_COLUMNS];
  const lines = [header.map(csvField).join(",")];
  const fom = new Map((doc.fom?.metrics ?? []).map((f) => [`${f.point}/${f.model}/${f.metric}`, f.fom]));
  for (const point of doc.points) {
    const flat = flattenParams(point.params);
    const params = swept.map((p) => flat[p]);
    for (const [model, { metrics }] of Object.entries(point.models)) {
      for (const [metric, m] of Object.entries(metrics)) {
        const f = fom.get(`${point.index}/${model}/${metric}`);
        lines.push([point.index, ...params, model, metric, ...metricCells(m, f)].map(csvField).join(","));
      }
    }
  }
  return `${lines.join("\r\n")}\r\n`;
}
