import type { CompareReport, ResultDocument } from "@mcx/core";
import { comparisonCells, levelText, relativeText, statisticLabel, testLabel, verdictOf } from "./compare-format.ts";
import { type Context, MAX_COMPARE_ROWS, showParam } from "./context.ts";
import { esc } from "./svg.ts";
import { sig } from "./units.ts";

/** A comparison of the reported result (a) with another (b). */
export interface ReportComparison {
  readonly report: CompareReport;
  readonly other: ResultDocument;
  /** The other result's file name, as the user gave it. */
  readonly otherName: string;
}

/** What the tests assumed: paired over aligned batches (common random numbers across the runs) or independent runs. */
function pairingNote(report: CompareReport): string {
  const aligned = report.pairs.filter((p) => (p.alignedBatches ?? 0) > 0);
  const independent =
    "Welch t tests for means, two-proportion score tests with Newcombe intervals for proportions, non-finite fractions and exceedances, z tests on the order-statistic intervals for quantiles";
  if (aligned.length === 0) return `${independent}; the runs are not aligned and are treated as independent.`;
  return `The runs are aligned (same seed, points and trials: common random numbers across the runs): means, proportions and non-finite fractions are compared by paired t tests over ${aligned[0]!.alignedBatches} aligned batch means${aligned.length < report.pairs.length ? ` at ${aligned.length} of ${report.pairs.length} points` : ""}; otherwise ${independent}.`;
}

export function compareSection(ctx: Context, options: ReportComparison): string {
  const { report, other, otherName } = options;
  const head = `<p>a = this result (<code>${esc(ctx.doc.digest.slice(0, 19))}…</code>), b = <b>${esc(otherName)}</b> (${esc(other.name)}, <code>${esc(other.digest.slice(0, 19))}…</code>).</p>`;
  if (report.identical)
    return `<section id="compare"><h2>Comparison</h2>${head}<p class="ok">Identical: the digests match, every statistic is the same bit for bit.</p></section>`;
  const tested = report.comparisons.filter((c) => c.test !== "none").length;
  const verdict =
    report.significant.length > 0
      ? `<p class="bad"><b>${report.significant.length}</b> significant difference${report.significant.length === 1 ? "" : "s"} among ${tested} tests (Benjamini–Hochberg, FDR ${esc(levelText(report.fdr))}).</p>`
      : `<p class="ok">No significant difference among ${tested} tests (Benjamini–Hochberg, FDR ${esc(levelText(report.fdr))}).</p>`;
  const sorted = [...report.comparisons].sort(
    (x, y) =>
      Number(y.significant) - Number(x.significant) ||
      (Number.isNaN(x.q) ? 2 : x.q) - (Number.isNaN(y.q) ? 2 : y.q) ||
      x.point - y.point,
  );
  // Every difference, then the closest calls, up to a page-friendly number of rows.
  const shown = sorted.slice(0, Math.max(report.significant.length, MAX_COMPARE_ROWS));
  const pv = (x: number) => (!Number.isFinite(x) ? "—" : x < 0.001 ? "< 0.001" : sig(x, 2));
  const rows = shown
    .map((c) => {
      const unit = ctx.metrics.get(c.metric)?.unit ?? "";
      const [a, b, diff] = comparisonCells(c, unit);
      const cells = [
        c.point === c.pointB ? String(c.point) : `${c.point}↔${c.pointB}`,
        c.model,
        c.metric,
        statisticLabel(c, unit),
        a,
        b,
        diff,
        relativeText(c.relDiff),
        testLabel(c),
        pv(c.p),
        pv(c.q),
        verdictOf(c).toLowerCase(),
      ];
      return `<tr${c.significant ? ' class="sig"' : ""}>${cells.map((x) => `<td>${esc(x)}</td>`).join("")}</tr>`;
    })
    .join("");
  const omitted = sorted.length - shown.length;
  const table = `<div class="table-wrap"><table class="dense"><caption>b − a per statistic with ${esc(levelText(report.confidence))} intervals (marginal); q = BH-adjusted p${omitted > 0 ? `; ${omitted} more comparisons without a difference are in \`mcx compare --all\`` : ""}</caption><thead><tr>${["point", "model", "metric", "statistic", "a", "b", "b − a [interval]", "rel.", "test", "p", "q", "verdict"].map((h) => `<th scope="col">${h}</th>`).join("")}</tr></thead><tbody>${rows}</tbody></table></div>`;
  const extra = [
    ...report.pairs
      .filter((p) => p.paramsDiffer.length > 0)
      .map(
        (p) =>
          `point ${p.a} ↔ ${p.b}: ${p.paramsDiffer.map((d) => `${d.path} ${showParam(d.a)} → ${showParam(d.b)}`).join(", ")}`,
      ),
    ...report.unmatched.map(
      (u) =>
        `unmatched ${u.what}${u.pointA === undefined ? "" : ` (a: point ${u.pointA})`}${u.pointB === undefined ? "" : ` (b: point ${u.pointB})`}${u.model === undefined ? "" : ` ${u.model}`}${u.metric === undefined ? "" : `.${u.metric}`}: ${u.reason}`,
    ),
    ...report.notes,
  ];
  return `<section id="compare"><h2>Comparison</h2>${head}${verdict}${table}${extra.length > 0 ? `<ul class="notes">${extra.map((e) => `<li>${esc(e)}</li>`).join("")}</ul>` : ""}<p class="note">${esc(pairingNote(report))}</p></section>`;
}
