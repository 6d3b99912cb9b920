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

function metricCells(m: MetricResult): unknown[] {
  if (m.kind === "proportion") {
    return [
      m.kind,
      m.n,
      m.p,
      m.ci[0],
      m.ci[1],
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ];
  }
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
  ];
}

/**
 * The result flattened to CSV (RFC 4180, CRLF line ends, a header row): one row per point × model × metric, with
 * columns `point`, one column per swept parameter (a parameter whose value differs between points, named by its
 * dot path), then {@link CSV_METRIC_COLUMNS}. `estimate` is the mean of a continuous metric or the proportion p;
 * `ci_low`/`ci_high` its interval at the document's confidence. Fields that do not apply to a kind (sd, quantiles,
 * VaR of a proportion) are empty.
 *
 * @example resultToCsv(doc).split("\r\n")[0] // "point,rate,model,metric,kind,n,estimate,ci_low,ci_high,sd,nonFinite,p50,p90,p99,var95,cvar95"
 */
export function resultToCsv(doc: ResultDocument): string {
  const swept = varyingParams(doc.points);
  const fixed = new Set<string>(["point", ...CSV_METRIC_COLUMNS]);
  // A parameter named like a fixed column gets a `param.` prefix rather than a duplicate header.
  const header = ["point", ...swept.map((p) => (fixed.has(p) ? `param.${p}` : p)), ...CSV_METRIC_COLUMNS];
  const lines = [header.map(csvField).join(",")];
  for (const point of doc.points) {
    const flat = flattenParams(point.params);
    const params = swept.map((p) => flat[p]);
    for (const [model, { metrics }] of Object.entries(point.models)) {
      for (const [metric, m] of Object.entries(metrics)) {
        lines.push([point.index, ...params, model, metric, ...metricCells(m)].map(csvField).join(","));
      }
    }
  }
  return `${lines.join("\r\n")}\r\n`;
}
