import type { PointResult, ResultDocument } from "@mcx/coordinator";

function cell(v: unknown): string {
  if (v === undefined || v === null) return "";
  const s = typeof v === "number" || typeof v === "string" ? String(v) : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function flatParams(
  params: Readonly<Record<string, unknown>>,
  prefix = "",
  out: [string, unknown][] = [],
): [string, unknown][] {
  for (const [k, v] of Object.entries(params)) {
    const path = prefix === "" ? k : `${prefix}.${k}`;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) flatParams(v as Record<string, unknown>, path, out);
    else out.push([path, v]);
  }
  return out;
}

const COLUMNS = [
  "point",
  "model",
  "metric",
  "kind",
  "trials",
  "n",
  "non_finite",
  "estimate",
  "se",
  "sd",
  "ci_low",
  "ci_high",
  "min",
  "max",
  "p50",
  "p90",
  "p99",
] as const;

/**
 * The result flattened to CSV: one row per point × model × metric (estimate = mean or proportion), then one
 * `param.<path>` column per parameter. RFC 4180 quoting; non-finite numbers as Infinity / NaN.
 */
export function toCsv(doc: ResultDocument): string {
  const paramNames = [...new Set(doc.points.flatMap((p: PointResult) => flatParams(p.params).map(([k]) => k)))];
  const rows: string[] = [[...COLUMNS, ...paramNames.map((k) => `param.${k}`)].map(cell).join(",")];
  for (const point of doc.points) {
    const params = new Map(flatParams(point.params));
    const paramCells = paramNames.map((k) => cell(params.get(k)));
    for (const [model, { metrics }] of Object.entries(point.models)) {
      for (const [metric, m] of Object.entries(metrics)) {
        const values =
          m.kind === "continuous"
            ? [
                m.n,
                m.nonFinite,
                m.mean,
                m.se,
                m.sd,
                m.ci[0],
                m.ci[1],
                m.min,
                m.max,
                m.quantiles["p50"],
                m.quantiles["p90"],
                m.quantiles["p99"],
              ]
            : [
                m.n,
                0,
                m.p,
                undefined,
                undefined,
                m.ci[0],
                m.ci[1],
                undefined,
                undefined,
                undefined,
                undefined,
                undefined,
              ];
        rows.push([point.index, model, metric, m.kind, point.trials, ...values].map(cell).concat(paramCells).join(","));
      }
    }
  }
  return `${rows.join("\n")}\n`;
}
