import type { ResultDocument } from "@mcx/core";
import { beforeAll, describe, expect, it } from "vitest";
import { CSV_METRIC_COLUMNS, csvField, resultToCsv } from "../src/csv/result-csv.ts";
import { rendezvousResult } from "./report-fixtures.ts";

/** A small RFC 4180 reader (quoted fields, doubled quotes, CRLF records), enough to read back what we write. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += ch;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}

let single: ResultDocument;
let sweep: ResultDocument;
beforeAll(async () => {
  single = await rendezvousResult({ seed: 1, trials: 2000, params: { nCpu: 8 } });
  sweep = await rendezvousResult({
    seed: 2,
    trials: 2000,
    params: { nCpu: 4 },
    sweep: { grid: { rate: [500, 1000], nCpu: [2, 8] } },
  });
});

describe("resultToCsv", () => {
  it("has one header row and one row per point × model × metric, CRLF-terminated", () => {
    const text = resultToCsv(single);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(["point", ...CSV_METRIC_COLUMNS]);
    const expected = single.points.reduce(
      (n, p) => n + Object.values(p.models).reduce((k, m) => k + Object.keys(m.metrics).length, 0),
      0,
    );
    expect(rows).toHaveLength(1 + expected);
    expect(rows.every((r) => r.length === rows[0]!.length)).toBe(true);
  });

  it("puts the swept parameters (only those) after the point, by dot path", () => {
    const rows = parseCsv(resultToCsv(sweep));
    // In the parameters' own order (the simulation schema's), not the sweep's.
    expect(rows[0]!.slice(0, 4)).toEqual(["point", "nCpu", "rate", "model"]);
    expect(rows[0]).not.toContain("threshold");
    const byPoint = new Map(rows.slice(1).map((r) => [r[0], [Number(r[2]), Number(r[1])]]));
    for (const p of sweep.points) {
      const params = p.params as { rate: number; nCpu: number };
      expect(byPoint.get(String(p.index))).toEqual([params.rate, params.nCpu]);
    }
  });

  it("writes the document's numbers exactly: mean or p, interval, sd, quantiles, VaR/CVaR", () => {
    const rows = parseCsv(resultToCsv(single));
    const col = (name: string) => rows[0]!.indexOf(name);
    const pause = rows.find((r) => r[col("model")] === "plain" && r[col("metric")] === "pause")!;
    const m = single.points[0]!.models["plain"]!.metrics["pause"]!;
    if (m.kind !== "continuous") throw new Error("pause is continuous");
    expect(pause[col("kind")]).toBe("continuous");
    expect(Number(pause[col("n")])).toBe(m.n);
    expect(Number(pause[col("estimate")])).toBe(m.mean);
    expect(Number(pause[col("ci_low")])).toBe(m.ci[0]);
    expect(Number(pause[col("ci_high")])).toBe(m.ci[1]);
    expect(Number(pause[col("sd")])).toBe(m.sd);
    expect(Number(pause[col("nonFinite")])).toBe(m.nonFinite);
    expect(Number(pause[col("p50")])).toBe(m.quantiles["p50"]);
    expect(Number(pause[col("p99")])).toBe(m.quantiles["p99"]);
    expect(Number(pause[col("var95")])).toBe(m.var95);
    expect(Number(pause[col("cvar95")])).toBe(m.cvar95);

    const late = rows.find((r) => r[col("metric")] === "late")!;
    const l = single.points[0]!.models["plain"]!.metrics["late"]!;
    if (l.kind !== "proportion") throw new Error("late is a proportion");
    expect(late[col("kind")]).toBe("proportion");
    expect(Number(late[col("estimate")])).toBe(l.p);
    expect(Number(late[col("ci_low")])).toBe(l.ci[0]);
    for (const c of ["sd", "nonFinite", "p50", "p90", "p99", "var95", "cvar95"]) expect(late[col(c)]).toBe("");
  });

  it("writes every tail interval, the batch means' se and count, and the figure of merit (issue 12)", () => {
    const rows = parseCsv(resultToCsv(single));
    const col = (name: string) => rows[0]!.indexOf(name);
    const pause = rows.find((r) => r[col("model")] === "plain" && r[col("metric")] === "pause")!;
    const m = single.points[0]!.models["plain"]!.metrics["pause"]!;
    if (m.kind !== "continuous") throw new Error("pause is continuous");
    for (const q of ["p50", "p90", "p99"]) {
      expect(Number(pause[col(`${q}_ci_low`)])).toBe(m.quantileCi![q]![0]);
      expect(Number(pause[col(`${q}_ci_high`)])).toBe(m.quantileCi![q]![1]);
    }
    expect(Number(pause[col("cvar95_ci_low")])).toBe(m.cvar95Ci![0]);
    expect(Number(pause[col("var95_ci_high")])).toBe(m.var95Ci![1]);
    expect(Number(pause[col("batchCount")])).toBe(m.batchCount);
    const fom = single.fom!.metrics.find((f) => f.model === "plain" && f.metric === "pause")!.fom;
    expect(Number(pause[col("fom")])).toBe(fom);
    expect(fom).toBeGreaterThan(0);
    const late = rows.find((r) => r[col("metric")] === "late")!;
    for (const c of ["p50_ci_low", "cvar95_ci_high", "batchCount", "fom"]) expect(late[col(c)]).toBe("");
  });
});

describe("csvField (RFC 4180)", () => {
  it("quotes a field with a comma, a quote, CR or LF, doubling quotes", () => {
    expect(csvField('say "hi", then go')).toBe('"say ""hi"", then go"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\rhere")).toBe('"cr\rhere"');
    expect(csvField("plain")).toBe("plain");
    expect(parseCsv(`${csvField('a,"b"')},x\r\n`)).toEqual([['a,"b"', "x"]]);
  });

  it("writes numbers in shortest round-trip form and non-finite ones as Infinity / -Infinity / NaN", () => {
    expect(csvField(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(csvField(-0)).toBe("0");
    expect(csvField(Number.POSITIVE_INFINITY)).toBe("Infinity");
    expect(csvField(Number.NEGATIVE_INFINITY)).toBe("-Infinity");
    expect(csvField(Number.NaN)).toBe("NaN");
    expect(csvField(undefined)).toBe("");
    expect(csvField([1, 2])).toBe('"[1,2]"');
  });
});
